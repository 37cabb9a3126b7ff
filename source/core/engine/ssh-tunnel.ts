/**
 * An engine behind `ssh://`, reached through the system's `ssh` (the first on
 * PATH), so the user's ssh config, agent, keys and known_hosts apply as they
 * do for docker. Both forms end as a local unix socket in a private temp
 * directory, which the HTTP client uses like any engine socket:
 *
 * - docker's `ssh://[user@]host[:port]`: each connection to the local socket
 *   runs `ssh -o ConnectTimeout=30 -T [-l user] [-p port] -- host docker
 *   system dial-stdio` (docker CLI 28's own argv) and carries the bytes over
 *   its stdin and stdout. One ssh process carries one HTTP connection at a
 *   time and takes a while to start, so connections are kept alive: short
 *   requests queue for one (a command's requests share one process), and
 *   each stream has its own (the TUI's events beside its listings).
 * - podman's `ssh://[user@]host[:port]/path/to/engine.sock`: one `ssh -N -L
 *   LOCAL:REMOTE` process forwards the local socket to the remote one
 *   (OpenSSH's direct-streamlocal channel, what podman itself opens), and any
 *   number of connections share it. `-W` would fit better but reaches only
 *   TCP ports in OpenSSH 9.2, not sockets.
 *
 * What ssh says on stderr when it fails (an unknown host key, a refused key,
 * no docker there, no socket there) becomes one line naming the host. Every
 * process is ended by `close()`, and at the latest when this process exits.
 */
import {spawn, type ChildProcess} from 'node:child_process';
import {mkdtempSync, rmSync, watch} from 'node:fs';
import {createRequire} from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {crypto} from '../crypto.js';
import {cleanText} from '../text.js';
import type {EngineAddress} from './host.js';

const http = createRequire(import.meta.url)('node:http') as typeof import('node:http');

export type SshAddress = Extract<EngineAddress, {transport: 'ssh'}>;

/** Streams open at once to one ssh engine (each a process in docker's form). */
const poolSize = 4;
/** How long ssh may take to set up podman's forwarding (ssh's own ConnectTimeout is 30 s). */
const forwardTimeoutMs = 45_000;
/** How soon the local socket is tried again while ssh has bound it but does not listen yet. */
const probeIntervalMs = 10;
/** How much of ssh's stderr is kept. */
const maxStderr = 8192;

export type SshTunnel = {
	/** The local socket the HTTP client connects to. */
	socketPath: string;
	/** Keep connections alive: one for short requests, which queue for it, and a few for streams. */
	agents: {short: import('node:http').Agent; stream: import('node:http').Agent};
	/** ssh's last words, as one line, when it failed (waits a moment for them when a connection was cut). */
	failure: () => Promise<string | undefined>;
	/** False once podman's forwarder has ended (the connection dropped): the transport then opens a new tunnel. */
	alive: () => boolean;
	close: () => Promise<void>;
};

/** The arguments before the host, as docker CLI 28 gives them. */
export function sshArgs(address: SshAddress, extra: string[] = []): string[] {
	return [
		'-o', 'ConnectTimeout=30',
		'-T',
		...extra,
		...(address.user === undefined ? [] : ['-l', address.user]),
		...(address.port === undefined ? [] : ['-p', String(address.port)]),
		'--', address.hostname,
	];
}

/** Every ssh process still running, ended when this process exits whatever the path to the exit. */
const running = new Set<ChildProcess>();
const directories = new Set<string>();
let exitHookSet = false;

function track(child: ChildProcess): void {
	running.add(child);
	child.once('exit', () => running.delete(child));
	if (!exitHookSet) {
		exitHookSet = true;
		process.once('exit', endAll);
		// A signal ends Node without 'exit': podman's forwarder (-N reads no stdin) would outlive it.
		for (const signal of ['SIGTERM', 'SIGHUP', 'SIGINT'] as const) {
			const onSignal = () => {
				endAll();
				// Alone on this signal, do what Node would have done: die of it. Others (the TUI's) decide for themselves.
				if (process.listenerCount(signal) === 1) {
					process.off(signal, onSignal);
					process.kill(process.pid, signal);
				}
			};

			process.on(signal, onSignal);
		}
	}
}

function endAll(): void {
	for (const child of running) {
		child.kill('SIGTERM');
	}

	for (const directory of directories) {
		rmSync(directory, {recursive: true, force: true});
	}
}

/**
 * Where the tunnel listens: a socket in a private directory, or on Windows
 * (where Node's local sockets are named pipes, not files) a pipe of a
 * random name. podman's form needs a file socket for `ssh -L`: not on Windows.
 */
export function tunnelEndpoint(directory: string, platform: NodeJS.Platform, random: () => string): string {
	return platform === 'win32' ? `\\\\.\\pipe\\dockyard-ssh-${random()}` : path.join(directory, 'engine.sock');
}

export async function openSshTunnel(address: SshAddress, host: string, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): Promise<SshTunnel> {
	if (platform === 'win32' && address.socketPath !== undefined) {
		throw new SshError(host, 'podman\'s form (a remote socket path) needs a local unix socket for ssh -L, which dockyard does not make on Windows; use ssh://user@host, with docker on the remote host');
	}

	const directory = mkdtempSync(path.join(os.tmpdir(), 'dockyard-ssh-'));
	directories.add(directory);
	const socketPath = tunnelEndpoint(directory, platform, () => crypto().randomBytes(8).toString('hex'));
	const stderr = new StderrTail();
	const children = new Set<ChildProcess>();
	const start = (args: string[]) => {
		const child = spawn('ssh', args, {env, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true});
		children.add(child);
		track(child);
		child.once('exit', () => children.delete(child));
		child.stderr!.on('data', (chunk: Buffer) => {
			stderr.add(chunk);
		});
		// A missing ssh is an 'error' event, not a throw.
		child.once('error', error => {
			stderr.add(Buffer.from((error as NodeJS.ErrnoException).code === 'ENOENT' ? 'ssh: command not found on PATH\n' : `ssh: ${error.message}\n`));
		});
		child.unref();
		for (const stream of [child.stdin, child.stdout, child.stderr]) {
			(stream as unknown as net.Socket | null)?.unref?.();
		}

		return child;
	};

	let server: net.Server | undefined;
	let forwarder: ChildProcess | undefined;
	try {
		if (address.socketPath === undefined) {
			server = await dialStdioServer(socketPath, () => start([...sshArgs(address), 'docker', 'system', 'dial-stdio']));
		} else {
			forwarder = start([...sshArgs(address, ['-N', '-o', 'ExitOnForwardFailure=yes', '-L', `${socketPath}:${address.socketPath}`])]);
			await forwardReady(forwarder, directory, path.basename(socketPath), stderr, host);
		}
	} catch (error) {
		for (const child of children) {
			child.kill('SIGTERM');
		}

		rmSync(directory, {recursive: true, force: true});
		directories.delete(directory);
		throw error;
	}

	const agents = {
		short: new http.Agent({keepAlive: true, maxSockets: 1, maxFreeSockets: 1}),
		stream: new http.Agent({keepAlive: true, maxSockets: poolSize, maxFreeSockets: 1}),
	};
	return {
		socketPath,
		agents,
		failure: async () => stderr.settled(),
		alive: () => forwarder === undefined || (forwarder.exitCode === null && forwarder.signalCode === null),
		async close() {
			agents.short.destroy();
			agents.stream.destroy();
			server?.close();
			await Promise.all([...children].map(async child => ended(child)));
			rmSync(directory, {recursive: true, force: true});
			directories.delete(directory);
		},
	};
}

/** Docker's form: a local socket where each connection is one `ssh … docker system dial-stdio`. */
async function dialStdioServer(socketPath: string, start: () => ChildProcess): Promise<net.Server> {
	const server = net.createServer(connection => {
		connection.unref();
		const child = start();
		connection.pipe(child.stdin!);
		child.stdout!.pipe(connection, {end: false});
		// The connection ends only once ssh has, so its stderr is in before the client sees the cut.
		child.once('close', () => {
			connection.end();
		});
		connection.once('close', () => {
			child.stdin!.end();
			// ssh ends when its stdin does; one that hangs is ended all the same.
			const timer = setTimeout(() => child.kill('SIGTERM'), 3000);
			timer.unref();
			child.once('exit', () => clearTimeout(timer));
		});
		connection.on('error', () => {
			child.kill('SIGTERM');
		});
		child.stdin!.on('error', () => {
			connection.destroy();
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(socketPath, () => {
			server.off('error', reject);
			resolve();
		});
	});
	server.unref();
	return server;
}

/**
 * Podman's form: waits until ssh listens on the local socket, or has ended
 * (its words then say why). The file appears when ssh binds it, a moment
 * before it listens: a connection in between is refused, so the socket is
 * tried until one is taken (on a loaded machine that moment is long enough
 * to meet).
 */
async function forwardReady(child: ChildProcess, directory: string, name: string, stderr: StderrTail, host: string): Promise<void> {
	await new Promise<void>((resolve, reject) => {
		let finished = false;
		let retry: NodeJS.Timeout | undefined;
		const probe = () => {
			const socket = net.connect(path.join(directory, name));
			socket.once('connect', () => {
				socket.destroy();
				done();
			});
			socket.once('error', () => {
				socket.destroy();
				if (!finished) {
					retry = setTimeout(probe, probeIntervalMs);
				}
			});
		};

		const watcher = watch(directory, (_event, file) => {
			if (file === name && retry === undefined) {
				retry = setTimeout(probe, 0);
			}
		});
		const timer = setTimeout(() => {
			done(new SshError(host, `ssh did not connect within ${forwardTimeoutMs / 1000} s`));
		}, forwardTimeoutMs);
		const onExit = () => {
			void stderr.settled().then(words => {
				done(new SshError(host, words ?? 'ssh ended without a word'));
			});
		};

		function done(error?: Error) {
			if (finished) {
				return;
			}

			finished = true;
			watcher.close();
			clearTimeout(timer);
			clearTimeout(retry);
			child.off('exit', onExit);
			child.off('error', onExit);
			if (error) {
				reject(error);
			} else {
				resolve();
			}
		}

		child.once('exit', onExit);
		// No ssh at all is an 'error' and no 'exit'.
		child.once('error', onExit);
	});
}

/** ssh failed: one line, docker's "error during connect" and the host first. */
export class SshError extends Error {
	constructor(readonly host: string, readonly words: string) {
		super(`error during connect: ${host}: ${words}`);
		this.name = 'SshError';
	}
}

/** The end of ssh's stderr: the last line that says something (not the "Permanently added" notice). */
class StderrTail {
	#text = '';
	#waiters: Array<() => void> = [];

	add(chunk: Buffer): void {
		this.#text = (this.#text + chunk.toString('utf8')).slice(-maxStderr);
		for (const wake of this.#waiters.splice(0)) {
			wake();
		}
	}

	last(): string | undefined {
		const lines = this.#text.split(/\r?\n/).map(line => cleanText(line).trim()).filter(line => line !== '' && !line.startsWith('Warning: Permanently added'));
		return lines.at(-1);
	}

	/** The last line, after a short bounded wait for one when none has come yet (stderr may trail the cut). */
	async settled(): Promise<string | undefined> {
		if (this.last() === undefined) {
			await new Promise<void>(resolve => {
				const timer = setTimeout(resolve, 500);
				this.#waiters.push(() => {
					clearTimeout(timer);
					resolve();
				});
			});
		}

		const words = this.last();
		this.#text = '';
		return words;
	}
}

/** Waits for a child to end (it was asked to by its stdin), SIGTERM after a bound. */
async function ended(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) {
		return;
	}

	child.stdin?.end();
	await new Promise<void>(resolve => {
		const timer = setTimeout(() => child.kill('SIGTERM'), 2000);
		child.once('exit', () => {
			clearTimeout(timer);
			resolve();
		});
		if (child.exitCode === null && child.pid !== undefined) {
			// The forwarder (-N) does not read stdin: it is ended by signal at once.
			if (child.spawnargs.includes('-N')) {
				child.kill('SIGTERM');
			}
		} else {
			clearTimeout(timer);
			resolve();
		}
	});
}
