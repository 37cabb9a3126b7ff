/**
 * The Windows branches, run here with `win32` given explicitly: the store's
 * symlink-safe open without O_NOFOLLOW, and where the ssh tunnel listens.
 * (What really runs on Windows was not run on Windows: see the readme.)
 */
import {mkdtempSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, test} from 'vitest';
import {tunnelEndpoint, openSshTunnel} from '../../source/core/engine/ssh-tunnel.js';
import {openNoFollow} from '../../source/core/store/open-no-follow.js';

let directory: string;

beforeEach(() => {
	directory = mkdtempSync(path.join(os.tmpdir(), 'dockyard-win32-'));
});

afterEach(() => {
	rmSync(directory, {recursive: true, force: true});
});

describe('a store file opened without following a link', () => {
	for (const platform of ['win32', 'linux'] as const) {
		test(`${platform}: a regular file opens, a link in its place is ELOOP`, async () => {
			const file = path.join(directory, 'blob');
			writeFileSync(file, 'content');
			const handle = await openNoFollow(file, platform);
			expect((await handle.readFile()).toString()).toBe('content');
			await handle.close();
			const link = path.join(directory, 'link');
			symlinkSync(file, link);
			await expect(openNoFollow(link, platform)).rejects.toMatchObject({code: 'ELOOP'});
			await expect(openNoFollow(path.join(directory, 'missing'), platform)).rejects.toMatchObject({code: 'ENOENT'});
		});
	}
});

describe('the ssh tunnel on Windows', () => {
	test('listens on a named pipe, not a file socket', () => {
		expect(tunnelEndpoint(directory, 'win32', () => 'abc')).toBe(String.raw`\\.\pipe\dockyard-ssh-abc`);
		expect(tunnelEndpoint(directory, 'linux', () => 'abc')).toBe(path.join(directory, 'engine.sock'));
	});

	test('podman\'s form says in one line that it needs what Windows lacks', async () => {
		await expect(openSshTunnel({transport: 'ssh', hostname: 'h', socketPath: '/run/podman/podman.sock'}, 'ssh://h/run/podman/podman.sock', {}, 'win32')).rejects.toThrow(/^error during connect: ssh:\/\/h\/run\/podman\/podman\.sock: podman's form .* on Windows/);
	});
});
