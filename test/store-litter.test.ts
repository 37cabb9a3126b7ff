import {spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, readdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {dockyard, tempHome} from './helpers/cli.js';

/** The pid of a process that has just exited: certainly not alive. */
function deadPid(): number {
	const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {encoding: 'utf8'});
	return Number(child.stdout);
}

describe('litter of killed processes is collected', () => {
	const {home, cleanup} = tempHome();
	beforeAll(async () => {
		expect((await dockyard(home, ['os', 'install', 'nanoserver'])).code).toBe(0);
	});
	afterAll(cleanup);

	test('prune and fsck remove leases of dead processes, a 0-byte one too, and keep live ones', async () => {
		const leases = path.join(home, 'leases');
		mkdirSync(leases, {recursive: true});
		for (const command of ['prune', 'fsck']) {
			const dead = deadPid();
			writeFileSync(path.join(leases, `${dead}-0a0b0c0d.json`), JSON.stringify({pid: dead, digests: []}));
			writeFileSync(path.join(leases, `${dead}-0e0f0a0b.json`), '');
			writeFileSync(path.join(leases, `${process.pid}-01020304.json`), JSON.stringify({pid: process.pid, digests: []}));
			// eslint-disable-next-line no-await-in-loop
			expect((await dockyard(home, [command])).code).toBe(0);
			expect(readdirSync(leases)).toEqual([`${process.pid}-01020304.json`]);
		}
	});

	test('a temp archive of a killed save is removed by the next save to the file and by prune', async () => {
		const output = path.join(home, 'x.tar');
		const dead = deadPid();
		const leftover = path.join(home, `.x.tar.dockyard-${dead}.part`);
		writeFileSync(leftover, 'half an archive');
		expect((await dockyard(home, ['save', '-o', output, 'nanoserver'])).code).toBe(0);
		expect(readdirSync(home).filter(name => name.includes('.part'))).toEqual([]);

		// Elsewhere: only the note the save left in the store's tmp/ leads prune to it.
		const other = path.join(home, 'elsewhere');
		mkdirSync(other);
		const part = path.join(other, `.y.tar.dockyard-${dead}.part`);
		writeFileSync(part, 'half an archive');
		mkdirSync(path.join(home, 'tmp'), {recursive: true});
		writeFileSync(path.join(home, 'tmp', `${dead}-a1b2c3d4e5f6.save`), part);
		expect((await dockyard(home, ['prune'])).code).toBe(0);
		expect(existsSync(part)).toBe(false);
		expect(readdirSync(path.join(home, 'tmp'))).toEqual([]);
	});

	test('a save leaves nothing beside its output but the archive', async () => {
		const output = path.join(home, 'clean.tar');
		expect((await dockyard(home, ['save', '-o', output, 'nanoserver'])).code).toBe(0);
		expect(readdirSync(home).filter(name => name.includes('clean.tar'))).toEqual(['clean.tar']);
		expect(readdirSync(path.join(home, 'tmp'))).toEqual([]);
	});
});
