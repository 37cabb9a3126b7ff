/**
 * HTTP for one registry, on node:http(s): TLS as docker and podman do it
 * (the registry's certs.d, no verification for an insecure one, which falls
 * back to plain http), proxies from the environment, retries with backoff on
 * 5xx and on connections that fail or reset, redirects followed by hand
 * (bounded, and `Authorization` never sent to another origin), plain http
 * only where the endpoint allows it, and two watchdogs that a body reader feeds by kicking
 * on every chunk: a stall timeout (nothing at all for so long) and a minimum
 * rate (a body that drips a byte a second never stalls, yet never ends).
 */
import type {IncomingMessage} from 'node:http';
import os from 'node:os';
import type {Readable} from 'node:stream';
import {RegistryError} from '../../errors.js';
import {httpsAgentFor, proxyHttpAgent} from '../../net/agents.js';
import {proxyFor} from '../../net/proxy-env.js';
import {registryTls} from '../../net/registry-tls.js';
import {describeTlsError, isTlsError} from '../../net/tls-error.js';
import type {Endpoint} from './endpoint.js';
import {type Answer, InvalidStatusError} from './answer.js';
import {nodeRequest, type RequestBody, type Route} from './node-request.js';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH';

export type TransportSettings = {
	/** Attempts after the first one, for 5xx answers and network errors. */
	retries: number;
	/** First backoff delay; doubled each retry. */
	retryDelayMs: number;
	/** No byte (nor headers) for this long: the request fails. */
	stallMs: number;
	/** A body slower than this many bytes a second, over a whole rate window, fails (0: no minimum). */
	minBytesPerSecond: number;
	/** The window the minimum rate is measured over, from the answer's headers on. */
	rateWindowMs: number;
	maxRedirects: number;
};

/** Defaults, each overridable by an environment variable so tests run in milliseconds. */
export function transportSettings(environment: NodeJS.ProcessEnv = process.env): TransportSettings {
	return {
		retries: number(environment['DOCKYARD_REGISTRY_RETRIES'], 3),
		retryDelayMs: number(environment['DOCKYARD_REGISTRY_RETRY_MS'], 500),
		stallMs: number(environment['DOCKYARD_REGISTRY_STALL_MS'], 30_000),
		// 60 KiB a minute: far below any working link, far above a registry that drips to hold a pull open.
		minBytesPerSecond: number(environment['DOCKYARD_REGISTRY_MIN_RATE'], 1024),
		rateWindowMs: number(environment['DOCKYARD_REGISTRY_RATE_WINDOW_MS'], 60_000),
		maxRedirects: 10,
	};
}

function number(text: string | undefined, fallback: number): number {
	const value = Number(text);
	return text !== undefined && text !== '' && Number.isFinite(value) && value >= 0 ? value : fallback;
}

export type SendOptions = {
	method?: HttpMethod;
	headers?: Record<string, string>;
	/** Held whole, or written again by its writer, so a retry or a 307 sends it again (push uploads in bounded chunks). */
	body?: RequestBody;
	signal?: AbortSignal;
	/** No retry here: the caller resumes (an upload chunk, which a blind resend would append twice). */
	once?: boolean;
	/** What is being fetched, for messages: e.g. `the manifest of 127.0.0.1:5000/x:latest`. */
	what: string;
};

/** An answer whose body is still to be read; the watchdog runs until `done()`. */
export type Reply = {
	/** The status and headers; the body is `stream`. */
	response: Answer;
	/** The body, as the socket's Node stream. */
	stream?: Readable;
	/** The URL that answered, after redirects. */
	url: URL;
	/** Call on every chunk read, with its size: the stall timer starts again, the bytes count towards the minimum rate. */
	kick: (bytes: number) => void;
	/** Stops the watchdog; cancels the body if it was not read to the end. */
	done: () => void;
	/** When the read failed, the error to report (a stall, too slow, a reset, an abort). */
	failure: (error: unknown) => RegistryError | Error;
};

const redirectStatuses = new Set([301, 302, 303, 307, 308]);

export function isRetryableStatus(status: number): boolean {
	return status === 429 || (status >= 500 && status !== 501 && status !== 505);
}

export class Transport {
	readonly endpoint: Endpoint;
	readonly settings: TransportSettings;
	/** How each origin is reached (agent, proxy), made at its first request. */
	readonly #routes = new Map<string, Route>();
	/** Hosts of an insecure registry that answered https with plain http: asked over http from then on. */
	readonly #plainHttp = new Set<string>();

	constructor(endpoint: Endpoint, settings: TransportSettings = transportSettings()) {
		this.endpoint = endpoint;
		this.settings = settings;
	}

	/**
	 * Sends a request, retrying 5xx answers and network failures with backoff.
	 * Any other status is returned for the caller to judge; a 5xx that lasts
	 * through every retry is an error.
	 */
	async send(url: URL, options: SendOptions): Promise<Reply> {
		let attempt = 0;
		for (;;) {
			let reply: Reply;
			try {
				// eslint-disable-next-line no-await-in-loop
				reply = await this.#follow(url, options);
			} catch (error) {
				if (options.once && !(error instanceof RegistryError)) {
					// The caller resumes, and words the failure itself.
					throw error;
				}

				if (error instanceof RegistryError || options.signal?.aborted || attempt >= this.settings.retries || isPermanent(error)) {
					throw error instanceof RegistryError || options.signal?.aborted ? error : this.networkError(error, options.what, attempt + 1);
				}

				// eslint-disable-next-line no-await-in-loop
				await this.backoff(attempt++, options.signal);
				continue;
			}

			const {status} = reply.response;
			if (!isRetryableStatus(status) || options.once) {
				return reply;
			}

			reply.done();
			if (attempt >= this.settings.retries) {
				throw new RegistryError(`${this.endpoint.domain} answered ${status} ${reply.response.statusText || 'error'} for ${options.what}, ${attempt + 1} times`);
			}

			// eslint-disable-next-line no-await-in-loop
			await this.backoff(attempt++, options.signal, retryAfter(reply.response));
		}
	}

	/** The registry's own origin: its https one, or plain http once it fell back to that. */
	isRegistryOrigin(url: URL): boolean {
		const {registry} = this.endpoint;
		return url.origin === registry.origin || (url.protocol === 'http:' && url.host === registry.host && this.#plainHttp.has(url.host));
	}

	/** The delay before retry number `attempt` (0-based): doubling from retryDelayMs, at most 10 s. */
	async backoff(attempt: number, signal?: AbortSignal, atLeastMs = 0): Promise<void> {
		const ms = Math.min(10_000, Math.max(atLeastMs, this.settings.retryDelayMs * (2 ** attempt)));
		await new Promise<void>((resolve, reject) => {
			const timer = setTimeout(() => {
				signal?.removeEventListener('abort', onAbort);
				resolve();
			}, ms);
			const onAbort = () => {
				clearTimeout(timer);
				reject(signal!.reason as Error);
			};

			signal?.addEventListener('abort', onAbort, {once: true});
		});
	}

	/** A failure below HTTP (refused, reset, stalled), as one line naming the registry. */
	networkError(error: unknown, what: string, attempts: number, midway = false): RegistryError {
		if (error instanceof RegistryError) {
			return error;
		}

		const times = attempts > 1 ? `, ${attempts} attempts` : '';
		const where = midway ? `lost ${what} from ${this.endpoint.domain}` : `cannot reach ${this.endpoint.domain} for ${what}`;
		return new RegistryError(`${where}: ${describeNetworkError(error)}${times}`);
	}

	async #follow(start: URL, options: SendOptions): Promise<Reply> {
		let url = start;
		let method = options.method ?? 'GET';
		let body = options.body;
		for (let hop = 0; hop <= this.settings.maxRedirects; hop++) {
			this.#checkScheme(url, options.what);
			const headers = {...options.headers};
			if (url.origin !== start.origin) {
				// Credentials are for the origin they were made for, never for where it redirects.
				for (const name of Object.keys(headers)) {
					if (name.toLowerCase() === 'authorization') {
						delete headers[name];
					}
				}
			}

			// eslint-disable-next-line no-await-in-loop
			const reply = await this.#secureOrPlain(url, {method, headers, body, signal: options.signal, what: options.what});
			const location = reply.response.headers.get('location');
			if (!redirectStatuses.has(reply.response.status) || !location) {
				return reply;
			}

			reply.done();
			let next: URL;
			try {
				next = new URL(location, url);
			} catch {
				throw new RegistryError(`${this.endpoint.domain} redirected ${options.what} to an invalid address: ${location.slice(0, 200)}`);
			}

			if (reply.response.status === 303) {
				method = 'GET';
				body = undefined;
			}

			url = next;
		}

		throw new RegistryError(`too many redirects (more than ${this.settings.maxRedirects}) from ${this.endpoint.domain} for ${options.what}`);
	}

	/**
	 * https, and for a registry that may be reached over plain http, http when
	 * https found no TLS there (dockerd's order for an insecure registry).
	 * A certificate or TLS alert is one line, never a fallback.
	 */
	async #secureOrPlain(url: URL, init: OnceInit): Promise<Reply> {
		const plain = () => {
			const http = new URL(url);
			http.protocol = 'http:';
			return http;
		};

		if (url.protocol === 'https:' && this.#plainHttp.has(url.host)) {
			return this.#once(plain(), init);
		}

		try {
			return await this.#once(url, init);
		} catch (error) {
			if (url.protocol !== 'https:' || error instanceof RegistryError || init.signal?.aborted) {
				throw error;
			}

			if (isTlsError(error) || !this.endpoint.allowsHttp(url) || error instanceof StallError || error instanceof SlowError) {
				const tls = describeTlsError(error, url.host, {clientCertificate: this.#routes.get(`${url.protocol}//${url.host}`)?.clientCertificate});
				throw tls ? new RegistryError(`cannot reach ${this.#named(url)} over TLS for ${init.what}: ${tls}`) : error;
			}
		}

		const reply = await this.#once(plain(), init);
		this.#plainHttp.add(url.host);
		return reply;
	}

	/** The registry, and the host when a redirect took the request elsewhere. */
	#named(url: URL): string {
		return url.host.toLowerCase() === this.endpoint.registry.host.toLowerCase() ? this.endpoint.domain : `${url.host} (for ${this.endpoint.domain})`;
	}

	/** The agent and proxy of an origin: TLS options from its certs.d, the proxy from the environment. */
	#route(url: URL): Route {
		const key = `${url.protocol}//${url.host}`;
		let route = this.#routes.get(key);
		if (!route) {
			const {environment} = this.endpoint;
			const proxy = proxyFor(url, environment);
			if (url.protocol === 'https:') {
				const tls = registryTls(url.host, this.endpoint.verifies(url), {home: environment['HOME'] ?? environment['USERPROFILE'] ?? os.homedir()});
				route = {agent: httpsAgentFor(tls, proxy), clientCertificate: tls.cert !== undefined};
			} else {
				route = proxy ? {agent: proxyHttpAgent(proxy), httpProxy: proxy} : {};
			}

			this.#routes.set(key, route);
		}

		return route;
	}

	#checkScheme(url: URL, what: string): void {
		if (url.protocol === 'https:' || (url.protocol === 'http:' && this.endpoint.allowsHttp(url))) {
			return;
		}

		const hint = url.protocol === 'http:' ? ` (plain http is used only for loopback, registries listed in settings.insecureRegistries, and with --tls-verify=false)` : '';
		throw new RegistryError(`refusing ${url.protocol.replace(':', '')}://${url.host} for ${what} from ${this.endpoint.domain}${hint}`);
	}

	async #once(url: URL, init: OnceInit): Promise<Reply> {
		const controller = new AbortController();
		const {stallMs, minBytesPerSecond, rateWindowMs} = this.settings;
		// What a watchdog aborted the request with: the error to report instead of fetch's AbortError.
		let tripped: StallError | SlowError | undefined;
		let timer: NodeJS.Timeout | undefined;
		let rateTimer: NodeJS.Timeout | undefined;
		let windowBytes = 0;
		let stopped = false;
		const arm = () => {
			if (stopped) {
				return;
			}

			if (timer) {
				// Cheaper than a new timer on every chunk of a large blob.
				timer.refresh();
				return;
			}

			timer = setTimeout(() => {
				tripped ??= new StallError(stallMs);
				controller.abort(tripped);
			}, stallMs);
			// An open socket keeps the process alive; a forgotten timer must not.
			timer.unref();
		};
		const watchRate = () => {
			const wanted = minBytesPerSecond * rateWindowMs / 1000;
			if (stopped || wanted <= 0) {
				return;
			}

			rateTimer = setInterval(() => {
				if (windowBytes < wanted) {
					tripped ??= new SlowError(minBytesPerSecond, rateWindowMs, windowBytes);
					clearInterval(rateTimer);
					controller.abort(tripped);
				}

				windowBytes = 0;
			}, rateWindowMs);
			rateTimer.unref();
		};
		const stop = () => {
			stopped = true;
			clearTimeout(timer);
			clearInterval(rateTimer);
		};

		const signals = init.signal ? [controller.signal, init.signal] : [controller.signal];
		const signal = signals.length > 1 ? AbortSignal.any(signals) : controller.signal;
		arm();
		let response: Answer;
		let stream: IncomingMessage | undefined;
		try {
			const route = this.#route(url);
			// Bytes going out are progress too: a long body is not a stall while it is being written.
			({response, stream} = await nodeRequest(url, {method: init.method, headers: init.headers, body: init.body, signal, route, sent: arm}));
		} catch (error) {
			stop();
			if (error instanceof InvalidStatusError) {
				throw new RegistryError(`${this.endpoint.domain} answered ${error.message} for ${init.what}`);
			}

			throw tripped ?? error;
		}

		watchRate();
		let finished = false;
		return {
			response,
			stream,
			url,
			kick(bytes) {
				windowBytes += bytes;
				arm();
			},
			done() {
				stop();
				if (!finished) {
					finished = true;
					// A body left half-read closes its connection, so it is never reused half-read (a no-op once it was read to its end);
					// one wholly received but unread (a 202's empty body, a HEAD's) is read to its end, which hands the connection back to the pool.
					if (stream && !stream.readableEnded) {
						if (stream.complete) {
							stream.resume();
						} else {
							stream.destroy();
						}
					}
				}
			},
			failure(error: unknown) {
				stop();
				return tripped ?? error as Error;
			},
		};
	}
}

type OnceInit = {method: string; headers: Record<string, string>; body?: RequestBody; signal?: AbortSignal; what: string};

/** A name that does not resolve or a certificate that is not trusted: asking again will not help. */
function isPermanent(error: unknown): boolean {
	const seen = new Set<unknown>();
	for (let current = error; current && typeof current === 'object' && !seen.has(current); current = (current as {cause?: unknown}).cause) {
		seen.add(current);
		const code = (current as {code?: unknown}).code;
		if (typeof code === 'string' && (code === 'ENOTFOUND' || /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL/.test(code))) {
			return true;
		}
	}

	return false;
}

/** No byte arrived for the stall timeout. Retryable, like a reset. */
export class StallError extends Error {
	constructor(readonly ms: number) {
		super(`no data for ${seconds(ms)} (stalled)`);
		this.name = 'StallError';
	}
}

/** A body that kept coming, but slower than the minimum rate over a whole window. Retryable, like a stall. */
export class SlowError extends Error {
	constructor(readonly bytesPerSecond: number, readonly windowMs: number, readonly received: number) {
		super(`${received} bytes in ${seconds(windowMs)}, under the minimum of ${bytesPerSecond} bytes/s (too slow)`);
		this.name = 'SlowError';
	}
}

function seconds(ms: number): string {
	return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}

function retryAfter(response: Answer): number {
	const seconds = Number(response.headers.get('retry-after'));
	return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0;
}

/** `ECONNRESET`, `ECONNREFUSED`, "other side closed", a stall: what undici reports, in a few words. */
export function describeNetworkError(error: unknown): string {
	if (error instanceof StallError || error instanceof SlowError) {
		return error.message;
	}

	const seen = new Set<unknown>();
	let current: unknown = error;
	let code: string | undefined;
	let message: string | undefined;
	while (current && typeof current === 'object' && !seen.has(current)) {
		seen.add(current);
		const record = current as {code?: unknown; message?: unknown; cause?: unknown};
		if (typeof record.code === 'string' && !code) {
			code = record.code;
		}

		if (typeof record.message === 'string' && record.message !== 'fetch failed' && record.message !== 'terminated') {
			message = record.message;
		}

		current = record.cause;
	}

	// Never Node's advice about its own flags (`try running Node.js with --use-system-ca`).
	const text = (message ?? String(error)).split('\n')[0]!.replace(/;? *(?:if [^;]*, )?try running Node\.js with --[\w-]+/, '');
	return code && !text.includes(code) ? `${text} (${code})` : text;
}
