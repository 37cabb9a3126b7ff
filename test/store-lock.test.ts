import {spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, utimesSync, writeFileSync} from 'node:fs';
import {hostname} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {readOwner, withLock} from '../source/core/store/lock.js';
import {dockyard, tempHome} from './helpers/cli.js';

/** The pid of a process that has just exited: certainly not alive. */
function deadPid(): number {
	const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {encoding: 'utf8'});
	return Number(child.stdout);
}

describe('a lock names its owner, and an abandoned one is broken at once', () => {
	const {home, cleanup} = tempHome();
	const lock = path.join(home, 'index.lock');
	beforeAll(async () => {
		expect((await dockyard(home, ['os', 'install', 'nanoserver'])).code).toBe(0);
	});
	afterAll(cleanup);

	test('a bare lock directory with a future mtime does not block the store', async () => {
		mkdirSync(lock);
		const future = new Date(Date.now() + 3_600_000);
		utimesSync(lock, future, future);
		const result = await dockyard(home, ['tag', 'nanoserver', 'future:1'], {env: {DOCKYARD_LOCK_TIMEOUT_MS: '2000'}});
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
		expect(existsSync(lock)).toBe(false);
	});

	test('a lock whose owner is a dead process of this host is broken at once, whatever its mtime', async () => {
		mkdirSync(lock);
		writeFileSync(path.join(lock, 'owner.json'), JSON.stringify({pid: deadPid(), host: hostname(), started: new Date().toISOString()}));
		const result = await dockyard(home, ['tag', 'nanoserver', 'dead:1'], {env: {DOCKYARD_LOCK_TIMEOUT_MS: '300'}});
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
		expect(existsSync(lock)).toBe(false);
	});

	test('a lock held by a live process is waited for, and the message names its owner', async () => {
		mkdirSync(lock);
		const future = new Date(Date.now() + 3_600_000);
		writeFileSync(path.join(lock, 'owner.json'), JSON.stringify({pid: process.pid, host: hostname(), started: '2030-01-01T00:00:00.000Z'}));
		utimesSync(lock, future, future);
		try {
			const result = await dockyard(home, ['tag', 'nanoserver', 'live:1'], {env: {DOCKYARD_LOCK_TIMEOUT_MS: '300'}});
			expect(result.code).toBe(1);
			expect(result.stderr).toBe(`Error: the store is busy: another dockyard process (pid ${process.pid} on ${hostname()}, since 2030-01-01T00:00:00.000Z) has held ${lock} for over 0 seconds; try again\n`);
		} finally {
			// Removed by its owner, this test.
			spawnSync('rm', ['-r', lock]);
		}
	});

	test('a lock taken by dockyard names its owner while the work runs, and goes with it', async () => {
		const owner = await withLock(home, 1000, () => readOwner(lock));
		expect(owner).toMatchObject({pid: process.pid, host: hostname()});
		expect(Date.parse(owner!.started)).toBeGreaterThan(Date.now() - 60_000);
		expect(existsSync(lock)).toBe(false);
	});
});
