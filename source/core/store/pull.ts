import {PassThrough, pipeline as pipeStreams, Transform, type TransformCallback} from 'node:stream';
import {pipeline} from 'node:stream/promises';
import pLimit from 'p-limit';
import {shortId} from '../digest.js';
import {RegistryError} from '../errors.js';
import type {Hub, ResolvedImage} from '../hub/hub.js';
import type {Descriptor} from '../oci.js';
import type {Reference} from '../reference.js';
import {DigestMismatchError, type BlobStore} from './blobs.js';
import type {LayerRecord} from './records.js';
import {crypto} from '../crypto.js';
import {compressionOf, DecompressError, decompressor, requireCodec, type Compression} from './layer-codec.js';
import {TarFileSizes, TarFileSizesStream} from './tar-file-sizes.js';

/** docker's per-layer words, in the order a layer goes through them. */
export type LayerStatus =
	| 'Pulling fs layer'
	| 'Waiting'
	| 'Downloading'
	| 'Verifying Checksum'
	| 'Download complete'
	| 'Extracting'
	| 'Pull complete'
	| 'Already exists'
	// docker push's words, shown in the same per-layer view.
	| 'Preparing'
	| 'Pushing'
	| 'Pushed'
	| 'Layer already exists'
	| `Mounted from ${string}`;

export type PullEvent =
	| {kind: 'status'; message: string}
	| {kind: 'layer'; id: string; status: LayerStatus; current?: number; total?: number};

export type LayerDownload = {
	hub: Hub;
	blobs: BlobStore;
	reference: Reference;
	resolved: ResolvedImage;
	concurrency: number;
	/** Layers already described by an image in the store, by blob digest. */
	known: Map<string, LayerRecord>;
	onProgress?: (event: PullEvent) => void;
	signal?: AbortSignal;
};

/**
 * Brings every layer of a resolved image into the blob store: several at once,
 * each hashed while it streams, its diff_id computed on the way (a gzip layer
 * is gunzipped once, in the same pass) and checked against the config.
 * Touches no index: the caller records the image once all of this succeeded.
 */
export async function downloadLayers(job: LayerDownload): Promise<LayerRecord[]> {
	const {manifest, config} = job.resolved;
	const emit = job.onProgress ?? (() => {});
	if (manifest.layers.length !== config.rootfs.diff_ids.length) {
		throw new RegistryError(`the manifest lists ${manifest.layers.length} layers but the config ${config.rootfs.diff_ids.length} diff_ids`);
	}

	// A Node without zstd refuses before anything is fetched, naming the media type.
	for (const layer of manifest.layers) {
		requireCodec(layer.mediaType);
	}

	const limit = pLimit(Math.max(1, job.concurrency));
	// A stored copy of the wrong size, or one fsck flagged, is fetched again (and replaced) rather than trusted.
	const pending = manifest.layers.filter(layer => !job.blobs.usable(layer.digest, layer.size));
	for (const layer of manifest.layers) {
		emit({kind: 'layer', id: shortId(layer.digest), status: pending.includes(layer) ? 'Pulling fs layer' : 'Already exists'});
	}

	for (const layer of pending.slice(limit.concurrency)) {
		emit({kind: 'layer', id: shortId(layer.digest), status: 'Waiting'});
	}

	// The first layer that fails stops the others, and the pull fails only once every download has stopped,
	// so that nothing is still writing into the store after the caller has been told.
	const stop = new AbortController();
	const signal = job.signal ? AbortSignal.any([job.signal, stop.signal]) : stop.signal;
	let firstError: {error: unknown} | undefined;
	const settled = await Promise.allSettled(manifest.layers.map(async (layer, index) => {
		const diffId = config.rootfs.diff_ids[index]!;
		try {
			if (!pending.includes(layer)) {
				return await (job.known.get(layer.digest) ?? describeStored(job.blobs, layer, diffId));
			}

			return await limit(async () => {
				signal.throwIfAborted();
				return fetchLayer({...job, signal}, layer, diffId, emit);
			});
		} catch (error) {
			firstError ??= {error};
			stop.abort(error);
			throw error;
		}
	}));
	if (firstError) {
		throw firstError.error;
	}

	return settled.map(result => (result as PromiseFulfilledResult<LayerRecord>).value);
}

async function fetchLayer(job: LayerDownload, layer: Descriptor, diffId: string, emit: (event: PullEvent) => void): Promise<LayerRecord> {
	const id = shortId(layer.digest);
	emit({kind: 'layer', id, status: 'Downloading', current: 0, total: layer.size});
	const source = await job.hub.openBlob(job.reference, layer, {signal: job.signal});
	// An uncompressed layer is its own diff: the store's hash is its diff_id, no second pass over it.
	const compression = compressionOf(layer.mediaType);
	const inspector = compression === 'none' ? undefined : new LayerInspector(compression);
	// Its files' size (docker's SIZE) is read from its tar headers on the way, without hashing it again.
	const counter = inspector ? undefined : new TarFileSizesStream();
	// Joined by a pipeline, not pipe(): a hub stream that fails (a stall, a body longer than the manifest says)
	// destroys the inspector (or the counter) with its error, and the pipeline's own listener keeps that from being an unhandled
	// 'error' event when it comes before the store has attached to the inspector (the store opens its temp file first).
	// The store's pipeline then sees the inspector already failed and rejects with that same error.
	const input = pipeStreams(source, inspector ?? counter!, () => {});

	let lastReport = 0;
	// A progress event per chunk would flood the UI (and each is a bar drawn): at most one per 1% of the layer, or per 64 KiB
	// for a small one. A bar is 30 characters wide; 1% is finer than it shows.
	const reportEvery = Math.max(65_536, Math.floor(layer.size / 100));
	const written = await job.blobs.write(layer.digest, input, {
		signal: job.signal,
		onBytes(bytes) {
			if (bytes - lastReport >= reportEvery || bytes === layer.size) {
				lastReport = bytes;
				emit({kind: 'layer', id, status: 'Downloading', current: bytes, total: layer.size});
			}
		},
	}).catch((error: unknown) => {
		// Nothing more is wanted from the hub (its connection is closed), and the error names it.
		source.destroy();
		throw error instanceof DigestMismatchError ? new RegistryError(`layer ${layer.digest} from ${job.hub.label} does not match its digest (got ${error.actual})`) : error;
	});
	emit({kind: 'layer', id, status: 'Verifying Checksum'});
	// A wrong blob never lands (the store checks its digest); a right blob under a wrong size or diff_id stays for prune.
	if (written.size !== layer.size) {
		throw new RegistryError(`layer ${layer.digest} is ${written.size} bytes, the manifest says ${layer.size}`);
	}

	emit({kind: 'layer', id, status: 'Download complete'});
	emit({kind: 'layer', id, status: 'Extracting', current: 0, total: layer.size});
	let uncompressed = written;
	try {
		uncompressed = inspector ? inspector.result() : written;
	} catch (error) {
		// What it is (a blob that is not the compression its media type says), not a diff_id mismatch that reads as tampering.
		throw error instanceof DecompressError ? new RegistryError(`layer ${layer.digest} from ${job.hub.label} (${layer.mediaType}) cannot be decompressed: ${error.message}`) : error;
	}

	if (uncompressed.digest !== diffId) {
		throw new RegistryError(`layer ${layer.digest} does not match its diff_id ${diffId}`);
	}

	emit({kind: 'layer', id, status: 'Pull complete'});
	return {digest: layer.digest, mediaType: layer.mediaType, size: layer.size, diffId, uncompressedSize: uncompressed.size, ...filesSizeOf(inspector?.files ?? counter!.files)};
}

/** Describes a blob that is already stored but that no image in the index lists (left by an earlier, interrupted pull). */
async function describeStored(blobs: BlobStore, layer: Descriptor, diffId: string): Promise<LayerRecord> {
	const inspector = new LayerInspector(compressionOf(layer.mediaType));
	await pipeline(blobs.open(layer.digest), inspector, new PassThrough().resume());
	let uncompressed: {size: number};
	try {
		uncompressed = inspector.result();
	} catch (error) {
		throw error instanceof DecompressError ? new RegistryError(`the stored layer ${layer.digest} (${layer.mediaType}) cannot be decompressed: ${error.message}; run dockyard prune and pull again`) : error;
	}

	return {digest: layer.digest, mediaType: layer.mediaType, size: layer.size, diffId, uncompressedSize: uncompressed.size, ...filesSizeOf(inspector.files)};
}

/**
 * Compressed bytes handed to gunzip at a time. Each write is a round trip
 * through libuv's thread pool; the network's 64 KiB chunks, copied into two
 * reused 1 MiB buffers, make a sixteenth as many (a copy costs less than a wake-up).
 */
const gunzipBatch = 1024 * 1024;

/**
 * Passes a layer through unchanged while measuring its uncompressed form:
 * the diff_id and the size `docker history` shows. A gzip or zstd layer is
 * decompressed beside the download, so the blob is read once.
 */
class LayerInspector extends Transform {
	readonly #hashing = crypto().createHash('sha256');
	/** The files' size docker shows for the layer, read from the tar headers on the way. */
	readonly files = new TarFileSizes();
	#size = 0;
	readonly #decompress?: Transform;
	readonly #compression: Compression;
	#error?: Error;
	/** Two batches: one being filled while gunzip reads the other. */
	readonly #batches: Buffer[] = [];
	readonly #busy = [false, false];
	#current = 0;
	#filled = 0;
	/** The rest of a chunk, waiting for gunzip to give back the batch it is to be copied into. */
	#waiting?: () => void;

	constructor(compression: Compression) {
		super();
		this.#compression = compression;
		this.#decompress = decompressor(compression);
		if (this.#decompress) {
			this.#decompress.on('data', (chunk: Buffer) => {
				this.#count(chunk);
			});
			this.#decompress.on('error', error => {
				this.#error = error;
				// A failed gunzip gives no batch back: whatever waits for one goes on without it.
				const waiting = this.#waiting;
				this.#waiting = undefined;
				waiting?.();
			});
			this.#batches.push(Buffer.allocUnsafe(gunzipBatch), Buffer.allocUnsafe(gunzipBatch));
		}
	}

	override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
		if (!this.#decompress) {
			this.#count(chunk);
			callback(null, chunk);
			return;
		}

		// Passed on once copied: the chunk itself is not held back for gunzip.
		this.#feed(chunk, 0, () => {
			callback(null, chunk);
		});
	}

	override _flush(callback: TransformCallback): void {
		const decompress = this.#decompress;
		if (!decompress || this.#error) {
			callback();
			return;
		}

		decompress.once('end', () => {
			callback();
		});
		decompress.once('error', () => {
			callback();
		});
		this.#submit();
		decompress.end();
	}

	#feed(chunk: Buffer, from: number, done: () => void): void {
		let offset = from;
		while (offset < chunk.length && !this.#error) {
			if (this.#busy[this.#current]) {
				// Gunzip is a whole batch behind: wait for it rather than buffer a layer in memory.
				this.#waiting = () => {
					this.#feed(chunk, offset, done);
				};

				return;
			}

			const copied = chunk.copy(this.#batches[this.#current]!, this.#filled, offset);
			this.#filled += copied;
			offset += copied;
			if (this.#filled === gunzipBatch) {
				this.#submit();
			}
		}

		done();
	}

	#submit(): void {
		const index = this.#current;
		const bytes = this.#filled;
		if (bytes === 0 || this.#error) {
			return;
		}

		this.#busy[index] = true;
		this.#current = 1 - index;
		this.#filled = 0;
		// Called once gunzip has consumed the batch (or failed): only then is it filled again.
		this.#decompress!.write(this.#batches[index]!.subarray(0, bytes), () => {
			this.#busy[index] = false;
			const waiting = this.#waiting;
			this.#waiting = undefined;
			waiting?.();
		});
	}

	result(): {digest: string; size: number} {
		if (this.#error) {
			throw new DecompressError(this.#compression, this.#error);
		}

		return {digest: 'sha256:' + this.#hashing.digest('hex'), size: this.#size};
	}

	#count(chunk: Buffer): void {
		this.#hashing.update(chunk);
		this.files.write(chunk);
		this.#size += chunk.length;
	}
}

/** The diff_id and uncompressed size of a stored layer blob (a load's layers, whose archive says neither). */
export async function measureLayer(blobs: BlobStore, digest: string, compression: Compression): Promise<{digest: string; size: number; filesSize?: number}> {
	const inspector = new LayerInspector(compression);
	await pipeline(blobs.open(digest), inspector, new PassThrough().resume());
	return {...inspector.result(), ...filesSizeOf(inspector.files)};
}

/** The layer's `filesSize`, when its tar could be read. */
function filesSizeOf(files: TarFileSizes): {filesSize?: number} {
	const filesSize = files.result();
	return filesSize === undefined ? {} : {filesSize};
}
