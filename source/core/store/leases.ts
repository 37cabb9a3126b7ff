import {mkdir, readdir, readFile, rm, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {StoreError} from '../errors.js';
import {fsProblem} from '../fs-errors.js';
import {isAlive} from './alive.js';
import {crypto} from '../crypto.js';

/**
 * A pull writes its blobs before the index names them. A lease says "these
 * digests are in use by process P" so that `prune`, run meanwhile from another
 * terminal, does not collect them. The file is named `<pid>-<random>.json`, so
 * that its owner is known even when its body never got written (a full disk,
 * a kill): a lease whose process is gone is stale and is removed by whoever
 * reads the leases next (prune, fsck, a failed pull's clean-up).
 */
export class Leases {
	readonly #root: string;

	constructor(home: string) {
		this.#root = path.join(home, 'leases');
	}

	async take(digests: string[]): Promise<() => Promise<void>> {
		const file = path.join(this.#root, `${process.pid}-${crypto().randomBytes(4).toString('hex')}.json`);
		try {
			await mkdir(this.#root, {recursive: true});
			await writeFile(file, JSON.stringify({pid: process.pid, digests}));
		} catch (error) {
			await rm(file, {force: true}).catch(() => {});
			throw new StoreError(`cannot write the pull's lease ${file}: ${fsProblem(error)}`);
		}

		return async () => rm(file, {force: true});
	}

	/** Digests held by live processes; leases of dead ones are removed on the way. */
	async held(): Promise<Set<string>> {
		const held = new Set<string>();
		let names: string[];
		try {
			names = await readdir(this.#root);
		} catch {
			return held;
		}

		for (const name of names) {
			const file = path.join(this.#root, name);
			if (!isAlive(ownerPid(name))) {
				// eslint-disable-next-line no-await-in-loop
				await rm(file, {force: true}).catch(() => {});
				continue;
			}

			try {
				// eslint-disable-next-line no-await-in-loop
				const lease = JSON.parse(await readFile(file, 'utf8')) as {digests: string[]};
				for (const digest of lease.digests) {
					held.add(digest);
				}
			} catch {
				// A lease being written or removed right now: the next prune sees it.
			}
		}

		return held;
	}
}

/** The pid a lease's name starts with (0, never alive, for a name that is not a lease's). */
function ownerPid(name: string): number {
	const match = /^(\d+)-[a-f\d]+\.json$/.exec(name);
	return match ? Number(match[1]) : 0;
}
