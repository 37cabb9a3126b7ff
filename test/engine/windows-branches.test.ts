/**
 * The Windows branches, run here with `win32` given explicitly: the store's
 * symlink-safe open without O_NOFOLLOW, and where the ssh tunnel listens.
 * (What really runs on Windows was not run on Windows: see the readme.)
 */
import {mkdtempSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, test} from 'vitest';
import http from 'node:http';
import {EngineClient} from '../../source/core/engine/client.js';
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

describe('an npipe:// engine', () => {
	test('is reached through its pipe path as Node\'s socketPath (a unix socket stands in for the pipe here)', async () => {
		const socket = path.join(directory, 'pipe.sock');
		const server = http.createServer((request, response) => {
			response.setHeader('Api-Version', '1.41');
			response.end(request.url === '/_ping' ? 'OK' : '[]');
		});
		await new Promise<void>(resolve => {
			server.listen(socket, resolve);
		});
		try {
			const client = await EngineClient.connect({host: 'npipe:////./pipe/docker_engine', address: {transport: 'npipe', pipePath: socket}});
			expect(client.host).toBe('npipe:////./pipe/docker_engine');
			expect(await client.images()).toEqual([]);
		} finally {
			server.close();
		}

		// Nothing there: docker's sentence, naming the pipe as docker does.
		await expect(EngineClient.connect({host: 'npipe:////./pipe/docker_engine', address: {transport: 'npipe', pipePath: path.join(directory, 'none')}})).rejects.toThrow('Cannot connect to the Docker daemon at npipe:////./pipe/docker_engine. Is the docker daemon running?');
	});
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
