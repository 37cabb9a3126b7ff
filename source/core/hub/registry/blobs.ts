/**
 * Blobs: a layer streamed as it arrives (the store hashes it on the way),
 * resumed with `Range` after a reset or a stall — or, when the server
 * ignores the range, by skipping what was already passed on — and never more
 * bytes than the manifest says. A config is read whole, under a limit, and
 * checked against its digest here.
 */
import {Readable} from 'node:stream';
import type {ReadableStreamReadResult} from 'node:stream/web';
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
		// A blob is stored as it is: no transfer compression that fetch would undo.
		headers: {'Accept-Encoding': 'identity'},
		signal,
	};
}

async function openAt(client: RegistryClient, reference: Reference, descriptor: Descriptor, offset: number, signal?: AbortSignal): Promise<Reply> {
	const request = blobRequest(reference, descriptor, signal);
	if (offset > 0) {
		request.headers = {...request.headers, Range: `bytes=${offset}-`};
	}

	const reply = await client.request(client.url(`/v2/${reference.path}/blobs/${descriptor.digest}`), request);
	const {status} = reply.response;
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

/** The blob's bytes as a stream; the first request is made before this resolves, so a 404 or a 401 rejects here. */
export async function openBlobStream(client: RegistryClient, reference: Reference, descriptor: Descriptor, signal?: AbortSignal): Promise<Readable> {
	const first = await openAt(client, reference, descriptor, 0, signal);
	// Chunks are passed on as they came (object mode): no concatenation into larger buffers on the way.
	return Readable.from(blobChunks(client, reference, descriptor, first, signal), {objectMode: true, highWaterMark: 16});
}

async function * blobChunks(client: RegistryClient, reference: Reference, descriptor: Descriptor, first: Reply, signal?: AbortSignal): AsyncGenerator<Buffer> {
	const {retries} = client.transport.settings;
	const what = blobRequest(reference, descriptor).what;
	let reply = first;
	let offset = 0;
	let failures = 0;
	let resumes = 0;
	for (;;) {
		// Bytes a server that ignored `Range` sends again from the start.
		let skip = reply.response.status === 200 ? offset : 0;
		const progressAt = offset;
		const reader = reply.response.body?.getReader();
		try {
			if (!reader) {
				throw new RegistryError(`${client.domain} sent no body for ${what}`);
			}

			for (;;) {
				let chunk: ReadableStreamReadResult<Uint8Array>;
				try {
					// eslint-disable-next-line no-await-in-loop
					chunk = await reader.read();
				} catch (error) {
					throw reply.failure(error);
				}

				if (chunk.done) {
					break;
				}

				reply.kick(chunk.value.byteLength);
				let bytes = Buffer.from(chunk.value.buffer, chunk.value.byteOffset, chunk.value.byteLength);
				if (skip > 0) {
					const dropped = Math.min(skip, bytes.length);
					skip -= dropped;
					bytes = bytes.subarray(dropped);
					if (bytes.length === 0) {
						continue;
					}
				}

				offset += bytes.length;
				if (offset > descriptor.size) {
					throw new RegistryError(`blob ${descriptor.digest} of ${familiarName(reference)} from ${client.domain} is larger than the ${descriptor.size} bytes the manifest says`);
				}

				yield bytes;
			}

			reply.done();
			if (offset === descriptor.size) {
				return;
			}

			throw new ShortBody(offset, descriptor.size);
		} catch (error) {
			reply.done();
			if (error instanceof RegistryError || signal?.aborted) {
				throw error;
			}

			// A reset after progress starts the count again; a bounded number of resumes in all.
			// Too slow is no progress, however many bytes came: a server that drips must not earn fresh retries.
			failures = offset > progressAt && !(error instanceof SlowError) ? 1 : failures + 1;
			resumes++;
			if (failures > retries || resumes > retries + 20) {
				throw client.transport.networkError(error, what, resumes, true);
			}

			// eslint-disable-next-line no-await-in-loop
			await client.transport.backoff(failures - 1, signal);
			// eslint-disable-next-line no-await-in-loop
			reply = await openAt(client, reference, descriptor, offset, signal);
		} finally {
			reader?.cancel().catch(() => {});
		}
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
