import tar from 'tar-stream';
import {shortId} from '../digest.js';
import {DockyardError} from '../errors.js';
import type {ImageConfig} from '../oci.js';
import {decompressedLayer} from './layer-codec.js';
import type {BlobStore} from './blobs.js';
import type {LayerRecord} from './records.js';

/**
 * What a layer does to the file system under it, as dive shows it: a path
 * new to the image, one a lower layer had (changed), one a whiteout deletes
 * (`.wh.NAME`), or a directory made opaque (`.wh..wh..opq`: nothing of the
 * lower layers shows through it).
 */
export type LayerFileChange = 'added' | 'changed' | 'deleted' | 'opaque';

export type LayerFileType = 'file' | 'directory' | 'symlink' | 'link' | 'other';

/** Only what the listing shows: a big layer's files are never held, only their names up to the limit. */
export type LayerFile = {
	/** Inside the image, without a leading slash: `Windows/System32/cmd.exe`. */
	path: string;
	type: LayerFileType;
	/** Bytes of a regular file; 0 for anything else. */
	size: number;
	change: LayerFileChange;
	/** Where a symlink or hard link points. */
	linkname?: string;
};

export type LayerFiles = {
	/** The layer this history step made; none when the step changed only the config (ENV, CMD…). */
	layer?: {index: number; digest: string};
	/** In the layer's own order, at most the limit asked for. */
	entries: LayerFile[];
	/** Entries past the limit: counted, not kept. */
	more: number;
	/** Entries before the offset asked for (an earlier page): skipped, not kept. */
	skipped?: number;
};

export type LayerFilesOptions = {
	/** Entries kept at most (default 1000). */
	limit?: number;
	/** Entries skipped first, in the layer's order (a page further on). */
	offset?: number;
	/** Stops reading (the TUI's cursor moved on). */
	signal?: AbortSignal;
};

const opaqueMarker = '.wh..wh..opq';
const whiteoutPrefix = '.wh.';

/** A tar entry's name as a path inside the image: no `./`, no leading or trailing slash. */
export function layerPath(name: string): string {
	return name.split('/').filter(part => part !== '' && part !== '.').join('/');
}

function parentOf(path: string): string {
	const slash = path.lastIndexOf('/');
	return slash === -1 ? '' : path.slice(0, slash);
}

function baseName(path: string): string {
	return path.slice(path.lastIndexOf('/') + 1);
}

/** `a/b/c` → `a/b`, `a`: the directories a path sits in. */
function ancestors(path: string): string[] {
	const found: string[] = [];
	for (let parent = parentOf(path); parent !== ''; parent = parentOf(parent)) {
		found.push(parent);
	}

	return found;
}

function fileType(type: string | null | undefined): LayerFileType {
	switch (type) {
		case 'file':
		case 'contiguous-file': {
			return 'file';
		}

		case 'directory':
		case 'symlink':
		case 'link': {
			return type;
		}

		default: {
			return 'other';
		}
	}
}

/** One entry of a layer: a file, or a whiteout that deletes one, or an opaque marker on a directory. */
export type RawEntry =
	| {kind: 'file'; path: string; type: LayerFileType; size: number; linkname?: string; mode?: number; mtime?: number}
	| {kind: 'whiteout'; path: string}
	| {kind: 'opaque'; path: string};

export function rawEntry(header: tar.Header): RawEntry | undefined {
	const path = layerPath(header.name);
	const name = baseName(path);
	if (name === opaqueMarker) {
		return {kind: 'opaque', path: parentOf(path)};
	}

	if (name.startsWith(whiteoutPrefix)) {
		// Other `.wh..wh.` names are the storage driver's bookkeeping (aufs hard-link dirs), not a change.
		return name.startsWith(`${whiteoutPrefix}${whiteoutPrefix}`) ? undefined : {kind: 'whiteout', path: [parentOf(path), name.slice(whiteoutPrefix.length)].filter(Boolean).join('/')};
	}

	if (path === '') {
		return undefined;
	}

	const type = fileType(header.type);
	return {kind: 'file', path, type, size: type === 'file' ? header.size ?? 0 : 0, linkname: header.linkname ?? undefined, mode: header.mode, mtime: header.mtime?.getTime()};
}

/**
 * Every entry of one stored layer, streamed: the blob is checked against its
 * digest as it is read (a corrupt layer fails at its end, naming it), decompressed
 * when it is gzip or zstd, and no file's bytes are kept.
 */
export async function eachEntry(blobs: BlobStore, layer: LayerRecord, what: string, signal: AbortSignal | undefined, visit: (entry: RawEntry) => void): Promise<void> {
	signal?.throwIfAborted();
	const {stream} = await blobs.openVerified(layer.digest, what);
	const extract = tar.extract();
	const input = await decompressedLayer(stream);
	input.once('error', error => extract.destroy(error));
	const stop = () => {
		extract.destroy(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
	};

	signal?.addEventListener('abort', stop, {once: true});
	input.pipe(extract);
	try {
		for await (const entry of extract) {
			const raw = rawEntry(entry.header);
			if (raw) {
				visit(raw);
			}

			entry.resume();
		}
	} catch (error) {
		signal?.throwIfAborted();
		if (error instanceof DockyardError) {
			throw error;
		}

		throw new DockyardError(`${what} is not a readable tar layer (${(error as Error).message})`);
	} finally {
		signal?.removeEventListener('abort', stop);
		input.destroy();
	}
}

/**
 * The files one layer adds, changes and deletes. Added or changed is told by
 * the layers under it, read top down until each listed path is decided: the
 * nearest lower layer that has the path (changed), or deletes it or a
 * directory above it (added: it was not there any more). Only the listed
 * paths are looked for, so memory stays at the limit, however big the layers.
 */
export async function listLayerFiles(blobs: BlobStore, layers: LayerRecord[], index: number, options: LayerFilesOptions = {}): Promise<LayerFiles> {
	const limit = Math.max(0, options.limit ?? 1000);
	const layer = layers[index];
	if (!layer) {
		throw new DockyardError(`no layer ${index + 1}: the image has ${layers.length}`);
	}

	const entries: LayerFile[] = [];
	const offset = Math.max(0, options.offset ?? 0);
	let skipped = 0;
	let more = 0;
	await eachEntry(blobs, layer, `the layer ${shortId(layer.digest)}`, options.signal, raw => {
		if (skipped < offset) {
			skipped++;
			return;
		}

		if (entries.length >= limit) {
			more++;
			return;
		}

		// What a whiteout deletes may be a file or a directory: the listing does not know which ('other').
		entries.push(raw.kind === 'file'
			? {path: raw.path, type: raw.type, size: raw.size, change: 'added', linkname: raw.linkname}
			: {path: raw.path, type: raw.kind === 'opaque' ? 'directory' : 'other', size: 0, change: raw.kind === 'opaque' ? 'opaque' : 'deleted'});
	});

	// Paths still undecided, and the directories they sit in (a whiteout or an opaque marker on one of those decides them).
	const pending = new Map<string, LayerFile>(entries.filter(entry => entry.change === 'added').map(entry => [entry.path, entry]));
	for (let lower = index - 1; lower >= 0 && pending.size > 0; lower--) {
		const holders = new Set<string>();
		for (const path of pending.keys()) {
			for (const directory of ancestors(path)) {
				holders.add(directory);
			}
		}

		const present = new Set<string>();
		const deleted = new Set<string>();
		const opaque = new Set<string>();
		// eslint-disable-next-line no-await-in-loop
		await eachEntry(blobs, layers[lower]!, `the layer ${shortId(layers[lower]!.digest)}`, options.signal, raw => {
			if (raw.kind === 'file' && pending.has(raw.path)) {
				present.add(raw.path);
			} else if (raw.kind === 'whiteout' && (pending.has(raw.path) || holders.has(raw.path))) {
				deleted.add(raw.path);
			} else if (raw.kind === 'opaque' && holders.has(raw.path)) {
				opaque.add(raw.path);
			}
		});
		for (const [path, entry] of pending) {
			if (present.has(path)) {
				entry.change = 'changed';
				pending.delete(path);
			} else if (deleted.has(path) || ancestors(path).some(directory => deleted.has(directory) || opaque.has(directory))) {
				// Gone from this layer up: new again in the one listed.
				pending.delete(path);
			}
		}
	}

	return {layer: {index, digest: layer.digest}, entries, more, ...(offset > 0 ? {skipped} : {})};
}

/**
 * Which layer a history step made (steps oldest first, as in the config):
 * steps marked `empty_layer` made none. A config with no history has one
 * step per layer.
 */
export function layerOfStep(config: ImageConfig, layerCount: number, step: number): number | undefined {
	const steps = config.history ?? [];
	if (steps.length === 0) {
		return step < layerCount ? step : undefined;
	}

	if (step < 0 || step >= steps.length || steps[step]!.empty_layer) {
		return undefined;
	}

	const index = steps.slice(0, step).filter(entry => !entry.empty_layer).length;
	return index < layerCount ? index : undefined;
}

/** The files of the layer a history step of an image made; none for a step that made no layer. */
export async function stepLayerFiles(blobs: BlobStore, layers: LayerRecord[], config: ImageConfig, step: number, options: LayerFilesOptions = {}): Promise<LayerFiles> {
	const index = layerOfStep(config, layers.length, step);
	return index === undefined ? {entries: [], more: 0} : listLayerFiles(blobs, layers, index, options);
}
