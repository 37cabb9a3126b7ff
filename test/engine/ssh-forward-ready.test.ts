/**
 * podman's form of an ssh engine: ssh makes the local socket's file when it
 * binds it and takes connections only once it listens. On a loaded machine
 * a connection in between was refused, and the command said the daemon was
 * not running (seen once in CI; 1 in 150 tunnels under load on 2 CPUs). An
 * ssh that stands in for the real one puts a plain file where the socket
 * goes (refusing, as a bound socket not yet listening does), then listens
 * there a moment later: the tunnel is ready only then.
 */
import {chmodSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {afterEach, expect, test} from 'vitest';
import {openSshTunnel} from '../../source/core/engine/ssh-tunnel.js';

let directory = '';

afterEach(() => {
	if (directory) {
		rmSync(directory, {recursive: true, force: true});
	}
});

/** An `ssh -N -L LOCAL:REMOTE host` that refuses at LOCAL for `lateMs`, then answers every connection with `hello`. */
function lateSsh(bin: string, lateMs: number): void {
	const script = `#!${process.execPath}
const net = require('node:net');
const fs = require('node:fs');
const forward = process.argv[process.argv.indexOf('-L') + 1];
const local = forward.slice(0, forward.lastIndexOf(':'));
fs.writeFileSync(local, '');
setTimeout(() => {
	fs.rmSync(local);
	net.createServer(socket => {
		socket.on('error', () => {});
		socket.end('hello');
	}).listen(local);
}, ${lateMs});
`;
	writeFileSync(path.join(bin, 'ssh'), script);
	chmodSync(path.join(bin, 'ssh'), 0o755);
}

test('a tunnel is ready when ssh listens on its local socket, not when the socket\'s file appears', async () => {
	directory = mkdtempSync(path.join(os.tmpdir(), 'dockyard-forward-'));
	lateSsh(directory, 300);
	const tunnel = await openSshTunnel({transport: 'ssh', hostname: 'remote.example', socketPath: '/run/podman/podman.sock'}, 'ssh://remote.example/run/podman/podman.sock', {...process.env, PATH: `${directory}:${process.env['PATH'] ?? ''}`}, 'linux');
	try {
		const answer = await new Promise<string>((resolve, reject) => {
			const socket = net.connect(tunnel.socketPath);
			let text = '';
			socket.on('data', chunk => {
				text += String(chunk);
			});
			socket.once('end', () => resolve(text));
			socket.once('error', reject);
		});
		expect(answer).toBe('hello');
	} finally {
		await tunnel.close();
	}
}, 30_000);
