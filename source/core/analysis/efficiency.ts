import type {ImageLayers, RawEntry} from './image-layers.js';
import {historyCommands} from './layer-commands.js';

/** One path written more than once across the layers (or written, then deleted): dive's "inefficient file". */
export type InefficientFile = {
	/** `/etc/app.conf`: with a leading slash, as dive prints it. */
	path: string;
	/** How many layers touch it (write or delete). */
	count: number;
	/** The bytes all of them hold together. */
	size: number;
};

export type AnalyzedLayer = {
	index: number;
	digest: string;
	diffId?: string;
	/** The tar's entries' sizes added up, as dive sizes a layer. */
	size: number;
	/** The history line that made it, without `/bin/sh -c `; `(missing)` when the config has none. */
	command: string;
};

/**
 * dive's figures for one image. Efficiency is the smallest size each path
 * was ever seen at, over every size it was seen at; the wasted bytes are the
 * total size of every path touched more than once; the user-wasted percent
 * relates those to the bytes above the first (base) layer.
 */
export type ImageAnalysis = {
	id: string;
	layers: AnalyzedLayer[];
	sizeBytes: number;
	userSizeBytes: number;
	wastedBytes: number;
	/** A ratio (0.25 = 25 %): NaN or Infinity when only the base layer has bytes, as dive's division gives. */
	wastedUserPercent: number;
	efficiency: number;
	/** Biggest first; ties by path. */
	inefficientFiles: InefficientFile[];
};

/** A directory tree of what the layers so far leave, with each node's size: what a whiteout deletes is looked up here. */
type StackNode = {size: number; directory: boolean; children: Map<string, StackNode>};

function newNode(): StackNode {
	return {size: 0, directory: false, children: new Map()};
}

function nodeAt(root: StackNode, path: string): StackNode | undefined {
	let node: StackNode | undefined = root;
	for (const part of path.split('/')) {
		node = node.children.get(part);
		if (!node) {
			return undefined;
		}
	}

	return node;
}

function subtreeSize(node: StackNode): number {
	let total = node.size;
	for (const child of node.children.values()) {
		total += subtreeSize(child);
	}

	return total;
}

/** One layer as dive's per-layer tree holds it: nodes by their name in the tar (a whiteout keeps its `.wh.` name). */
type LayerNode = {path: string; whiteout: boolean; size: number; directory: boolean; explicit: boolean};

function parentOf(path: string): string {
	const slash = path.lastIndexOf('/');
	return slash === -1 ? '' : path.slice(0, slash);
}

function baseOf(path: string): string {
	return path.slice(path.lastIndexOf('/') + 1);
}

/** Reads one layer's entries into dive's view of it: every node, the ones with children, and the layer's size. */
async function readLayer(source: ImageLayers, index: number, signal?: AbortSignal): Promise<{nodes: Map<string, LayerNode>; parents: Set<string>; size: number}> {
	const nodes = new Map<string, LayerNode>();
	const parents = new Set<string>();
	let size = 0;
	const holdAncestors = (path: string) => {
		for (let parent = parentOf(path); parent !== '' && !parents.has(parent); parent = parentOf(parent)) {
			parents.add(parent);
			if (!nodes.has(parent)) {
				nodes.set(parent, {path: parent, whiteout: false, size: 0, directory: false, explicit: false});
			}
		}
	};

	await source.eachEntry(index, (entry: RawEntry) => {
		if (entry.kind === 'file') {
			size += entry.size;
			// The same path twice in one tar: the later entry is the one that counts.
			nodes.set(entry.path, {path: entry.path, whiteout: false, size: entry.size, directory: entry.type === 'directory', explicit: true});
			holdAncestors(entry.path);
		} else if (entry.kind === 'whiteout') {
			const key = [parentOf(entry.path), `.wh.${baseOf(entry.path)}`].filter(Boolean).join('/');
			nodes.set(key, {path: entry.path, whiteout: true, size: 0, directory: false, explicit: true});
			holdAncestors(key);
		} else if (entry.path !== '') {
			// dive skips the opaque marker itself, but the directory it sits in is a node of the layer.
			if (!nodes.has(entry.path)) {
				nodes.set(entry.path, {path: entry.path, whiteout: false, size: 0, directory: false, explicit: false});
			}

			holdAncestors(entry.path);
		}
	}, signal);
	return {nodes, parents, size};
}

/** Lays one layer onto the stack as dive stacks its trees: whiteouts remove, everything else (re)writes its node. */
function stack(root: StackNode, nodes: Map<string, LayerNode>): void {
	// Deepest first, as dive grafts children before their directory.
	const depth = (key: string) => {
		let count = 0;
		for (let at = key.indexOf('/'); at !== -1; at = key.indexOf('/', at + 1)) {
			count++;
		}

		return count;
	};

	const ordered = [...nodes.entries()].map(([key, node]) => ({key, node, depth: depth(key)}))
		.sort((a, b) => b.depth - a.depth || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
	for (const {node} of ordered) {
		const parts = node.path.split('/');
		if (node.whiteout) {
			const parent = nodeAt(root, parts.slice(0, -1).join('/')) ?? (parts.length === 1 ? root : undefined);
			parent?.children.delete(parts.at(-1)!);
			continue;
		}

		let current = root;
		for (const part of parts) {
			let next = current.children.get(part);
			if (!next) {
				next = newNode();
				current.children.set(part, next);
			}

			current = next;
		}

		current.size = node.size;
		current.directory = node.directory;
	}
}

/**
 * dive's analysis, one layer at a time: each layer's tar is streamed once
 * and only its entries' names and sizes are kept (the per-path tallies and
 * the stacked tree a whiteout is sized against), never a file's bytes.
 */
export async function analyzeImage(source: ImageLayers, options: {signal?: AbortSignal; onLayer?: (index: number, count: number) => void} = {}): Promise<ImageAnalysis> {
	const tallies = new Map<string, {count: number; size: number; smallest: number}>();
	const root = newNode();
	const commands = historyCommands(source.config, source.layers.length);
	const layers: AnalyzedLayer[] = [];
	for (let index = 0; index < source.layers.length; index++) {
		options.onLayer?.(index, source.layers.length);
		// eslint-disable-next-line no-await-in-loop
		const {nodes, parents, size} = await readLayer(source, index, options.signal);
		layers.push({index, digest: source.layers[index]!.digest, diffId: source.layers[index]!.diffId, size, command: commands[index]!});
		for (const [key, node] of nodes) {
			// dive counts leaves only: a directory that holds something in this layer is not itself counted.
			if (parents.has(key)) {
				continue;
			}

			let bytes = node.size;
			if (node.whiteout) {
				// A deleted directory weighs what it held; a deleted file weighs nothing (its bytes are counted where it was written).
				const deleted = nodeAt(root, node.path);
				bytes = deleted?.directory ? subtreeSize(deleted) : 0;
			}

			const path = `/${node.path}`;
			const tally = tallies.get(path);
			if (tally) {
				tally.count++;
				tally.size += bytes;
				tally.smallest = Math.min(tally.smallest, bytes);
			} else {
				tallies.set(path, {count: 1, size: bytes, smallest: bytes});
			}
		}

		stack(root, nodes);
	}

	let smallest = 0;
	let seen = 0;
	const inefficientFiles: InefficientFile[] = [];
	for (const [path, tally] of tallies) {
		smallest += tally.smallest;
		seen += tally.size;
		if (tally.count > 1) {
			inefficientFiles.push({path, count: tally.count, size: tally.size});
		}
	}

	inefficientFiles.sort((a, b) => b.size - a.size || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
	const sizeBytes = layers.reduce((total, layer) => total + layer.size, 0);
	const userSizeBytes = sizeBytes - (layers[0]?.size ?? 0);
	const wastedBytes = inefficientFiles.reduce((total, file) => total + file.size, 0);
	return {
		id: source.id,
		layers,
		sizeBytes,
		userSizeBytes,
		wastedBytes,
		wastedUserPercent: wastedBytes / userSizeBytes,
		efficiency: seen === 0 ? 1 : smallest / seen,
		inefficientFiles,
	};
}
