import {compareStrings} from '../compare.js';
import {PassThrough} from 'node:stream';
import {pipeline} from 'node:stream/promises';
import tar from 'tar-stream';
import type {BlobStore} from './blobs.js';
import type {FileChange} from './records.js';

/**
 * The container's own layer as an uncompressed tar: every file added with
 * `cp`, sorted by path, owned by root. Streamed from the blobs into the
 * store, so a large file never sits in memory.
 */
export async function buildContainerLayer(blobs: BlobStore, changes: FileChange[]): Promise<{digest: string; size: number}> {
	const pack = tar.pack();
	const stored = blobs.ingest(pack.pipe(new PassThrough()));
	const sorted = [...changes].sort((a, b) => compareStrings(a.path, b.path));
	const directories = new Set<string>();
	for (const change of sorted) {
		const name = change.path.replace(/^\/+/, '');
		const parts = name.split('/');
		for (let depth = 1; depth < parts.length; depth++) {
			const directory = parts.slice(0, depth).join('/') + '/';
			if (!directories.has(directory)) {
				directories.add(directory);
				pack.entry({name: directory, type: 'directory', mode: 0o755, mtime: new Date(change.added), uid: 0, gid: 0});
			}
		}

		const entry = pack.entry({name, size: change.size, mode: change.mode & 0o7777, mtime: new Date(change.added), uid: 0, gid: 0});
		// eslint-disable-next-line no-await-in-loop
		await pipeline(blobs.open(change.digest), entry);
	}

	pack.finalize();
	return stored;
}
