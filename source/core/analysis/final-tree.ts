import type {ImageLayers, RawEntry} from './image-layers.js';

/** What an image's final file system holds at one path. */
export type FinalFile = {
	type: 'file' | 'directory' | 'symlink' | 'link' | 'other';
	size: number;
	linkname?: string;
	mode?: number;
	mtime?: number;
	/** The diff_id (or blob digest) of the layer that wrote it last: two images with the same one hold the same bytes there. */
	layer: string;
};

/** Path (no leading slash) → what is there. */
export type FinalTree = Map<string, FinalFile>;

/** Deletes what is under a directory (and the directory itself when `self`). */
function removeUnder(tree: FinalTree, directory: string, self: boolean): void {
	const prefix = `${directory}/`;
	for (const path of tree.keys()) {
		if ((self && path === directory) || path.startsWith(prefix)) {
			tree.delete(path);
		}
	}
}

/**
 * An image's file system after all its layers, as the OCI rules lay them:
 * a whiteout removes what lower layers had at its path (and under it), an
 * opaque marker hides everything lower layers had in its directory, and
 * what the layer itself holds stays. Each layer is streamed once; only its
 * entries' metadata is kept.
 */
export async function finalTree(source: ImageLayers, signal?: AbortSignal): Promise<FinalTree> {
	const tree: FinalTree = new Map();
	for (let index = 0; index < source.layers.length; index++) {
		const info = source.layers[index]!;
		const layer = info.diffId ?? info.digest;
		const deletions: Array<Exclude<RawEntry, {kind: 'file'}>> = [];
		const files: Array<Extract<RawEntry, {kind: 'file'}>> = [];
		// eslint-disable-next-line no-await-in-loop
		await source.eachEntry(index, entry => {
			if (entry.kind === 'file') {
				files.push(entry);
			} else {
				deletions.push(entry);
			}
		}, signal);
		// Whiteouts and opaque markers act on the layers below only: applied before this layer's own files.
		for (const deletion of deletions) {
			if (deletion.kind === 'whiteout') {
				const existing = tree.get(deletion.path);
				if (existing && existing.type !== 'directory') {
					// A file: nothing under it to look for (most whiteouts: an `rm` of files).
					tree.delete(deletion.path);
				} else {
					removeUnder(tree, deletion.path, true);
				}
			} else if (deletion.path === '') {
				tree.clear();
			} else {
				removeUnder(tree, deletion.path, false);
			}
		}

		for (const file of files) {
			if (file.type !== 'directory' && tree.get(file.path)?.type === 'directory') {
				// A file or link where a directory was replaces the directory and all it held.
				removeUnder(tree, file.path, false);
			}

			tree.set(file.path, {type: file.type, size: file.size, linkname: file.linkname, mode: file.mode, mtime: file.mtime, layer});
		}
	}

	return tree;
}
