/**
 * Where `dockyard serve` listens: a unix socket (mode 0600, removed on exit,
 * never over a path that is not a socket) or a loopback TCP port. There is
 * no authentication, so nothing else is allowed: anyone who can reach the
 * API can change the store.
 */
import {chmodSync, lstatSync, unlinkSync} from 'node:fs';
import {connect, isIP} from 'node:net';
import type {Server} from 'node:http';
import path from 'node:path';
import {DockyardError, UsageError} from '../../errors.js';

export type ListenAddress =
	| {kind: 'unix'; path: string}
	| {kind: 'tcp'; host: string; port: number};

/** A unix socket's path must fit in sockaddr_un (108 bytes with its NUL on Linux). */
const maxSocketPath = 107;

function isLoopback(host: string): boolean {
	return (isIP(host) === 4 && host.startsWith('127.')) || host === '::1';
}

/** `--socket PATH`, `-H unix://PATH`, `-H tcp://127.0.0.1:PORT` → an address; anything off loopback is refused. */
export function parseListenAddress(value: string): ListenAddress {
	if (value.startsWith('unix://')) {
		return unixAddress(value.slice('unix://'.length));
	}

	if (value.startsWith('tcp://')) {
		const match = /^tcp:\/\/(\[[^\]]+\]|[^:/]*):(\d+)\/?$/.exec(value);
		if (!match) {
			throw new UsageError(`invalid address ${value}: expected tcp://127.0.0.1:PORT`);
		}

		const host = match[1]!.replace(/^\[(.*)\]$/, '$1');
		const port = Number(match[2]);
		if (!isLoopback(host)) {
			throw new DockyardError(`refusing to listen on ${value}: dockyard serve has no authentication, so it listens only on loopback (127.0.0.1 or ::1) or a unix socket`);
		}

		if (port > 65_535) {
			throw new UsageError(`invalid port in ${value}`);
		}

		return {kind: 'tcp', host, port};
	}

	if (/^[a-z][a-z\d+.-]*:\/\//i.test(value)) {
		throw new DockyardError(`refusing to listen on ${value}: dockyard serve listens on unix://PATH or tcp://127.0.0.1:PORT only`);
	}

	return unixAddress(value);
}

function unixAddress(socketPath: string): ListenAddress {
	if (socketPath === '') {
		throw new UsageError('a unix socket needs a path: unix:///path/to/dockyard.sock');
	}

	const absolute = path.resolve(socketPath);
	if (Buffer.byteLength(absolute) > maxSocketPath) {
		throw new DockyardError(`the socket path ${absolute} is longer than a unix socket allows (${maxSocketPath} bytes): choose a shorter one`);
	}

	return {kind: 'unix', path: absolute};
}

/** How a client names the address: `unix:///…` or `tcp://127.0.0.1:PORT`. */
export function addressUrl(address: ListenAddress): string {
	return address.kind === 'unix' ? `unix://${address.path}` : `tcp://${address.host.includes(':') ? `[${address.host}]` : address.host}:${address.port}`;
}

/** Whether a process answers on this socket (a live server) or not (a stale file left by a crash). */
async function socketAnswers(socketPath: string): Promise<boolean> {
	return new Promise(resolve => {
		const socket = connect(socketPath);
		const done = (answer: boolean) => {
			socket.destroy();
			resolve(answer);
		};

		socket.once('connect', () => {
			done(true);
		});
		socket.once('error', () => {
			done(false);
		});
		socket.setTimeout(1000, () => {
			done(false);
		});
	});
}

/** A stale socket goes; a live one, or anything that is not a socket, is refused and left as it is. */
async function clearSocketPath(socketPath: string): Promise<void> {
	let info;
	try {
		info = lstatSync(socketPath);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
			return;
		}

		throw new DockyardError(`cannot use ${socketPath}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
	}

	if (!info.isSocket()) {
		throw new DockyardError(`refusing to listen on ${socketPath}: it exists and is not a socket (nothing was overwritten)`);
	}

	if (await socketAnswers(socketPath)) {
		throw new DockyardError(`refusing to listen on ${socketPath}: a server is already listening there`);
	}

	unlinkSync(socketPath);
}

/** Listens; for a socket, created 0600 (the umask is narrowed while it is made) and its path cleared first. Returns the address as bound (a port 0 gets its number). */
export async function listenOn(server: Server, address: ListenAddress): Promise<ListenAddress> {
	if (address.kind === 'unix') {
		await clearSocketPath(address.path);
	}

	const previousMask = address.kind === 'unix' ? process.umask(0o177) : undefined;
	try {
		await new Promise<void>((resolve, reject) => {
			const failed = (error: NodeJS.ErrnoException) => {
				reject(new DockyardError(`cannot listen on ${addressUrl(address)}: ${error.code === 'EADDRINUSE' ? 'the address is in use' : error.code === 'ENOENT' ? 'its directory does not exist' : error.code === 'EACCES' ? 'permission denied' : error.message}`));
			};

			server.once('error', failed);
			const ready = () => {
				server.off('error', failed);
				resolve();
			};

			if (address.kind === 'unix') {
				server.listen(address.path, ready);
			} else {
				server.listen(address.port, address.host, ready);
			}
		});
	} finally {
		if (previousMask !== undefined) {
			process.umask(previousMask);
		}
	}

	if (address.kind === 'unix') {
		chmodSync(address.path, 0o600);
		return address;
	}

	const bound = server.address();
	return {...address, port: typeof bound === 'object' && bound ? bound.port : address.port};
}

/** The socket goes when the server stops, if it is still ours (a socket at that path). */
export function removeSocket(address: ListenAddress): void {
	if (address.kind !== 'unix') {
		return;
	}

	try {
		if (lstatSync(address.path).isSocket()) {
			unlinkSync(address.path);
		}
	} catch {
		// Already gone.
	}
}
