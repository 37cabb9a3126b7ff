import fs, {mkdirSync, readFileSync, rmSync, statSync} from 'node:fs';
import {hostname} from 'node:os';
import path from 'node:path';
import {DockyardError, StoreError} from '../errors.js';
import {fsProblem} from '../fs-errors.js';
import {isAlive} from './alive.js';

export class LockTimeoutError extends DockyardError {
	constructor(readonly lockPath: string, seconds: number, owner?: LockOwner) {
		const who = owner ? ` (pid ${owner.pid} on ${owner.host}, since ${owner.started})` : '';
		super(`the store is busy: another dockyard process${who} has held ${lockPath} for over ${seconds} seconds; try again`);
		this.name = 'LockTimeoutError';
	}
}

/** Who holds the lock, written inside the lock directory as it is made. */
export type LockOwner = {pid: number; host: string; started: string};

const ownerFile = 'owner.json';
/** proper-lockfile's: a lock not refreshed for this long is stale (its holder refreshes it every second). */
const staleMs = 5000;

/**
 * proper-lockfile's file system, with two changes: the lock directory is made
 * with the owner file already in it (before the library notes the directory's
 * mtime, which a later write inside would change, and the library would take
 * for a stolen lock), and removing it removes the owner file too.
 */
const lockFs = {
	...fs,
	mkdir(directory: string, callback: (error: NodeJS.ErrnoException | null) => void) {
		fs.mkdir(directory, error => {
			if (error) {
				callback(error);
				return;
			}

			const owner: LockOwner = {pid: process.pid, host: hostname(), started: new Date().toISOString()};
			fs.writeFile(path.join(directory, ownerFile), JSON.stringify(owner), () => {
				// A lock without its owner file still works: it goes stale by its mtime, as before.
				callback(null);
			});
		});
	},
	rmdir(directory: string, callback: (error: NodeJS.ErrnoException | null) => void) {
		fs.rm(directory, {recursive: true, force: true}, callback);
	},
	rmdirSync(directory: string) {
		rmSync(directory, {recursive: true, force: true});
	},
};

/**
 * One writer at a time across processes: a lock directory beside the index
 * (proper-lockfile keeps it fresh while held, so a crashed holder goes stale
 * after a few seconds instead of blocking the store for ever). The directory
 * names its owner; one whose owner is a dead process of this host, or that
 * names no owner and carries a future mtime (which proper-lockfile would
 * never call stale), is broken at once.
 */
export async function withLock<T>(home: string, timeoutMs: number, work: () => Promise<T> | T): Promise<T> {
	try {
		mkdirSync(home, {recursive: true});
	} catch (error) {
		throw new StoreError(`cannot lock the store ${home}: ${fsProblem(error)}`);
	}

	// Loaded on the first write: proper-lockfile brings graceful-fs and signal-exit, which a read never needs.
	const {default: lockfile} = await import('proper-lockfile');
	const lockPath = path.join(home, 'index.lock');
	const started = Date.now();
	let release: (() => Promise<void>) | undefined;
	let delay = 10;
	// Bounded polling: proper-lockfile's own retries cannot express a deadline.
	while (!release) {
		try {
			// eslint-disable-next-line no-await-in-loop
			release = await lockfile.lock(home, {lockfilePath: lockPath, realpath: false, stale: staleMs, update: 1000, fs: lockFs});
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') {
				throw new StoreError(`cannot lock the store: ${lockPath}: ${fsProblem(error)}`);
			}

			if (breakAbandoned(lockPath)) {
				continue;
			}

			if (Date.now() - started >= timeoutMs) {
				throw new LockTimeoutError(lockPath, Math.round(timeoutMs / 1000), readOwner(lockPath));
			}

			// eslint-disable-next-line no-await-in-loop
			await new Promise(resolve => {
				setTimeout(resolve, delay);
			});
			delay = Math.min(delay * 2, 200);
		}
	}

	try {
		return await work();
	} finally {
		await release();
	}
}

export function readOwner(lockPath: string): LockOwner | undefined {
	try {
		const owner = JSON.parse(readFileSync(path.join(lockPath, ownerFile), 'utf8')) as Partial<LockOwner>;
		return typeof owner.pid === 'number' && typeof owner.host === 'string' ? {pid: owner.pid, host: owner.host, started: String(owner.started)} : undefined;
	} catch {
		return undefined;
	}
}

/** Whether the lock's holder is certainly gone. */
function abandoned(lockPath: string): boolean {
	const owner = readOwner(lockPath);
	if (owner) {
		return owner.host === hostname() && !isAlive(owner.pid);
	}

	// No owner (being made right now, or left by something else): only a future mtime is suspect.
	try {
		return statSync(lockPath).mtimeMs > Date.now() + staleMs;
	} catch {
		return false;
	}
}

/**
 * Removes an abandoned lock. Breakers take turns (a second directory, made
 * exclusively) and look again once it is theirs, so that one never removes
 * the fresh lock another process took after a first breaker cleared the way.
 */
function breakAbandoned(lockPath: string): boolean {
	try {
		return abandoned(lockPath) && breakInTurn(lockPath);
	} catch {
		// Cannot be removed (a read-only store): the wait runs into its deadline and says so.
		return false;
	}
}

function breakInTurn(lockPath: string): boolean {
	const turn = `${lockPath}.break`;
	try {
		mkdirSync(turn);
	} catch {
		// Another breaker is at it, or one died in these few lines: clear its turn once it is plainly old.
		const age = Date.now() - (statSync(turn, {throwIfNoEntry: false})?.mtimeMs ?? Date.now());
		if (Math.abs(age) > staleMs) {
			rmSync(turn, {recursive: true, force: true});
		}

		return false;
	}

	try {
		if (abandoned(lockPath)) {
			rmSync(lockPath, {recursive: true, force: true});
			return true;
		}

		return false;
	} finally {
		rmSync(turn, {recursive: true, force: true});
	}
}
