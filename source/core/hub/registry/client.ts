/**
 * One registry's API: requests under `/v2/`, authorised as its challenges
 * ask (anonymous first), with every answer that is not a success turned into
 * one line that names the registry and what was asked for.
 */
import {RegistryError} from '../../errors.js';
import {resolveCredentials} from '../credential-lookup.js';
import {Authorizer} from './auth.js';
import type {Answer} from './answer.js';
import type {RequestBody} from './node-request.js';
import {BodyLostError, readLimited, registryErrorText} from './body.js';
import type {Endpoint} from './endpoint.js';
import {type HttpMethod, type Reply, Transport, type TransportSettings, transportSettings} from './transport.js';

export type ClientOptions = {
	environment?: NodeJS.ProcessEnv;
	settings?: TransportSettings;
};

export type ApiRequest = {
	/** `repository:<path>:pull`, `registry:catalog:*`. */
	scope: string;
	/** What was asked for, for messages: `127.0.0.1:5000/x:latest`, `the catalog of …`. */
	subject: string;
	/** Shown in transport errors: `the manifest of 127.0.0.1:5000/x:latest`. */
	what: string;
	method?: HttpMethod;
	headers?: Record<string, string>;
	body?: RequestBody;
	/** Not retried by the transport (see SendOptions). */
	once?: boolean;
	signal?: AbortSignal;
};

export class RegistryClient {
	readonly endpoint: Endpoint;
	readonly transport: Transport;
	readonly #auth: Authorizer;

	constructor(endpoint: Endpoint, options: ClientOptions = {}) {
		const environment = options.environment ?? process.env;
		this.endpoint = endpoint;
		this.transport = new Transport(endpoint, options.settings ?? transportSettings(environment));
		this.#auth = new Authorizer(this.transport, async () => resolveCredentials(endpoint.domain, environment));
	}

	get domain(): string {
		return this.endpoint.domain;
	}

	/** The URL of an API path (`/v2/…`) or of a `Link` relative to an earlier page. */
	url(path: string, base?: URL): URL {
		return new URL(path, base ?? this.endpoint.registry);
	}

	/**
	 * Sends the request; on a 401, answers the challenge and sends it once
	 * more. Returns any answer but 401 (the caller judges 404 and the like).
	 */
	async request(url: URL, request: ApiRequest): Promise<Reply> {
		let authorization = this.#auth.cached(request.scope);
		for (let round = 0; ; round++) {
			const headers = {...request.headers};
			if (authorization) {
				headers['Authorization'] = authorization;
			}

			// eslint-disable-next-line no-await-in-loop
			const reply = await this.transport.send(url, {method: request.method, headers, body: request.body, once: request.once, signal: request.signal, what: request.what});
			if (reply.response.status !== 401) {
				return reply;
			}

			reply.done();
			const challenge = reply.response.headers.get('www-authenticate');
			if (round >= 1 || (authorization && !challenge)) {
				this.#auth.forget(request.scope);
				throw this.#auth.unauthorized(request.subject, Boolean(authorization));
			}

			// eslint-disable-next-line no-await-in-loop
			authorization = await this.#auth.answer(challenge, request.scope, request.subject, request.signal);
		}
	}

	/**
	 * A 200 answer read whole under a size limit. A body lost midway (a
	 * reset, a stall) is asked for again, with the same backoff as a 5xx.
	 */
	async fetchWhole(url: URL, request: ApiRequest, limit: number, notFound: string): Promise<{response: Answer; bytes: Buffer}> {
		for (let attempt = 0; ; attempt++) {
			// eslint-disable-next-line no-await-in-loop
			const reply = await this.request(url, request);
			if (reply.response.status !== 200) {
				// eslint-disable-next-line no-await-in-loop
				throw await this.failure(reply, request, notFound);
			}

			try {
				// eslint-disable-next-line no-await-in-loop
				return {response: reply.response, bytes: await readLimited(reply, limit, request.what, this.domain)};
			} catch (error) {
				if (!(error instanceof BodyLostError) || attempt >= this.transport.settings.retries || request.signal?.aborted) {
					throw error instanceof BodyLostError && attempt > 0 ? new RegistryError(`${error.message}, ${attempt + 1} attempts`) : error;
				}
			}

			// eslint-disable-next-line no-await-in-loop
			await this.transport.backoff(attempt, request.signal);
		}
	}

	/** An answer that is not what was wanted, as one line: 404s in docker's words, the rest with status and the registry's error code. */
	async failure(reply: Reply, request: ApiRequest, notFound: string): Promise<RegistryError> {
		const {status} = reply.response;
		const detail = reply.stream && request.method !== 'HEAD' ? await registryErrorText(reply, this.domain) : undefined;
		reply.done();
		if (status === 404) {
			return new RegistryError(`${notFound}: ${detail ?? 'not found'}`);
		}

		if (status === 403) {
			return new RegistryError(`denied: ${this.domain} refused access to ${request.subject}${detail ? ` (${detail})` : ''}`);
		}

		return new RegistryError(`${this.domain} answered ${status} ${reply.response.statusText || ''}`.trimEnd() + ` for ${request.what}${detail ? `: ${detail}` : ''}`);
	}
}
