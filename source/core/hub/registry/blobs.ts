/**
 * Blobs: a layer streamed as it arrives (the store hashes it on the way),
 * resumed with `Range` after a reset or a stall — or, when the server
 * ignores the range, by skipping what was already passed on — and never more
 * bytes than the manifest says. A config is read whole, under a limit, and
 * checked against its digest here.
 */
import {Readable} from 'node:stream';
import {sha256} from '../../digest.js';
import {RegistryError} from '../../errors.js';
import type {Descriptor} from '../../oci.js';
import {familiarName, type Reference} from '../../reference.js';
import {BodyLostError, limits, mebibytes, readLimited} from './body.js';
import type {ApiRequest, RegistryClient} from './client.js';
import {repositoryScope} from './manifest.js';
import {SlowError, type Reply} from './transport.js';

function blobRequest(reference: Reference, descriptor: Descriptor, signal?: AbortSignal): ApiRequest {
	return {
		scope: repositoryScope(reference),
		subject: familiarName(reference),
		what: `blob ${descriptor.digest} of ${familiarName(reference)}`,
		// A blob is stored as it is: no transfer compression.
		headers: {'Accept-Encoding': 'identity'},
		signal,
	};
}

async function openAt(client: RegistryClient, reference: Reference, descriptor: Descriptor, offset: number, signal?: AbortSignal, source?: URL): Promise<Reply> {
	const request = blobRequest(reference, descriptor, signal);
	if (offset > 0) {
		request.headers = {...request.headers, Range: `bytes=${offset}-`};
	}

	// A foreign layer's own URL: the same transport (proxies, TLS, retries, stall watch), never the registry's credentials.
	const reply = source
		? await client.transport.send(source, {headers: request.headers, signal, what: `foreign layer ${descriptor.digest} from ${source.host}`})
		: await client.request(client.url(`/v2/${reference.path}/blobs/${descriptor.digest}`), request);
	const {status} = reply.response;
	if (source && status !== 200 && status !== 206) {
		reply.done();
		throw new RegistryError(`${source.host} answered ${status} ${reply.response.statusText || ''}`.trimEnd() + ` for foreign layer ${descriptor.digest}`);
	}

	if (status !== 200 && status !== 206) {
		throw await client.failure(reply, request, `blob ${descriptor.digest} of ${familiarName(reference)} not found`);
	}

	const length = reply.response.headers.get('content-length');
	if (status === 200 && length !== null && Number(length) !== descriptor.size) {
		reply.done();
		throw new RegistryError(`blob ${descriptor.digest} of ${familiarName(reference)} from ${client.domain} is ${length} bytes, the manifest says ${descriptor.size}`);
	}

	if (status === 206) {
		const range = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(reply.response.headers.get('content-range') ?? '');
		if (!range || Number(range[1]) !== offset) {
			reply.done();
			throw new RegistryError(`${client.domain} answered a resumed download of blob ${descriptor.digest} with the wrong range (${(reply.response.headers.get('content-range') ?? 'none').slice(0, 60)}, wanted from byte ${offset})`);
		}
	}

	return reply;
}

/**
 * The blob's bytes as a stream; the first request is made before this resolves, so a 404 or a 401 rejects here.
 * A foreign layer with `urls` comes from the first of them that answers, as podman fetches it (the store checks its digest).
 */
export async function openBlobStream(client: RegistryClient, reference: Reference, descriptor: Descriptor, signal?: AbortSignal): Promise<Readable> {
	const urls = Array.isArray(descriptor.urls) ? descriptor.urls.filter((url): url is string => typeof url === 'string') : [];
	if (urls.length === 0) {
		const first = await openAt(client, reference, descriptor, 0, signal).catch((error: unknown) => {
			// A foreign layer may still be in the registry (pushed with it); when it is not, say what kind of layer it was.
			throw /foreign|nondistributable/.test(descriptor.mediaType) && error instanceof RegistryError && !signal?.aborted
				? new RegistryError(`layer ${descriptor.digest} of ${familiarName(reference)} is a foreign layer (${descriptor.mediaType.slice(0, 100)}) with no URLs to fetch it from, and ${client.domain} does not serve it: ${error.message}`)
				: error;
		});
		return new BlobStream(client, reference, descriptor, first, signal);
	}

	const failures: string[] = [];
	for (const text of urls) {
		let url: URL | undefined;
		try {
			url = new URL(text);
		} catch {}

		if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
			failures.push(`${text.slice(0, 100)}: not an http(s) URL`);
			continue;
		}

		try {
			// eslint-disable-next-line no-await-in-loop
			const first = await openAt(client, reference, descriptor, 0, signal, url);
			return new BlobStream(client, reference, descriptor, first, signal, url);
		} catch (error) {
			signal?.throwIfAborted();
			failures.push(error instanceof Error ? error.message : String(error));
		}
	}

	throw new RegistryError(`layer ${descriptor.digest} of ${familiarName(reference)} is a foreign layer (${descriptor.mediaType.slice(0, 100)}) and none of its ${urls.length} URLs could be fetched: ${failures.join('; ')}`);
}

/**
 * The socket's chunks passed on as they came (no copy, no concatenation),
 * paused while the reader is full; a reset, a stall or a short body opens
 * the blob again from the first byte not yet passed on.
 */
class BlobStream extends Readable {
	readonly #client: RegistryClient;
	readonly #reference: Reference;
	readonly #descriptor: Descriptor;
	readonly #signal?: AbortSignal;
	readonly #what: string;
	readonly #source?: URL;
	#reply?: Reply;
	#offset = 0;
	#failures = 0;
	#resumes = 0;

	constructor(client: RegistryClient, reference: Reference, descriptor: Descriptor, first: Reply, signal?: AbortSignal, source?: URL) {
		// 1 MiB in hand before the socket is paused: a few network chunks, enough to keep the file writes batched.
		super({highWaterMark: 1024 * 1024});
		this.#client = client;
		this.#reference = reference;
		this.#descriptor = descriptor;
		this.#signal = signal;
		this.#source = source;
		this.#what = blobRequest(reference, descriptor).what;
		this.#attach(first);
	}

	override _read(): void {
		this.#reply?.stream?.resume();
	}

	override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
		this.#reply?.done();
		this.#reply = undefined;
		callback(error);
	}

	#attach(reply: Reply): void {
		const body = reply.stream;
		if (!body) {
			reply.done();
			this.destroy(new RegistryError(`${this.#client.domain} sent no body for ${this.#what}`));
			return;
		}

		this.#reply = reply;
		// Bytes a server that ignored `Range` sends again from the start.
		let skip = reply.response.status === 200 ? this.#offset : 0;
		const progressAt = this.#offset;
		let over = false;
		body.on('data', (chunk: Buffer) => {
			if (over || this.destroyed) {
				return;
			}

			reply.kick(chunk.length);
			let bytes = chunk;
			if (skip > 0) {
				const dropped = Math.min(skip, bytes.length);
				skip -= dropped;
				bytes = bytes.subarray(dropped);
				if (bytes.length === 0) {
					return;
				}
			}

			this.#offset += bytes.length;
			if (this.#offset > this.#descriptor.size) {
				over = true;
				this.destroy(new RegistryError(`blob ${this.#descriptor.digest} of ${familiarName(this.#reference)} from ${this.#client.domain} is larger than the ${this.#descriptor.size} bytes the manifest says`));
				return;
			}

			if (!this.push(bytes)) {
				body.pause();
			}
		});
		body.once('end', () => {
			if (over || this.#reply !== reply) {
				return;
			}

			reply.done();
			if (this.#offset === this.#descriptor.size) {
				this.#reply = undefined;
				this.push(null);
			} else {
				this.#lost(new ShortBody(this.#offset, this.#descriptor.size), progressAt);
			}
		});
		body.on('error', (error: Error) => {
			if (over || this.#reply !== reply) {
				return;
			}

			this.#lost(reply.failure(error), progressAt);
		});
	}

	/** The body failed before its end: open it again from where it stopped, or fail as one line. */
	#lost(error: Error, progressAt: number): void {
		this.#reply?.done();
		this.#reply = undefined;
		if (this.destroyed) {
			return;
		}

		if (error instanceof RegistryError || this.#signal?.aborted) {
			this.destroy(this.#signal?.aborted ? this.#signal.reason as Error : error);
			return;
		}

		// A reset after progress starts the count again; a bounded number of resumes in all.
		// Too slow is no progress, however many bytes came: a server that drips must not earn fresh retries.
		const {transport} = this.#client;
		this.#failures = this.#offset > progressAt && !(error instanceof SlowError) ? 1 : this.#failures + 1;
		this.#resumes++;
		if (this.#failures > transport.settings.retries || this.#resumes > transport.settings.retries + 20) {
			this.destroy(transport.networkError(error, this.#what, this.#resumes, true));
			return;
		}

		(async () => {
			await transport.backoff(this.#failures - 1, this.#signal);
			return openAt(this.#client, this.#reference, this.#descriptor, this.#offset, this.#signal, this.#source);
		})().then(reply => {
			if (this.destroyed) {
				reply.done();
				return;
			}

			this.#attach(reply);
		}, (error_: unknown) => {
			this.destroy(error_ as Error);
		});
	}
}

/** The connection ended cleanly before the whole blob came: resumed like a reset. */
class ShortBody extends Error {
	constructor(received: number, size: number) {
		super(`the connection closed after ${received} of ${size} bytes`);
		this.name = 'ShortBody';
	}
}

/** A small blob (a config) read whole, its size and digest checked. */
export async function fetchBlobBytes(client: RegistryClient, reference: Reference, descriptor: Descriptor, what: string, signal?: AbortSignal): Promise<Buffer> {
	if (descriptor.size > limits.config) {
		throw new RegistryError(`the ${what} of ${familiarName(reference)} from ${client.domain} is ${descriptor.size} bytes, over the ${mebibytes(limits.config)} limit`);
	}

	let bytes: Buffer;
	for (let attempt = 0; ; attempt++) {
		// eslint-disable-next-line no-await-in-loop
		const reply = await openAt(client, reference, descriptor, 0, signal);
		try {
			// eslint-disable-next-line no-await-in-loop
			bytes = await readLimited(reply, Math.min(limits.config, descriptor.size), `the ${what} of ${familiarName(reference)}`, client.domain);
			break;
		} catch (error) {
			if (!(error instanceof BodyLostError) || attempt >= client.transport.settings.retries || signal?.aborted) {
				throw error instanceof BodyLostError && attempt > 0 ? new RegistryError(`${error.message}, ${attempt + 1} attempts`) : error;
			}
		}

		// eslint-disable-next-line no-await-in-loop
		await client.transport.backoff(attempt, signal);
	}

	const digest = sha256(bytes);
	if (digest !== descriptor.digest) {
		throw new RegistryError(`the ${what} of ${familiarName(reference)} from ${client.domain} does not match its digest ${descriptor.digest} (got ${digest})`);
	}

	return bytes;
}
