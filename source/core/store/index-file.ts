import {copyFileSync, mkdirSync, statSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {StoreError, storeRecoveryHint} from '../errors.js';
import {fsProblem, isErrno} from '../fs-errors.js';
import {isJsonObject, readJsonFile, writeJsonFile} from '../json-file.js';
import type {IndexData} from './records.js';
import {recordProblems, wellFormed} from './validate.js';


/** An index that is not JSON or not an index's shape: fsck --repair and reset --yes can still act on it. */
export class CorruptIndexError extends StoreError {
	constructor(message: string) {
		super(message);
		this.name = 'CorruptIndexError';
	}
}

/** What fsck --repair did: where the bad file was kept, and what was wrong with it. */
export type IndexRepair = {copy?: string; problems: string[]};

export const schemaVersion = 1;

const emptyIndex = (): IndexData => ({
	schemaVersion,
	images: {},
	tags: {},
	containers: {},
	journal: [],
});

/** The shallow schema, checked by hand on every read and write, so that reading ten thousand images stays fast. */
const fields = {
	schemaVersion: 'number',
	images: 'object',
	tags: 'object',
	containers: 'object',
	journal: 'array',
} as const;

function shapeProblem(data: unknown): string | undefined {
	if (!isJsonObject(data)) {
		return 'schema violation: the index must be an object';
	}

	for (const [field, type] of Object.entries(fields)) {
		const value = data[field];
		const fits = value === undefined || (type === 'number' ? typeof value === 'number' : type === 'array' ? Array.isArray(value) : isJsonObject(value));
		if (!fits) {
			return `schema violation: \`${field}\` must be ${type === 'array' ? 'an array' : `a ${type}`}`;
		}
	}

	return undefined;
}

/**
 * The index: images, tags, containers and the journal, in one JSON file
 * (atomic writes, a shallow schema). It is only ever written under the store
 * lock, after every blob it names is in place.
 */
export class IndexFile {
	readonly path: string;

	constructor(home: string) {
		this.path = path.join(home, 'index.json');
		// A store that cannot be created (a read-only or missing place) still reads as empty; only a write fails, saying why.
		createIfMissing(home);
	}

	/** What is on disk now: every call reads the file again. A malformed record fails the read, naming it. */
	read(): IndexData {
		const data = this.readUnchecked();
		const [problem] = recordProblems(data, 1);
		if (problem) {
			throw new CorruptIndexError(`the index ${this.path} holds a malformed ${problem}; it was left as it is — dockyard fsck lists every problem, ${storeRecoveryHint}`);
		}

		return data;
	}

	/** The index as it is, records unchecked: for fsck, which reports every problem instead of the first. */
	readUnchecked(): IndexData {
		let data: IndexData;
		try {
			const read = readJsonFile(this.path);
			// A missing index in a read-only place is an empty store, not an error.
			if (read === undefined) {
				return emptyIndex();
			}

			const problem = shapeProblem(read);
			if (problem) {
				throw new Error(problem);
			}

			data = read as IndexData;
		} catch (error) {
			throw corrupt(this.path, error);
		}

		if (data.schemaVersion > schemaVersion) {
			throw new StoreError(`the index ${this.path} was written by a newer dockyard (schema ${data.schemaVersion}); upgrade dockyard`);
		}

		return migrate({...emptyIndex(), ...data});
	}

	/**
	 * Under the store lock: an index that cannot be read is copied aside and
	 * replaced by an empty one; one with malformed records keeps the rest. The
	 * blobs are not touched (prune collects what no image names any more).
	 */
	repair(): IndexRepair {
		let data: IndexData;
		try {
			data = this.readUnchecked();
		} catch (error) {
			if (!(error instanceof CorruptIndexError)) {
				throw error;
			}

			const copy = this.keepCopy();
			this.write(emptyIndex());
			return {copy, problems: [error.message.replace(/; it was left as it is.*$/, '')]};
		}

		const kept = wellFormed(data);
		if (kept.problems.length === 0) {
			return {problems: []};
		}

		const copy = this.keepCopy();
		this.write(kept.data);
		return {copy, problems: kept.problems.map(problem => `malformed ${problem} in ${this.path} (left out)`)};
	}

	/** A copy of the index as it is, beside it, under a name no other copy has: `index.json.corrupt-<time>`. */
	keepCopy(): string {
		const stamp = new Date().toISOString().replaceAll(':', '-');
		for (let attempt = 0; attempt < 100; attempt++) {
			const copy = `${this.path}.corrupt-${stamp}${attempt === 0 ? '' : `-${attempt}`}`;
			try {
				copyFileSync(this.path, copy, 1 /* COPYFILE_EXCL */);
				return copy;
			} catch (error) {
				if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
					throw new StoreError(`cannot keep a copy of the index ${this.path}: ${fsProblem(error)}; nothing was changed`);
				}
			}
		}

		throw new StoreError(`cannot keep a copy of the index ${this.path}: too many copies beside it; nothing was changed`);
	}

	write(data: IndexData): void {
		const problem = shapeProblem(data);
		if (problem) {
			throw new StoreError(`cannot write the index ${this.path}: ${problem}`);
		}

		try {
			writeJsonFile(this.path, data);
		} catch (error) {
			throw error instanceof StoreError ? error : new StoreError(`cannot write the index ${this.path}: ${fsProblem(error)}`);
		}
	}
}

function corrupt(path: string, error: unknown): StoreError {
	// Unreadable for the filesystem's reasons (permissions): not a corrupt file, and nothing to repair.
	if (isErrno(error)) {
		return new StoreError(`the index ${path} cannot be read: ${fsProblem(error)}`);
	}

	const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
	return new CorruptIndexError(`the index ${path} cannot be read (${reason}); it was left as it is — ${storeRecoveryHint}`);
}

/**
 * Brings an index written by an older dockyard up to this schema, in memory:
 * reads never write, and the next change under the lock saves the new shape.
 * (conf's migrations, used before, re-read and cloned the whole file at every
 * open, which cost half a second with ten thousand images.)
 */
const migrations: Record<number, (data: IndexData) => void> = {
	// Schema 1 is the first; a later one adds `2(data) {…}` here.
};

function migrate(data: IndexData): IndexData {
	for (let version = data.schemaVersion + 1; version <= schemaVersion; version++) {
		migrations[version]?.(data);
		data.schemaVersion = version;
	}

	return data;
}

/**
 * Creates a complete, already-migrated index with an exclusive create, so that
 * two processes opening a new store at once cannot overwrite each other's
 * first write with an empty index.
 */
function createIfMissing(home: string): void {
	let info;
	try {
		info = statSync(home, {throwIfNoEntry: false});
	} catch (error) {
		throw new StoreError(`the store ${home} (DOCKYARD_HOME) cannot be used: ${fsProblem(error)}`);
	}

	if (info && !info.isDirectory()) {
		throw new StoreError(`the store ${home} (DOCKYARD_HOME) is not a directory: it is ${info.isFile() ? 'a file' : 'a device or other special file'}`);
	}

	try {
		mkdirSync(home, {recursive: true});
		writeFileSync(path.join(home, 'index.json'), JSON.stringify(emptyIndex(), undefined, '\t'), {flag: 'wx'});
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOTDIR') {
			throw new StoreError(`the store ${home} (DOCKYARD_HOME) cannot be a directory: a part of its path is a file`);
		}

		// EEXIST: there already (the usual case). Anything else (read-only, no permission): reads see an empty store.
	}
}
