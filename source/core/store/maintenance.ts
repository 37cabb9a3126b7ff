import {createHash} from 'node:crypto';
import {createReadStream} from 'node:fs';
import {lstat, readFile, rm, stat} from 'node:fs/promises';
import path from 'node:path';
import {fsProblem} from '../fs-errors.js';
import {labelsMatch} from '../image-filters.js';
import {isAlive} from './alive.js';
import {tempArchiveOwner} from './archive.js';
import type {BlobStore} from './blobs.js';
import type {IndexRepair} from './index-file.js';
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
	/** fsck --repair: where the bad index was kept, and what was wrong with it (no copy: nothing needed repair). */
	repair?: IndexRepair;
};

export type PruneOptions = {
	/** docker image prune -a: every image no container uses, not only the dangling ones. */
	all?: boolean;
	/** `until`: only images created before this time (ms since the epoch). */
	until?: number;
	/** `label=KEY[=VALUE]` each must match; `label!=…` none may. */
	labels?: string[];
	notLabels?: string[];
	/** Say what would go, and the space it would free; change nothing. */
	dryRun?: boolean;
};

export type PruneReport = {
	/** The images that went (or would go), each with the tags it had. */
	images: Array<{id: string; tags: string[]}>;
	deletedImages: string[];
	deletedBlobs: string[];
	reclaimed: number;
};

/**
 * The bytes removing these images would free: the blobs they name that no
 * image left behind names (a base layer another image shares is not freed),
 * counted as prune counts them. Changes nothing.
 */
export async function freedIfRemoved(blobs: BlobStore, data: IndexData, ids: string[]): Promise<number> {
	const after = structuredClone(data);
	for (const id of ids) {
		delete after.images[id];
	}

	const before = referencedBlobs(data);
	const still = referencedBlobs(after);
	let freed = 0;
	for (const digest of before.keys()) {
		if (!still.has(digest)) {
			// eslint-disable-next-line no-await-in-loop
			freed += await blobs.size(digest).catch(() => 0);
		}
	}

	return freed;
}

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

/** Whether an image's labels pass docker's `label` / `label!` filters. */
function labelsPass(labels: Record<string, string> | undefined, options: PruneOptions): boolean {
	return labelsMatch(options.labels ?? [], labels) && !(options.notLabels ?? []).some(filter => labelsMatch([filter], labels));
}

/**
 * Takes the images a prune removes out of `data`: dangling images, and the
 * untagged parents they leave childless (with `all`, every image no
 * container uses, as `docker image prune -a`: leaves first, so a parent goes
 * once its children have, and never while a container of a child needs it),
 * those the filters keep excepted.
 */
function takeImages(data: IndexData, options: PruneOptions): Array<{id: string; tags: string[]}> {
	const taken: Array<{id: string; tags: string[]}> = [];
	const spared = new Set<string>();
	for (let view = new StoreView(data); ; view = new StoreView(data)) {
		// A platform held beside a tagged one of the same index is named through it (images --tree), not dangling.
		const unused = (options.all ? view.images : view.dangling().filter(image => !heldSiblings(view.images, image).some(sibling => sibling.tags.length > 0)))
			.filter(image => image.containers.length === 0 && image.children.length === 0 && !spared.has(image.id));
		const chosen = unused.filter(image => (options.until === undefined || Date.parse(image.created) < options.until) && labelsPass(image.labels, options));
		for (const image of unused) {
			if (!chosen.includes(image)) {
				spared.add(image.id);
			}
		}

		if (chosen.length === 0) {
			return taken;
		}

		for (const image of chosen) {
			for (const [reference, id] of Object.entries(data.tags)) {
				if (id === image.id) {
					delete data.tags[reference];
				}
			}

			delete data.images[image.id];
			taken.push({id: image.id, tags: [...image.tags]});
		}
		// A parent with no tag whose last child just went is dangling now: the next round takes it, as dockerd's delete prunes untagged parents.
	}
}

/**
 * docker image prune: the images takeImages chooses go, then every blob
 * nothing names any more (unless a pull in progress holds it; a blob an
 * image that stays still names is not freed), then temp files of dead
 * writers. A dry run works on a copy and deletes nothing.
 */
export async function pruneStore(blobs: BlobStore, data: IndexData, leased: Set<string>, options: PruneOptions): Promise<PruneReport> {
	const working = options.dryRun ? structuredClone(data) : data;
	const images = takeImages(working, options);
	const named = referencedBlobs(working);
	const deletedBlobs: string[] = [];
	let reclaimed = 0;
	for (const digest of await blobs.list()) {
		if (named.has(digest) || leased.has(digest)) {
			continue;
		}

		// eslint-disable-next-line no-await-in-loop
		reclaimed += await blobs.size(digest);
		if (!options.dryRun) {
			// eslint-disable-next-line no-await-in-loop
			await blobs.remove(digest);
		}

		deletedBlobs.push(digest);
	}

	if (options.dryRun) {
		return {images, deletedImages: images.map(image => image.id), deletedBlobs, reclaimed};
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

	return {images, deletedImages: images.map(image => image.id), deletedBlobs, reclaimed};
}
