/**
 * HTTP to an engine on Node's own `http`, over a unix socket, a Windows named
 * pipe, TCP (TLS when the address says so, tls.ts), or ssh (ssh-tunnel.ts).
 * Every request has a connect timeout and an idle timeout (no byte either way
 * for that long), JSON answers are read up to a bound, and an engine that is
 * not there gives docker's own sentence. Paths are sent under `/v1.41/`, the
 * API both podman 4 and docker 20.10 speak (newer dockers still accept it).
 */
import type {IncomingHttpHeaders, IncomingMessage} from 'node:http';
import {createRequire} from 'node:module';
import {Readable} from 'node:stream';
import {pipeline} from 'node:stream/promises';
import {EngineError, EngineUnreachableError} from '../errors.js';
import type {EngineAddress} from './host.js';
import {engineErrorFor} from './errors.js';
import type {SshTunnel} from './ssh-tunnel.js';
import type {tlsFailure as TlsFailure} from './tls-connect.js';

/**
 * Required, not imported: an ESM import of node:http reads every export of
 * it, and its lazy ones (WebSocket, fetch's classes) load all of undici —
 * ~40 ms on every command, engine or not, since this module is always loaded.
 */
const http = createRequire(import.meta.url)('node:http') as typeof import('node:http');

/** The Engine API version dockyard speaks. */
export const apiVersion = '1.41';

/** A JSON answer bigger than this is refused (10,000 images list in a few MiB). */
export const defaultMaxJsonBytes = 64 * 1024 * 1024;

export type QueryValue = string | number | boolean | string[] | undefined;

export type RequestOptions = {
	method?: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD';
	/** The path after the version, e.g. `/images/json`. */
	path: string;
	query?: Record<string, QueryValue>;
	/** A JSON body (sent as application/json). */
	json?: unknown;
	/** A raw body: bytes, or a stream (a tar for `archive` or `images/load`). */
	body?: Uint8Array | string | Readable;
	contentType?: string;
	/** Extra headers (lower-case names), e.g. `x-registry-auth`. */
	headers?: Record<string, string>;
	signal?: AbortSignal;
	/** `_ping` and the like are not under `/v1.41/`. */
	unversioned?: boolean;
	/** Milliseconds to get a connection (default 5 s). */
	connectTimeoutMs?: number;
	/** Milliseconds with no byte either way before giving up; 0 for none (events). Default 60 s. */
	idleTimeoutMs?: number;
};

/**
 * Over ssh, where a connection is a process that takes a second to start:
 * short JSON requests queue for one connection kept alive, and streams
 * (events, pull, load, save) each get one of their own, so that a command's
 * requests share one ssh process and the TUI's event stream never blocks its
 * listing.
 */
export type Lane = 'short' | 'stream';

export type EngineResponse = {
	status: number;
	headers: IncomingHttpHeaders;
	body: IncomingMessage;
};

export type TransportOptions = {
	connectTimeoutMs?: number;
	idleTimeoutMs?: number;
	maxJsonBytes?: number;
};

export class EngineTransport {
	readonly connectTimeoutMs: number;
	readonly idleTimeoutMs: number;
	readonly maxJsonBytes: number;

	constructor(
		/** The host as docker shows it: `unix:///…` or `tcp://host:port`. */
		readonly host: string,
		readonly address: EngineAddress,
		options: TransportOptions = {},
	) {
		this.connectTimeoutMs = options.connectTimeoutMs ?? 5000;
		this.idleTimeoutMs = options.idleTimeoutMs ?? 60_000;
		this.maxJsonBytes = options.maxJsonBytes ?? defaultMaxJsonBytes;
	}

	/** TLS connections kept alive for the next request. */
	#tlsAgent: import('node:http').Agent | undefined;

	/** How a TLS failure reads, once tls-connect.ts is loaded. */
	#tlsFailure: typeof TlsFailure | undefined;

	/** The ssh tunnel, opened by the first request and kept for the others. */
	#tunnel: Promise<SshTunnel> | undefined;

	/** Ends what the transport keeps open (ssh processes, pooled connections); a later request opens them again. */
	async close(): Promise<void> {
		this.#tlsAgent?.destroy();
		this.#tlsAgent = undefined;
		const tunnel = this.#tunnel;
		this.#tunnel = undefined;
		await (await tunnel?.catch(() => undefined))?.close();
	}

	/** How `http.request` reaches the engine: a socket path, a host and port, a TLS connection, or the ssh tunnel's socket and pool. */
	private async target(lane: Lane): Promise<Record<string, unknown>> {
		const address = this.address;
		switch (address.transport) {
			case 'unix': {
				return {socketPath: address.socketPath, agent: false};
			}

			case 'npipe': {
				return {socketPath: address.pipePath, agent: false};
			}

			case 'tcp': {
				if (!address.tls) {
					return {host: address.hostname, port: address.port, agent: false};
				}

				// node:tls is loaded only for an engine that needs it (it costs every command's start otherwise).
				const {tlsAgent, tlsFailure} = await import('./tls-connect.js');
				this.#tlsFailure = tlsFailure;
				this.#tlsAgent ??= tlsAgent(address.hostname, address.port, address.tls);
				return {host: address.hostname, port: address.port, agent: this.#tlsAgent};
			}

			case 'ssh': {
				// A tunnel whose ssh has ended (the network dropped) is replaced: the TUI's retry then gets a new one.
				const current = await this.#tunnel?.catch(() => undefined);
				if (current !== undefined && !current.alive()) {
					this.#tunnel = undefined;
					await current.close();
				}

				this.#tunnel ??= import('./ssh-tunnel.js').then(async ({openSshTunnel}) => openSshTunnel(address, this.host)).catch((error: unknown) => {
					this.#tunnel = undefined;
					throw error;
				});
				const tunnel = await this.#tunnel;
				return {socketPath: tunnel.socketPath, agent: tunnel.agents[lane]};
			}
		}
	}

	/** `METHOD /path` as shown in messages. */
	describe(options: RequestOptions): string {
		return `${options.method ?? 'GET'} ${options.path}`;
	}

	/** Sends a request and resolves with the answer's head; the body is left to read. Never checks the status. */
	async open(options: RequestOptions, lane: Lane = 'short'): Promise<EngineResponse> {
		const what = this.describe(options);
		const url = (options.unversioned ? '' : `/v${apiVersion}`) + options.path + queryString(options.query);
		const headers: Record<string, string> = {...options.headers};
		let payload: Uint8Array | string | Readable | undefined = options.body;
		if (options.json !== undefined) {
			payload = JSON.stringify(options.json);
			headers['content-type'] = 'application/json';
		} else if (options.contentType) {
			headers['content-type'] = options.contentType;
		}

		if (payload !== undefined && !(payload instanceof Readable)) {
			headers['content-length'] = String(Buffer.byteLength(payload));
		}

		const target = await this.target(lane).catch((error: unknown) => {
			throw this.setupError(error);
		});
		const local = this.address.transport !== 'tcp';
		const connectTimeoutMs = options.connectTimeoutMs ?? this.connectTimeoutMs;
		const idleTimeoutMs = options.idleTimeoutMs ?? this.idleTimeoutMs;

		return new Promise<EngineResponse>((resolve, reject) => {
			options.signal?.throwIfAborted();
			let response: IncomingMessage | undefined;
			let settled = false;
			const request = http.request({
				...target,
				// The Host header docker's own client sends over a socket.
				...(local ? {headers: {...headers, host: 'docker'}} : {headers}),
				method: options.method ?? 'GET',
				path: url,
			});
			// Aborting reaches the body's reader too: it sees the abort's reason, not a bare "aborted".
			const onAbort = () => {
				const reason = abortReason(options.signal!);
				response?.destroy(reason);
				request.destroy(reason);
			};

			options.signal?.addEventListener('abort', onAbort, {once: true});
			request.once('close', () => {
				if (!response) {
					options.signal?.removeEventListener('abort', onAbort);
				}
			});
			const fail = (error: Error) => {
				clearTimeout(connectTimer);
				if (!settled) {
					settled = true;
					reject(error);
				}
			};

			const connectTimer = setTimeout(() => {
				request.destroy(new EngineUnreachableError(this.host));
			}, connectTimeoutMs);
			request.once('socket', socket => {
				if (!socket.connecting) {
					clearTimeout(connectTimer);
				}

				socket.once('connect', () => {
					clearTimeout(connectTimer);
				});
			});
			if (idleTimeoutMs > 0) {
				request.setTimeout(idleTimeoutMs, () => {
					const error = new EngineError(`the engine at ${this.host} sent nothing for ${duration(idleTimeoutMs)} during ${what}`);
					// After the head has come, the body's reader must see this error, not a bare "aborted".
					if (response) {
						response.destroy(error);
					}

					request.destroy(error);
				});
			}

			request.once('error', error => {
				// An abort is the caller's decision, passed back as its own reason.
				if (options.signal?.aborted) {
					fail(abortReason(options.signal));
					return;
				}

				void this.explained(error, what, response !== undefined).then(fail);
			});
			request.once('response', answer => {
				clearTimeout(connectTimer);
				response = answer;
				settled = true;
				answer.once('close', () => options.signal?.removeEventListener('abort', onAbort));
				resolve({status: answer.statusCode ?? 0, headers: answer.headers, body: answer});
			});

			if (payload instanceof Readable) {
				pipeline(payload, request).catch((error: unknown) => {
					// An engine that answers (and closes) before the whole body went up is not an upload failure.
					if (!settled) {
						request.destroy(error as Error);
					}
				});
			} else {
				request.end(payload);
			}
		});
	}

	/** Sends a request and returns its JSON answer (`undefined` for an empty one); an error status throws the engine's words. */
	async json<T>(options: RequestOptions): Promise<T> {
		const response = await this.open(options);
		const text = (await readBounded(response.body, this.maxJsonBytes, this.describe(options))).toString('utf8');
		if (response.status >= 400) {
			throw engineErrorFor(response.status, text, this.describe(options));
		}

		if (text.trim() === '') {
			return undefined as T;
		}

		try {
			return JSON.parse(text) as T;
		} catch {
			throw new EngineError(`the engine's answer to ${this.describe(options)} is not JSON`);
		}
	}

	/** Sends a request whose answer is a stream (progress, events, a tar); an error status throws the engine's words. */
	async stream(options: RequestOptions): Promise<EngineResponse> {
		const response = await this.open(options, 'stream');
		if (response.status >= 400) {
			const text = (await readBounded(response.body, this.maxJsonBytes, this.describe(options))).toString('utf8');
			throw engineErrorFor(response.status, text, this.describe(options));
		}

		return response;
	}

	/** A socket error in words; over ssh, ssh's own words when it was ssh that failed. */
	private async explained(error: Error, what: string, answered: boolean): Promise<Error> {
		if (this.address.transport === 'ssh' && this.#tunnel && !(error instanceof EngineError)) {
			const tunnel = await this.#tunnel.catch(() => undefined);
			const words = await tunnel?.failure();
			if (words !== undefined) {
				return new EngineUnreachableError(this.host, `error during connect: ${this.host}: ${sshWords(words)}`);
			}

			// podman's form: ssh took the connection but the remote socket did not (ssh says so only at LogLevel INFO).
			const code = (error as NodeJS.ErrnoException).code;
			if (this.address.socketPath !== undefined && !answered && (code === 'ECONNRESET' || code === 'EPIPE')) {
				return new EngineUnreachableError(this.host, `error during connect: ${this.host}: nothing answers at ${this.address.socketPath} on the remote host (no such socket, or no engine behind it)`);
			}
		}

		if (this.address.transport === 'tcp' && this.#tlsFailure) {
			const failure = this.#tlsFailure(error, this.address.hostname);
			if (failure !== undefined) {
				return new EngineUnreachableError(this.host, `error during connect: ${this.host}: ${failure}`);
			}
		}

		return this.connectionError(error, what, answered);
	}

	/** A tunnel that could not be set up (podman's form fails here), in one line. */
	private setupError(error: unknown): Error {
		if (error instanceof Error && error.name === 'SshError') {
			return new EngineUnreachableError(this.host, `error during connect: ${this.host}: ${sshWords((error as Error & {words: string}).words)}`);
		}

		return error instanceof Error ? this.connectionError(error, 'connecting', false) : new EngineError(String(error));
	}

	/** Turns a socket error into dockyard's words: docker's sentence when nothing listens. */
	private connectionError(error: Error, what: string, answered: boolean): Error {
		if (error instanceof EngineError || error instanceof EngineUnreachableError || error.name === 'AbortError') {
			return error;
		}

		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'EACCES' || code === 'EPERM') {
			// docker's words for a socket it may not open.
			return new EngineUnreachableError(this.host, `permission denied while trying to connect to the Docker daemon socket at ${this.host}`);
		}

		if (!answered && (code === 'ENOENT' || code === 'ECONNREFUSED' || code === 'ENOTSOCK' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'ETIMEDOUT' || code === 'ENOTDIR')) {
			return new EngineUnreachableError(this.host);
		}

		return new EngineError(`the connection to the engine at ${this.host} failed during ${what}: ${code ?? error.message}`);
	}
}

/** ssh's last line, with what it means where ssh's own words are terse. */
export function sshWords(line: string): string {
	if (/\bdocker: (command )?not found\b/.test(line)) {
		return `docker is not installed on the remote host (${line})`;
	}

	if (/open failed|connect failed|No such file or directory/i.test(line) && /channel|connect to/i.test(line)) {
		return `the engine's socket on the remote host cannot be opened (ssh: ${line})`;
	}

	return line;
}

/** The error an aborted signal carries, as an Error named AbortError when it carries none. */
export function abortReason(signal: AbortSignal): Error {
	if (signal.reason instanceof Error) {
		return signal.reason;
	}

	const error = new Error('the operation was aborted');
	error.name = 'AbortError';
	return error;
}

/** Reads a whole body, refusing one bigger than `maxBytes`. */
export async function readBounded(body: IncomingMessage, maxBytes: number, what: string): Promise<Buffer> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of body) {
		size += (chunk as Buffer).length;
		if (size > maxBytes) {
			body.destroy();
			throw new EngineError(`the engine's answer to ${what} is larger than ${bytes(maxBytes)}`);
		}

		chunks.push(chunk as Buffer);
	}

	return Buffer.concat(chunks);
}

/** Reads and drops a body (a 201 or 204 whose content does not matter), bounded all the same. */
export async function drain(body: IncomingMessage, maxBytes: number, what: string): Promise<void> {
	await readBounded(body, maxBytes, what);
}

function duration(ms: number): string {
	return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
}

function bytes(count: number): string {
	return count >= 1024 * 1024 ? `${Math.round(count / 1024 / 1024)} MiB` : `${count} bytes`;
}

function queryString(query: Record<string, QueryValue> | undefined): string {
	if (!query) {
		return '';
	}

	const search = new URLSearchParams();
	for (const [key, value] of Object.entries(query)) {
		if (value === undefined) {
			continue;
		}

		if (Array.isArray(value)) {
			for (const item of value) {
				search.append(key, item);
			}
		} else {
			search.append(key, String(value));
		}
	}

	const text = search.toString();
	return text === '' ? '' : `?${text}`;
}
