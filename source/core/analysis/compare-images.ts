import type {ImageLayers} from './image-layers.js';
import {finalTree, type FinalFile} from './final-tree.js';

/** The config fields compared, as docker inspect names them under Config. */
export const comparedFields = ['Env', 'Cmd', 'Entrypoint', 'Labels', 'WorkingDir', 'ExposedPorts', 'User'] as const;
export type ComparedField = typeof comparedFields[number];

export type ConfigDifference = {field: ComparedField; a: unknown; b: unknown};

export type FileDifference = {
	/** With a leading slash. */
	path: string;
	type: FinalFile['type'];
	/** Bytes in A (removed, changed) and in B (added, changed). */
	sizeA?: number;
	sizeB?: number;
};

export type ImageComparison = {
	a: string;
	b: string;
	/** diff_ids both images hold, in A's order. */
	sharedLayers: string[];
	config: ConfigDifference[];
	added: FileDifference[];
	removed: FileDifference[];
	changed: FileDifference[];
};

function same(a: unknown, b: unknown): boolean {
	return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/** Objects with their keys sorted, so Labels in another order are the same Labels. */
function canonical(value: unknown): unknown {
	if (Array.isArray(value)) {
		return value.map(item => canonical(item));
	}

	if (value && typeof value === 'object') {
		return Object.fromEntries(Object.entries(value).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([key, item]) => [key, canonical(item)]));
	}

	return value ?? null;
}

function differs(a: FinalFile, b: FinalFile): boolean {
	if (a.layer === b.layer) {
		return false;
	}

	if (a.type === 'directory' && b.type === 'directory') {
		// A directory's time changes with whatever was written in it: its files tell those changes.
		return a.mode !== b.mode;
	}

	return a.type !== b.type || a.size !== b.size || a.linkname !== b.linkname || a.mode !== b.mode || a.mtime !== b.mtime;
}

/**
 * Two images side by side: the layers they share (by diff_id), the config
 * fields that differ, and the files their final file systems add, remove
 * and change going from A to B. A path both images got from the same layer
 * is the same; otherwise type, size, link target, mode or time tell a change.
 */
export async function compareImages(a: ImageLayers, b: ImageLayers, signal?: AbortSignal): Promise<ImageComparison> {
	const idsB = new Set(b.layers.map(layer => layer.diffId ?? layer.digest));
	const sharedLayers = [...new Set(a.layers.map(layer => layer.diffId ?? layer.digest))].filter(id => idsB.has(id));
	const configA = (a.config.config ?? {}) as Record<string, unknown>;
	const configB = (b.config.config ?? {}) as Record<string, unknown>;
	const config = comparedFields
		.filter(field => !same(configA[field], configB[field]))
		.map(field => ({field, a: configA[field] ?? null, b: configB[field] ?? null}));
	const treeA = await finalTree(a, signal);
	const treeB = await finalTree(b, signal);
	const added: FileDifference[] = [];
	const removed: FileDifference[] = [];
	const changed: FileDifference[] = [];
	for (const [path, fileA] of treeA) {
		const fileB = treeB.get(path);
		if (!fileB) {
			removed.push({path: `/${path}`, type: fileA.type, sizeA: fileA.size});
		} else if (differs(fileA, fileB)) {
			changed.push({path: `/${path}`, type: fileB.type, sizeA: fileA.size, sizeB: fileB.size});
		}
	}

	for (const [path, fileB] of treeB) {
		if (!treeA.has(path)) {
			added.push({path: `/${path}`, type: fileB.type, sizeB: fileB.size});
		}
	}

	const byPath = (x: FileDifference, y: FileDifference) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0);
	return {a: a.id, b: b.id, sharedLayers, config, added: added.sort(byPath), removed: removed.sort(byPath), changed: changed.sort(byPath)};
}
