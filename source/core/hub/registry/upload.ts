/**
 * Pushing, the distribution API's write half: HEAD to learn a blob is there,
 * a cross-repository mount when it is known to be in another repository of
 * the same registry, a monolithic PUT for small blobs, chunked PATCHes for
 * large ones (a lost chunk resumed from the offset the upload's `Range`
 * says the registry holds), and the manifest last.
 */
import type {Readable} from 'node:stream';
import {RegistryError} from '../../errors.js';
import {familiarName, type Reference} from '../../reference.js';
import {type ByteParts, partsLength, readParts} from './byte-parts.js';
import {ChunkFeed} from './chunk-feed.js';
import type {ApiRequest, RegistryClient} from './client.js';
import type {HttpMethod, Reply} from './transport.js';

export type UploadSizes = {
	/** Blobs up to this size go in one PUT. */
	monolithicMax: number;
	/** The size of each PATCH of a larger blob. */
	chunk: number;
};

/** Defaults; the environment overrides them so tests exercise the chunked path with small blobs. */
export function uploadSizes(environment: NodeJS.ProcessEnv = process.env): UploadSizes {
	const read = (name: string, fallback: number) => {
		const value = Number(environment[name]);
		return environment[name] && Number.isInteger(value) && value > 0 ? value : fallback;
	};

	// 16 MiB chunks: half the PATCHes of 8 MiB (each one a request, and an fsync in docker's registry) in the memory the
	// 8 MiB ones took when each was gathered and then joined into a copy; a chunk is kept until it is answered, for a resend.
	return {monolithicMax: read('DOCKYARD_PUSH_MONOLITHIC_MAX', 8 * 1024 * 1024), chunk: read('DOCKYARD_PUSH_CHUNK', 16 * 1024 * 1024)};
}

/** `repository:<path>:pull,push`: what a push asks the token server for. */
export function pushScope(reference: Reference): string {
	return `repository:${reference.path}:pull,push`;
}

export class BlobUploader {
	constructor(readonly client: RegistryClient, readonly reference: Reference, readonly sizes: UploadSizes = uploadSizes(), readonly signal?: AbortSignal) {}

	#request(what: string, method: HttpMethod, extra: Partial<ApiRequest> = {}): ApiRequest {
		return {scope: pushScope(this.reference), subject: familiarName(this.reference), what, method, signal: this.signal, ...extra};
	}

	async #send(url: URL, request: ApiRequest, wanted: number[]): Promise<Reply> {
		const reply = await this.client.request(url, request);
		if (!wanted.includes(reply.response.status)) {
			throw await this.client.failure(reply, request, `${request.what} not found`);
		}

		return reply;
	}

	/** Whether the repository already has the blob. */
	async has(digest: string): Promise<boolean> {
		const request = this.#request(`blob ${digest} of ${familiarName(this.reference)}`, 'HEAD');
		const reply = await this.client.request(this.client.url(`/v2/${this.reference.path}/blobs/${digest}`), request);
		reply.done();
		if (reply.response.status === 200) {
			return true;
		}

		if (reply.response.status === 404) {
			return false;
		}

		throw await this.client.failure(reply, request, `blob ${digest}`);
	}

	/**
	 * Asks the registry to link a blob from another of its repositories.
	 * True when it did (201); false when it started an upload instead (202,
	 * a registry that does not mount or does not find it), cancelled here.
	 */
	async mount(digest: string, from: string): Promise<boolean> {
		const url = this.client.url(`/v2/${this.reference.path}/blobs/uploads/`);
		url.searchParams.set('mount', digest);
		url.searchParams.set('from', from);
		const reply = await this.#send(url, this.#request(`a mount of blob ${digest} into ${familiarName(this.reference)}`, 'POST'), [201, 202]);
		reply.done();
		return reply.response.status === 201;
	}

	async #start(digest: string): Promise<URL> {
		const reply = await this.#send(this.client.url(`/v2/${this.reference.path}/blobs/uploads/`), this.#request(`an upload of blob ${digest} to ${familiarName(this.reference)}`, 'POST'), [202]);
		reply.done();
		return this.#location(reply, digest);
	}

	/** The upload's next URL, which must stay on the registry's origin (the credentials are sent to it). */
	#location(reply: Reply, digest: string): URL {
		const location = reply.response.headers.get('location');
		let url: URL | undefined;
		try {
			url = location ? new URL(location, reply.url) : undefined;
		} catch {}

		if (!url || !this.client.transport.isRegistryOrigin(url)) {
			throw new RegistryError(`${this.client.domain} gave ${location ? 'an upload location on another origin' : 'no upload location'} for blob ${digest}`);
		}

		return url;
	}

	/**
	 * Uploads a blob read from `stream` (which fails at its end if the bytes
	 * do not hash to `digest`, so a corrupt blob is never committed).
	 * `progress` is told the bytes the registry has so far.
	 */
	async upload(digest: string, size: number, stream: Readable, progress: (sent: number) => void): Promise<void> {
		// A small blob is read to its end (and its digest checked) before anyone iterates it: keep its error for then.
		let failed: unknown;
		stream.on('error', error => {
			failed ??= error;
		});
		let location = await this.#start(digest);
		if (failed) {
			throw failed;
		}

		if (size <= this.sizes.monolithicMax) {
			const parts = await readParts(stream);
			await this.#finish(location, digest, parts);
			progress(partsLength(parts));
			return;
		}

		const feed = new ChunkFeed(stream);
		try {
			for (let sent = 0; sent < size;) {
				const length = Math.min(this.sizes.chunk, size - sent);
				feed.open(length);
				// eslint-disable-next-line no-await-in-loop
				location = await this.#patch(location, digest, feed, sent, length);
				sent += length;
				progress(sent);
			}

			// The stream's end, and with it the digest check: nothing is committed before it.
			await feed.finished();
		} finally {
			feed.close();
		}

		await this.#finish(location, digest, []);
	}

	async #finish(location: URL, digest: string, parts: ByteParts): Promise<void> {
		const url = new URL(location);
		url.searchParams.set('digest', digest);
		const reply = await this.#send(url, this.#request(`blob ${digest} for ${familiarName(this.reference)}`, 'PUT', {
			body: parts,
			headers: {'Content-Type': 'application/octet-stream', 'Content-Length': String(partsLength(parts))},
		}), [201, 204]);
		reply.done();
	}

	/**
	 * One chunk of `length` bytes at `offset`, streamed from the feed as it arrives; after a lost
	 * connection or a refused range, resumed from where the registry says it is.
	 */
	async #patch(start: URL, digest: string, feed: ChunkFeed, offset: number, length: number): Promise<URL> {
		let location = start;
		let held = offset;
		for (let attempt = 0; ; attempt++) {
			const from = held - offset;
			const request = this.#request(`chunk ${held}-${offset + length - 1} of blob ${digest}`, 'PATCH', {
				body: feed.body(from),
				headers: {'Content-Type': 'application/octet-stream', 'Content-Range': `${held}-${offset + length - 1}`, 'Content-Length': String(length - from)},
			});
			request.once = true;
			let lost: unknown;
			try {
				// eslint-disable-next-line no-await-in-loop
				const reply = await this.client.request(location, request);
				if (reply.response.status === 202) {
					reply.done();
					return this.#location(reply, digest);
				}

				// A 416 says the registry holds another length than this chunk assumed; a 5xx may have kept part of it.
				// eslint-disable-next-line no-await-in-loop
				lost = await this.client.failure(reply, request, `the upload of blob ${digest}`);
				if (reply.response.status !== 416 && reply.response.status < 500) {
					throw lost;
				}
			} catch (error) {
				// The source failed (a digest mismatch, a lost download): that is the error, not the request it cut short.
				if (feed.failure !== undefined) {
					throw feed.failure;
				}

				if (error === lost || error instanceof RegistryError || this.signal?.aborted) {
					throw error;
				}

				lost = this.client.transport.networkError(error, request.what, attempt + 1, true);
			}

			if (attempt >= this.client.transport.settings.retries) {
				throw lost;
			}

			// eslint-disable-next-line no-await-in-loop
			await this.client.transport.backoff(attempt, this.signal);
			// eslint-disable-next-line no-await-in-loop
			({location, held} = await this.#status(location, digest, offset, length));
			if (held >= offset + length) {
				return location;
			}
		}
	}

	/** How much of the upload the registry holds (its `Range: 0-N`), which must fall within the chunk being resent. */
	async #status(location: URL, digest: string, offset: number, length: number): Promise<{location: URL; held: number}> {
		const reply = await this.#send(location, this.#request(`the status of the upload of blob ${digest}`, 'GET'), [204]);
		reply.done();
		const range = /^(?:bytes=)?0-(\d+)$/.exec(reply.response.headers.get('range') ?? '');
		// `0-0` is what docker's registry says for an empty upload as well as for one byte.
		const held = range && !(offset === 0 && range[1] === '0') ? Number(range[1]) + 1 : 0;
		if (held < offset || held > offset + length) {
			throw new RegistryError(`${this.client.domain} lost part of the upload of blob ${digest} (it holds ${held} bytes, ${offset} were sent)`);
		}

		return {location: this.#location(reply, digest), held};
	}

	/** PUTs the manifest under `tag`; returns the digest the registry gave it. */
	async putManifest(tag: string, mediaType: string, bytes: Uint8Array): Promise<string | undefined> {
		const reply = await this.#send(this.client.url(`/v2/${this.reference.path}/manifests/${tag}`), this.#request(`the manifest of ${familiarName(this.reference)}:${tag}`, 'PUT', {
			body: bytes,
			headers: {'Content-Type': mediaType},
		}), [201, 200]);
		reply.done();
		return reply.response.headers.get('docker-content-digest') ?? undefined;
	}
}
