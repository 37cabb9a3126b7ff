import {mkdirSync} from 'node:fs';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import {DockyardError} from '../errors.js';

export class LockTimeoutError extends DockyardError {
	constructor(readonly lockPath: string, seconds: number) {
		super(`the store is busy: another dockyard process has held ${lockPath} for over ${seconds} seconds; try again`);
		this.name = 'LockTimeoutError';
	}
}

/**
 * One writer at a time across processes: a lock directory beside the index
 * (proper-lockfile keeps it fresh while held, so a crashed holder goes stale
 * after a few seconds instead of blocking the store for ever).
 */
export async function withLock<T>(home: string, timeoutMs: number, work: () => Promise<T> | T): Promise<T> {
	mkdirSync(home, {recursive: true});
	const lockPath = path.join(home, 'index.lock');
	const started = Date.now();
	let release: (() => Promise<void>) | undefined;
	let delay = 10;
	// Bounded polling: proper-lockfile's own retries cannot express a deadline.
	while (!release) {
		try {
			// eslint-disable-next-line no-await-in-loop
			release = await lockfile.lock(home, {lockfilePath: lockPath, realpath: false, stale: 5000, update: 1000});
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') {
				throw error;
			}

			if (Date.now() - started >= timeoutMs) {
				throw new LockTimeoutError(lockPath, Math.round(timeoutMs / 1000));
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
