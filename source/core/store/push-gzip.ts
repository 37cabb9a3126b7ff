/**
 * What `docker push` and `podman push` do with an uncompressed layer (a
 * loaded docker-archive's, a commit's): gzip it on the way out. The gzip is
 * written to the store's temp directory while it is hashed (a registry wants
 * the digest before it takes the blob), pushed from there, then removed; the
 * layer's diff_id is unchanged, since it is the tar the gzip holds. Node's
 * gzip is deterministic, so pushing the same layer again makes the same blob
 * and the registry answers "Layer already exists".
 */
import {createReadStream} from 'node:fs';
import {mkdir, rm, stat} from 'node:fs/promises';
import path from 'node:path';
import type {Readable} from 'node:stream';
import {Transform, type TransformCallback} from 'node:stream';
import {pipeline} from 'node:stream/promises';
import {createWriteStream} from 'node:fs';
import {createGzip} from 'node:zlib';
import {crypto} from '../crypto.js';
import {mediaTypes} from '../oci.js';
import type {BlobStore} from './blobs.js';
import {compressionOf, isForeignLayer, zstdLayerType} from './layer-codec.js';
import type {LayerRecord} from './records.js';

/** A layer as it goes to the registry: the stored blob itself, or its gzip. */
export type OutgoingLayer = {
	digest: string;
	size: number;
	mediaType: string;
	/** The bytes, checked (a stored blob against its digest; a gzip made from a checked one). */
	open: () => Promise<Readable>;
	/** Removes what was made for the push (nothing for a stored blob). */
	dispose: () => Promise<void>;
};

/** The gzip media type that takes the place of an uncompressed one (docker's for docker's, OCI's for the rest). */
export function gzipMediaType(mediaType: string): string {
	return mediaType.startsWith('application/vnd.docker.') ? mediaTypes.dockerLayerGzip : mediaTypes.ociLayerGzip;
}

class Hashing extends Transform {
	readonly hash = crypto().createHash('sha256');
	size = 0;
	override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
		this.hash.update(chunk);
		this.size += chunk.length;
		callback(null, chunk);
	}
}

/**
 * A foreign (non-distributable) layer's ordinary twin. The store keeps no `urls`, so a manifest naming
 * the foreign type would be refused (a registry wants urls with it): the blob goes up as an ordinary
 * layer, as dockerd's `allow-nondistributable-artifacts` pushes it.
 */
function distributable(mediaType: string): string {
	if (!isForeignLayer(mediaType)) {
		return mediaType;
	}

	const compression = compressionOf(mediaType);
	if (mediaType.startsWith('application/vnd.docker.')) {
		return compression === 'gzip' ? mediaTypes.dockerLayerGzip : mediaTypes.dockerLayer;
	}

	return compression === 'gzip' ? mediaTypes.ociLayerGzip : compression === 'zstd' ? zstdLayerType : mediaTypes.ociLayer;
}

/** The layer to push: a compressed one as stored, an uncompressed one gzipped first. */
export async function outgoingLayer(blobs: BlobStore, layer: LayerRecord, what: string): Promise<OutgoingLayer> {
	if (compressionOf(layer.mediaType) !== 'none') {
		return {
			digest: layer.digest,
			size: layer.size,
			mediaType: distributable(layer.mediaType),
			open: async () => (await blobs.openVerified(layer.digest, what)).stream,
			dispose: async () => {},
		};
	}

	await mkdir(blobs.tempRoot, {recursive: true});
	const file = path.join(blobs.tempRoot, `${process.pid}-${crypto().randomBytes(6).toString('hex')}.part`);
	const hashing = new Hashing();
	try {
		const {stream} = await blobs.openVerified(layer.digest, what);
		// Level 6, zlib's default and docker's (Go's gzip.DefaultCompression).
		await pipeline(stream, createGzip(), hashing, createWriteStream(file));
		const {size} = await stat(file);
		return {
			digest: 'sha256:' + hashing.hash.digest('hex'),
			size,
			mediaType: gzipMediaType(distributable(layer.mediaType)),
			open: async () => createReadStream(file),
			dispose: async () => rm(file, {force: true}),
		};
	} catch (error) {
		await rm(file, {force: true});
		throw error;
	}
}
