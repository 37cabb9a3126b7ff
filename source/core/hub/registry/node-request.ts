/**
 * One request through node:http(s), answered like fetch (a `Response` for the
 * status and headers) but with the body as the socket's own Node stream: a
 * blob's bytes reach the store without fetch's web streams, which cost a
 * third more CPU per byte and a copy of every chunk.
 */
import type {IncomingMessage} from 'node:http';

export type NodeAnswer = {response: Response; stream: IncomingMessage};

/** An HTTP status that a `Response` cannot hold (below 200, above 599). */
export class InvalidStatusError extends Error {
	constructor(readonly status: number) {
		super(`an invalid HTTP status ${status}`);
		this.name = 'InvalidStatusError';
	}
}

export async function nodeRequest(url: URL, init: {method: string; headers: Record<string, string>; signal: AbortSignal}): Promise<NodeAnswer> {
	init.signal.throwIfAborted();
	// Taken at the first request, not imported: an ES import of node:http reads all its exports, and
	// the lazy ones load undici, some 30 ms of every command that only reads the store.
	const send = url.protocol === 'https:' ? process.getBuiltinModule('node:https').request : process.getBuiltinModule('node:http').request;
	return new Promise((resolve, reject) => {
		const request = send(url, {method: init.method, headers: init.headers, signal: init.signal}, stream => {
			let response: Response;
			try {
				response = new Response(null, {status: stream.statusCode, statusText: stream.statusMessage, headers: headersOf(stream)});
			} catch {
				stream.destroy();
				reject(new InvalidStatusError(stream.statusCode ?? 0));
				return;
			}

			resolve({response, stream});
		});
		// Every error, also those after the answer came (a cancelled body): they reach the body's reader as its own error.
		request.on('error', error => {
			// As fetch does: an abort rejects with the signal's reason (a stall, a cancel), not node's AbortError.
			reject(init.signal.aborted ? init.signal.reason as Error : error);
		});
		request.end();
	});
}

function headersOf(stream: IncomingMessage): Headers {
	const headers = new Headers();
	const raw = stream.rawHeaders;
	for (let index = 0; index + 1 < raw.length; index += 2) {
		try {
			headers.append(raw[index]!, raw[index + 1]!);
		} catch {
			// A header that fetch would not carry either (a value Headers refuses): left out.
		}
	}

	return headers;
}
