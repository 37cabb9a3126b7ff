/**
 * Killed writes: a pull killed mid-layer leaves `tmp/<pid>-….part`, a write
 * killed before its rename leaves `index.json.tmp-…`. fsck reports them
 * (without failing on them); the next write collects them, as it collects
 * dead processes' leases, and never a live process's `.part` file.
 */
import {spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, readdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {openStore} from '../source/core/store/store.js';
import {dockyard, finished, startDockyard, tempHome, waitFor} from './helpers/cli.js';

/** The pid of a process that has just exited: certainly not alive. */
function deadPid(): number {
	const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {encoding: 'utf8'});
	return Number(child.stdout);
}

function parts(home: string): string[] {
	const tmp = path.join(home, 'tmp');
	return existsSync(tmp) ? readdirSync(tmp).filter(name => name.endsWith('.part')) : [];
}

describe('the litter of killed writes', () => {
	const {home, cleanup} = tempHome();
	beforeAll(async () => {
		expect((await dockyard(home, ['os', 'install', 'nanoserver'])).code).toBe(0);
	});
	afterAll(cleanup);

	test('a pull killed mid-layer: fsck reports its .part, the next write collects it', {timeout: 60_000}, async () => {
		// Slowed down so that the kill lands while a layer streams into tmp/.
		const child = startDockyard(home, ['os', 'install', 'windowsservercore'], {DOCKYARD_OFFLINE_RATE: '1000000'});
		await waitFor(() => parts(home).some(name => name.startsWith(`${child.pid}-`)), 20_000, 'a .part file of the pull');
		child.kill('SIGKILL');
		await finished(child, 10_000);
		const left = parts(home).filter(name => name.startsWith(`${child.pid}-`));
		expect(left.length).toBeGreaterThan(0);

		const fsck = await dockyard(home, ['fsck']);
		expect(fsck.code, fsck.stdout).toBe(0);
		for (const name of left) {
			expect(fsck.stdout).toContain(`stray temp file: ${path.join(home, 'tmp', name)}`);
		}

		// A write (a tag), not a prune: it collects them.
		expect((await dockyard(home, ['tag', 'nanoserver', 'after:kill'])).code).toBe(0);
		expect(parts(home).filter(name => name.startsWith(`${child.pid}-`))).toEqual([]);
	});

	test('index temp files and a dead process\'s .part go at the next write; a live process\'s .part stays', async () => {
		const tmp = path.join(home, 'tmp');
		mkdirSync(tmp, {recursive: true});
		const dead = path.join(tmp, `${deadPid()}-a1b2c3d4e5f6.part`);
		const live = path.join(tmp, `${process.pid}-0a0b0c0d0e0f.part`);
		const indexTemp = path.join(home, 'index.json.tmp-1765000000a1b2c3');
		writeFileSync(dead, 'half a layer');
		writeFileSync(live, 'a layer being written');
		writeFileSync(indexTemp, '{"schemaVersion": 1, "ima');

		const fsck = await dockyard(home, ['fsck']);
		expect(fsck.code, fsck.stdout).toBe(0);
		expect(fsck.stdout).toContain(`stray temp file: ${indexTemp}`);
		expect(fsck.stdout).toContain(`stray temp file: ${dead}`);
		expect(fsck.stdout).toMatch(/ 0 problems, 0 orphans, [3-9] stray temp files$/m);

		// In process too (the TUI's writes): the store's own write collects.
		await openStore({home}).tag('nanoserver', 'after:litter');
		expect(existsSync(dead)).toBe(false);
		expect(existsSync(indexTemp)).toBe(false);
		expect(existsSync(live)).toBe(true);
		const after = await openStore({home}).fsck();
		expect(after.strayTempFiles).toEqual([live]);
	});
});
