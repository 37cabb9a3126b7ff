/**
 * Where `dockyard serve` may listen: it has no authentication, so only a
 * unix socket (0600, never over a file that is not a socket, removed on
 * exit) or loopback. Runs with no docker CLI: node's own http is the client.
 */
import {lstatSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import {request} from 'node:http';
import path from 'node:path';
import {afterAll, describe, expect, test} from 'vitest';
import {dockyard, tempHome} from '../helpers/cli.js';
import {startServe} from './serve-helpers.js';

/** One GET over a unix socket or to a loopback port: status, headers and body. */
async function get(target: {socketPath: string} | {host: string; port: number}, urlPath: string): Promise<{status: number; headers: Record<string, unknown>; body: string}> {
	return new Promise((resolve, reject) => {
		const outgoing = request({...target, path: urlPath, method: 'GET', timeout: 10_000}, incoming => {
			let body = '';
			incoming.on('data', (chunk: Buffer) => {
				body += chunk.toString();
			});
			incoming.on('end', () => {
				resolve({status: incoming.statusCode ?? 0, headers: incoming.headers, body});
			});
		});
		outgoing.on('timeout', () => {
			outgoing.destroy(new Error(`GET ${urlPath} timed out`));
		});
		outgoing.on('error', reject);
		outgoing.end();
	});
}

describe('dockyard serve listens only where no one else can reach it', {timeout: 30_000}, () => {
	const {home, cleanup} = tempHome('dockyard-listen-');
	afterAll(cleanup);

	test.each(['tcp://0.0.0.0:2375', 'tcp://192.168.1.10:2375', 'tcp://[::]:2375', 'tcp://localhost.example:2375', 'ssh://me@host'])('%s is refused in one line, exit 1', async address => {
		const result = await dockyard(home, ['serve', '-H', address]);
		expect(result.code).toBe(1);
		expect(result.stdout).toBe('');
		expect(result.stderr.trim().split('\n')).toHaveLength(1);
		expect(result.stderr).toMatch(/^Error: refusing to listen on /);
		expect(result.stderr).toMatch(address.startsWith('tcp') ? /no authentication.*loopback/ : /unix:\/\/PATH or tcp:\/\/127\.0\.0\.1:PORT/);
	});

	test('a path that is not a socket is refused and left as it was', async () => {
		const file = path.join(home, 'notes.txt');
		writeFileSync(file, 'keep me\n');
		const result = await dockyard(home, ['serve', '--socket', file]);
		expect(result.code).toBe(1);
		expect(result.stderr).toBe(`Error: refusing to listen on ${file}: it exists and is not a socket (nothing was overwritten)\n`);
		expect(readFileSync(file, 'utf8')).toBe('keep me\n');
	});

	test('the socket is 0600, says there is no authentication, answers _ping as dockerd does, and goes on SIGTERM', async () => {
		const socket = path.join(home, 'd.sock');
		const served = await startServe(home, ['-H', `unix://${socket}`]);
		try {
			expect(lstatSync(socket).isSocket()).toBe(true);
			expect(statSync(socket).mode & 0o777).toBe(0o600);
			expect(served.stdout()).toMatch(/^No authentication: /m);
			expect(served.stdout()).toContain(`Listening on unix://${socket} (mode 0600)`);

			const ping = await get({socketPath: socket}, '/_ping');
			expect(ping).toMatchObject({status: 200, body: 'OK'});
			expect(ping.headers).toMatchObject({'api-version': '1.41', 'docker-experimental': 'false', ostype: 'linux'});
			const unknown = await get({socketPath: socket}, '/v1.41/swarm');
			expect(unknown).toMatchObject({status: 404, body: '{"message":"page not found"}\n'});

			// A second server on a live socket is refused; the first keeps it.
			const second = await dockyard(home, ['serve', '--socket', socket]);
			expect(second.code).toBe(1);
			expect(second.stderr).toMatch(/a server is already listening there/);
			expect((await get({socketPath: socket}, '/_ping')).body).toBe('OK');
		} finally {
			expect(await served.stop()).toBe(0);
		}

		expect(served.stdout()).toMatch(/^dockyard serve: stopped$/m);
		expect(() => lstatSync(socket)).toThrow(/ENOENT/);
	});

	test('tcp://127.0.0.1:0 gets a loopback port and serves the API there', async () => {
		const served = await startServe(home, ['-H', 'tcp://127.0.0.1:0']);
		try {
			const port = Number(/^Listening on tcp:\/\/127\.0\.0\.1:(\d+)$/m.exec(served.stdout())?.[1]);
			expect(port).toBeGreaterThan(0);
			const images = await get({host: '127.0.0.1', port}, '/v1.41/images/json');
			expect(images).toMatchObject({status: 200, body: '[]\n'});
			const version = JSON.parse((await get({host: '127.0.0.1', port}, '/version')).body) as {ApiVersion: string};
			expect(version.ApiVersion).toBe('1.41');
			// Older clients' versioned paths are served; a newer one is told the newest there is, as dockerd tells it.
			expect(await get({host: '127.0.0.1', port}, '/v1.24/containers/json?all=1')).toMatchObject({status: 200, body: '[]\n'});
			expect(await get({host: '127.0.0.1', port}, '/v1.50/images/json')).toMatchObject({status: 400, body: '{"message":"client version 1.50 is too new. Maximum supported API version is 1.41"}\n'});
		} finally {
			expect(await served.stop()).toBe(0);
		}
	});
});
