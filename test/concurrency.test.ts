import {existsSync, readdirSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import {dockyard, finished, startDockyard, tempHome, waitFor} from './helpers/cli.js';

describe('two processes at once, and a process killed mid-pull', () => {
	const homes: Array<() => void> = [];
	afterEach(() => {
		for (const cleanup of homes.splice(0)) {
			cleanup();
		}
	});

	test('concurrent writers never lose each other\'s changes', async () => {
		const {home, cleanup} = tempHome();
		homes.push(cleanup);
		expect((await dockyard(home, ['os', 'install', 'nanoserver'])).code).toBe(0);
		const writers = Array.from({length: 8}, async (_, index) => dockyard(home, ['tag', 'nanoserver', `copy${index}:v${index}`]));
		const results = await Promise.all(writers);
		expect(results.map(result => result.code)).toEqual(Array.from({length: 8}, () => 0));
		const tags = (await dockyard(home, ['images', '--json'])).stdout;
		for (let index = 0; index < 8; index++) {
			expect(tags).toContain(`"copy${index}"`);
		}
	});

	test('two pulls and a create at once all land', async () => {
		const {home, cleanup} = tempHome();
		homes.push(cleanup);
		expect((await dockyard(home, ['os', 'install', 'windowsservercore'])).code).toBe(0);
		const results = await Promise.all([
			dockyard(home, ['pull', 'microsoft/iis']),
			dockyard(home, ['pull', 'microsoft/nginx']),
			dockyard(home, ['create', '--name', 'busy', 'windowsservercore']),
		]);
		expect(results.map(result => result.code)).toEqual([0, 0, 0]);
		const images = (await dockyard(home, ['images'])).stdout;
		expect(images).toMatch(/^microsoft\/iis\s+latest/m);
		expect(images).toMatch(/^microsoft\/nginx\s+latest/m);
		expect((await dockyard(home, ['ps', '-a'])).stdout).toContain('busy');
		expect((await dockyard(home, ['fsck'])).code).toBe(0);
	});

	test('a pull killed half way leaves a consistent store and loses nothing earlier', async () => {
		const {home, cleanup} = tempHome();
		homes.push(cleanup);
		expect((await dockyard(home, ['os', 'install', 'windowsservercore'])).code).toBe(0);
		const before = (await dockyard(home, ['images', '--json'])).stdout;

		// Slowed to 256 KiB/s so that the kill lands while a layer is being written.
		const child = startDockyard(home, ['pull', 'microsoft/iis'], {DOCKYARD_OFFLINE_RATE: String(256 * 1024)});
		const exit = finished(child, 30_000);
		const temp = path.join(home, 'tmp');
		await waitFor(() => existsSync(temp) && readdirSync(temp).length > 0, 15_000, 'a layer download to start');
		child.kill('SIGKILL');
		await exit;

		expect((await dockyard(home, ['images', '--json'])).stdout).toBe(before);
		const fsck = await dockyard(home, ['fsck']);
		expect(fsck.code).toBe(0);
		expect(fsck.stdout).toMatch(/0 problems/);
		expect(fsck.stdout).toMatch(/stray temp file/);

		const again = await dockyard(home, ['pull', 'microsoft/iis']);
		expect(again.code).toBe(0);
		expect(again.stdout).toMatch(/Status: Downloaded newer image for microsoft\/iis:latest/);
		const prune = await dockyard(home, ['prune']);
		expect(prune.code).toBe(0);
		const clean = await dockyard(home, ['fsck']);
		expect(clean.stdout).toMatch(/0 problems, 0 orphans, 0 stray temp files/);
	});

	test('prune leaves alone the blobs of a pull in progress', async () => {
		const {home, cleanup} = tempHome();
		homes.push(cleanup);
		expect((await dockyard(home, ['os', 'install', 'windowsservercore'])).code).toBe(0);
		const child = startDockyard(home, ['pull', 'microsoft/golang'], {DOCKYARD_OFFLINE_RATE: String(512 * 1024)});
		const exit = finished(child, 60_000);
		await waitFor(() => existsSync(path.join(home, 'leases')) && readdirSync(path.join(home, 'leases')).length > 0, 15_000, 'the pull to take its lease');
		expect((await dockyard(home, ['prune'])).code).toBe(0);
		const result = await exit;
		expect(result.code).toBe(0);
		expect((await dockyard(home, ['fsck'])).code).toBe(0);
	});
});
