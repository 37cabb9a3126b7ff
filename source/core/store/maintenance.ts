import {createHash} from 'node:crypto';
import {createReadStream} from 'node:fs';
import {lstat, readFile, rm, stat} from 'node:fs/promises';
import path from 'node:path';
import {fsProblem} from '../fs-errors.js';
import {isAlive} from './alive.js';
import {tempArchiveOwner} from './archive.js';
import type {BlobStore} from './blobs.js';
import type {IndexData} from './records.js';
import {heldSiblings} from './index-platforms.js';
import {StoreView} from './view.js';

export type FsckReport = {
	/** Blobs read and hashed. */
	checked: number;
	/** Each a sentence: a missing or corrupt blob, a tag or container naming nothing. */
	problems: string[];
	/** Blobs on disk that nothing names (prune collects them). */
	orphans: string[];
	/** Temp files left by an interrupted write. */
	strayTempFiles: string[];
};

export type PruneReport = {
	deletedImages: string[];
	deletedBlobs: string[];
	reclaimed: number;
};

/** Every blob the index names, with who names it (for fsck's messages). */
export function referencedBlobs(data: IndexData): Map<string, string> {
	const named = new Map<string, string>();
	for (const image of Object.values(data.images)) {
		named.set(image.id, `config of image ${image.id.slice(7, 19)}`);
		for (const layer of image.layers) {
			named.set(layer.digest, `layer of image ${image.id.slice(7, 19)}`);
		}
	}

	for (const container of Object.values(data.containers)) {
		for (const change of container.changes) {
			named.set(change.digest, `file ${change.path} of container ${container.id.slice(0, 12)}`);
		}
	}

	return named;
}

/** Why a present blob cannot be trusted, or nothing: a symlink or a directory is never followed, only named. */
async function blobProblem(blobs: BlobStore, digest: string): Promise<string | undefined> {
	const info = await lstat(blobs.path(digest)).catch(() => undefined);
	if (!info) {
		return 'it vanished while being checked';
	}

	if (!info.isFile()) {
		return info.isSymbolicLink() ? 'it is a symbolic link, not a regular file' : 'it is not a regular file';
	}

	const hash = createHash('sha256');
	try {
		for await (const chunk of createReadStream(blobs.path(digest))) {
			hash.update(chunk as Buffer);
		}
	} catch (error) {
		return `it cannot be read (${fsProblem(error)})`;
	}

	const actual = 'sha256:' + hash.digest('hex');
	return actual === digest ? undefined : `its content hashes to ${actual}`;
}

/** Checks that every referenced blob is there and hashes to its name, and that every name points somewhere. */
export async function checkStore(blobs: BlobStore, data: IndexData, leased: Set<string>): Promise<FsckReport> {
	const problems: string[] = [];
	const named = referencedBlobs(data);
	let checked = 0;
	for (const [digest, owner] of named) {
		if (!blobs.has(digest)) {
			problems.push(`missing blob ${digest} (${owner})`);
			continue;
		}

		// eslint-disable-next-line no-await-in-loop
		const problem = await blobProblem(blobs, digest);
		checked++;
		if (problem) {
			problems.push(`corrupt blob ${digest} (${owner}): ${problem}`);
			// The next pull of its image fetches it again instead of calling it up to date.
			blobs.flag(digest);
		}
	}

	for (const [tag, id] of Object.entries(data.tags)) {
		if (!data.images[id]) {
			problems.push(`tag ${tag} names a missing image ${id}`);
		}
	}

	for (const image of Object.values(data.images)) {
		if (image.parent && !data.images[image.parent]) {
			problems.push(`image ${image.id.slice(7, 19)} names a missing parent ${image.parent}`);
		}
	}

	for (const container of Object.values(data.containers)) {
		if (!data.images[container.image]) {
			problems.push(`container ${container.id.slice(0, 12)} names a missing image ${container.image}`);
		}
	}

	const orphans = (await blobs.list()).filter(digest => !named.has(digest) && !leased.has(digest));
	return {checked, problems, orphans, strayTempFiles: await blobs.strayTempFiles()};
}

/** The temp archive a killed save's note names, if it is one of that save's: returns the bytes freed. */
async function removeTempArchive(note: string, pid: number): Promise<number> {
	const archive = await readFile(note, 'utf8').catch(() => '');
	if (!archive || tempArchiveOwner(archive) !== pid) {
		return 0;
	}

	const {size} = await stat(archive).catch(() => ({size: 0}));
	await rm(archive, {force: true}).catch(() => {});
	return size;
}

/**
 * docker image prune: dangling images go, then every blob nothing names
 * (unless a pull in progress holds it), then temp files of dead writers.
 */
export async function pruneStore(blobs: BlobStore, data: IndexData, leased: Set<string>, _options: {all?: boolean}): Promise<PruneReport> {
	const view = new StoreView(data);
	const deletedImages: string[] = [];
	for (const image of view.dangling()) {
		// A platform held beside a tagged one of the same index is named through it (images --tree), not dangling.
		if (image.containers.length === 0 && !heldSiblings(view.images, image).some(sibling => sibling.tags.length > 0)) {
			delete data.images[image.id];
			deletedImages.push(image.id);
		}
	}

	const named = referencedBlobs(data);
	const deletedBlobs: string[] = [];
	let reclaimed = 0;
	for (const digest of await blobs.list()) {
		if (named.has(digest) || leased.has(digest)) {
			continue;
		}

		// eslint-disable-next-line no-await-in-loop
		reclaimed += await blobs.size(digest);
		// eslint-disable-next-line no-await-in-loop
		await blobs.remove(digest);
		deletedBlobs.push(digest);
	}

	for (const file of await blobs.strayTempFiles()) {
		const pid = Number(path.basename(file).split('-')[0]);
		if (!isAlive(pid)) {
			if (file.endsWith('.save')) {
				// eslint-disable-next-line no-await-in-loop
				reclaimed += await removeTempArchive(file, pid);
			}

			// eslint-disable-next-line no-await-in-loop
			reclaimed += (await stat(file).catch(() => ({size: 0}))).size;
			// eslint-disable-next-line no-await-in-loop
			await rm(file, {force: true});
		}
	}

	return {deletedImages, deletedBlobs, reclaimed};
}
