/**
 * One request through node:http(s), answered like fetch (a Response-like `Answer` for the
 * status and headers, answer.ts) but with the body as the socket's own Node stream. Every
 * registry request goes this way, so one agent carries its TLS options (the
 * registry's CAs, a client certificate, no verification for an insecure
 * one) and its proxy; a blob's bytes reach the store without fetch's web
 * streams, which cost a third more CPU per byte and a copy of every chunk.
 */
import type {Agent, IncomingMessage, RequestOptions} from 'node:http';
import type {Writable} from 'node:stream';
import {proxyRefused, socketProblem} from '../../net/agents.js';
import type {Proxy} from '../../net/proxy-env.js';
import {ProxyError} from '../../net/proxy-error.js';
import {answer, type Answer} from './answer.js';
import {type ByteParts, partsLength} from './byte-parts.js';

/**
 * Writes a body into its request as the bytes come, ending it at the end or
 * destroying it on a failure, and telling `sent` of each write (progress for
 * the stall watchdog); its length is in the caller's `Content-Length`.
 */
export type BodyWriter = (request: Writable, sent: (bytes: number) => void) => void;

/** What a request sends: text, bytes, bytes in the parts they were read in (written in order, never joined), or a writer. */
export type RequestBody = string | Uint8Array | ByteParts | BodyWriter;

export type NodeAnswer = {response: Answer; stream: IncomingMessage};

/** How a request leaves: its agent, and for plain http through a proxy, that proxy. */
export type Route = {agent?: Agent; httpProxy?: Proxy; clientCertificate?: boolean};

export async function nodeRequest(url: URL, init: {method: string; headers: Record<string, string>; body?: RequestBody; signal: AbortSignal; route?: Route; sent?: (bytes: number) => void}): Promise<NodeAnswer> {
	init.signal.throwIfAborted();
	// Taken at the first request, not imported: an ES import of node:http reads all its exports, and
	// the lazy ones load undici, some 30 ms of every command that only reads the store.
	const send = url.protocol === 'https:' ? process.getBuiltinModule('node:https').request : process.getBuiltinModule('node:http').request;
	const headers: Record<string, string> = {'User-Agent': 'dockyard', ...init.headers};
	const {body} = init;
	const writer = typeof body === 'function' ? body : undefined;
	const parts: ByteParts = body === undefined || writer ? [] : (typeof body === 'string' ? [Buffer.from(body)] : (body instanceof Uint8Array ? [body] : body as ByteParts));
	if (!writer && (body !== undefined || ['POST', 'PUT', 'PATCH'].includes(init.method))) {
		headers['Content-Length'] ??= String(partsLength(parts));
	}

	const proxy = init.route?.httpProxy;
	const options: RequestOptions = {method: init.method, headers, signal: init.signal, agent: init.route?.agent};
	if (proxy) {
		// Absolute form to the proxy: `GET http://registry.lan/v2/ HTTP/1.1`, Host the registry's.
		Object.assign(options, {host: proxy.url.hostname.replace(/^\[|\]$/g, ''), port: proxy.url.port || 80, path: url.href});
		headers['Host'] = url.host;
		if (proxy.authorization) {
			headers['Proxy-Authorization'] = proxy.authorization;
		}
	}

	return new Promise((resolve, reject) => {
		let answered = false;
		const onAnswer = (stream: IncomingMessage) => {
			answered = true;
			if (proxy && stream.statusCode === 407) {
				stream.destroy();
				reject(proxyRefused(proxy, url.host, stream));
				return;
			}

			let response: Answer;
			try {
				response = answer(stream.statusCode ?? 0, stream.statusMessage ?? '', stream.rawHeaders);
			} catch (error) {
				stream.destroy();
				reject(error as Error);
				return;
			}

			resolve({response, stream});
		};

		const request = proxy ? process.getBuiltinModule('node:http').request(options, onAnswer) : send(url, options, onAnswer);
		// Every error, also those after the answer came (a cancelled body): they reach the body's reader as its own error.
		request.on('error', error => {
			if (init.signal.aborted) {
				// As fetch does: an abort rejects with the signal's reason (a stall, a cancel), not node's AbortError.
				reject(init.signal.reason as Error);
			} else if (proxy && !answered && !(error instanceof ProxyError)) {
				reject(new ProxyError(`cannot reach the proxy ${proxy.name}: ${socketProblem(error)}`));
			} else {
				reject(error);
			}
		});
		if (writer) {
			writer(request, init.sent ?? (() => {}));
			return;
		}

		for (let index = 0; index < parts.length - 1; index++) {
			request.write(parts[index]);
		}

		request.end(parts.at(-1));
	});
}
