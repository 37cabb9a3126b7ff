import {rm} from 'node:fs/promises';
import path from 'node:path';
import {DockyardError} from '../errors.js';
import type {BlobStore} from './blobs.js';
import {CorruptIndexError, schemaVersion, type IndexFile} from './index-file.js';
import type {Leases} from './leases.js';
import type {IndexData} from './records.js';

/** What a reset removed. */
export type ResetReport = {images: number; containers: number; tags: number; journal: number; blobs: number; /** The copy kept of an index that could not be read. */ copy?: string};

function counts(data: IndexData): Omit<ResetReport, 'blobs'> {
	return {
		images: Object.keys(data.images).length,
		containers: Object.keys(data.containers).length,
		tags: Object.keys(data.tags).length,
		journal: data.journal.length,
	};
}

/**
 * A fresh class store, run under the store lock: refused (nothing removed)
 * when the store holds anything and the user did not confirm, or while a
 * pull or load elsewhere holds blobs it is writing. The empty index is
 * written first, then the blobs go: a crash in between leaves only unnamed
 * blobs, which prune collects; never an index that names a missing blob.
 * settings.json and registry credentials are not the class's work: kept.
 */
export async function resetStore(input: {home: string; index: IndexFile; blobs: BlobStore; leases: Leases; confirmed: boolean}): Promise<ResetReport> {
	const held = await input.leases.held();
	if (held.size > 0) {
		throw new DockyardError(`a pull or load is writing into the store ${input.home}: reset when it is over`);
	}

	let data: IndexData;
	try {
		data = input.index.read();
	} catch (error) {
		// An index that cannot be read holds an unknown class's work: only with --yes, and a copy of it is kept.
		if (!(error instanceof CorruptIndexError)) {
			throw error;
		}

		if (!input.confirmed) {
			throw new DockyardError(`${error.message.replace(/; it was left as it is.*$/, '')}: dockyard reset --yes empties the store and keeps a copy of the index`);
		}

		const copy = input.index.keepCopy();
		input.index.write(emptyIndexData());
		return {...await removeBlobs(input), images: 0, containers: 0, tags: 0, journal: 0, copy};
	}

	const found = counts(data);
	const total = found.images + found.containers + found.tags + found.journal;
	if (total > 0 && !input.confirmed) {
		throw new DockyardError(`the store ${input.home} is not empty (${found.images} image(s), ${found.containers} container(s), ${found.journal} journal entr${found.journal === 1 ? 'y' : 'ies'}): dockyard reset --yes removes them all`);
	}

	input.index.write({...data, images: {}, tags: {}, containers: {}, journal: []});
	return {...found, ...await removeBlobs(input)};
}

function emptyIndexData(): IndexData {
	return {schemaVersion, images: {}, tags: {}, containers: {}, journal: []};
}

async function removeBlobs(input: {home: string; blobs: BlobStore}): Promise<{blobs: number}> {
	const blobs = await input.blobs.list();
	for (const digest of blobs) {
		// eslint-disable-next-line no-await-in-loop
		await input.blobs.remove(digest);
	}

	await rm(path.join(input.home, 'blobs', 'flagged'), {recursive: true, force: true});
	return {blobs: blobs.length};
}
