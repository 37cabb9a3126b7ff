import {mkdir, readdir, readFile, rm, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {isAlive} from './alive.js';
import {randomBytes} from 'node:crypto';

/**
 * A pull writes its blobs before the index names them. A lease says "these
 * digests are in use by process P" so that `prune`, run meanwhile from another
 * terminal, does not collect them. A lease whose process is gone is ignored.
 */
export class Leases {
	readonly #root: string;

	constructor(home: string) {
		this.#root = path.join(home, 'leases');
	}

	async take(digests: string[]): Promise<() => Promise<void>> {
		await mkdir(this.#root, {recursive: true});
		const file = path.join(this.#root, `${process.pid}-${randomBytes(4).toString('hex')}.json`);
		await writeFile(file, JSON.stringify({pid: process.pid, digests}));
		return async () => rm(file, {force: true});
	}

	/** Digests held by live processes. */
	async held(): Promise<Set<string>> {
		const held = new Set<string>();
		let names: string[];
		try {
			names = await readdir(this.#root);
		} catch {
			return held;
		}

		for (const name of names) {
			try {
				// eslint-disable-next-line no-await-in-loop
				const lease = JSON.parse(await readFile(path.join(this.#root, name), 'utf8')) as {pid: number; digests: string[]};
				if (isAlive(lease.pid)) {
					for (const digest of lease.digests) {
						held.add(digest);
					}
				}
			} catch {
				// A lease being written or removed right now: the next prune sees it.
			}
		}

		return held;
	}
}
