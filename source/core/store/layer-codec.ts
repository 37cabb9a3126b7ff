/**
 * How a layer blob is compressed, and the streams that undo it: gzip, zstd
 * (`application/vnd.oci.image.layer.v1.tar+zstd`, Node's own zlib since
 * 22.15 / 23.8), or none. Told by the media type where there is one, else by
 * the first bytes (a docker-archive's layers carry none). Pull, load, the
 * layer-file listing, save and push all ask here, so a zstd layer reads the
 * same everywhere.
 */
import {pipeline as pipeStreams, Readable, type Transform} from 'node:stream';
import zlib from 'node:zlib';
import {DockyardError} from '../errors.js';
import {mediaTypes} from '../oci.js';
import {withFirstChunk} from './first-chunk.js';

export type Compression = 'gzip' | 'zstd' | 'none';

export const zstdLayerType = 'application/vnd.oci.image.layer.v1.tar+zstd';

/** docker's foreign layers and OCI's non-distributable ones: stored elsewhere, named by `urls`. */
const foreignTypes = new Set([
	'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip',
	'application/vnd.docker.image.rootfs.foreign.diff.tar',
	'application/vnd.oci.image.layer.nondistributable.v1.tar',
	'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip',
	'application/vnd.oci.image.layer.nondistributable.v1.tar+zstd',
]);

export function isForeignLayer(mediaType: string): boolean {
	return foreignTypes.has(mediaType);
}

export function compressionOf(mediaType: string): Compression {
	if (mediaType.endsWith('gzip')) {
		return 'gzip';
	}

	return mediaType.endsWith('zstd') ? 'zstd' : 'none';
}

/** gzip starts 1f 8b; a zstd frame 28 b5 2f fd. */
export function sniffCompression(head: Uint8Array): Compression {
	if (head.length >= 2 && head[0] === 0x1F && head[1] === 0x8B) {
		return 'gzip';
	}

	if (head.length >= 4 && head[0] === 0x28 && head[1] === 0xB5 && head[2] === 0x2F && head[3] === 0xFD) {
		return 'zstd';
	}

	return 'none';
}

/** The OCI media type of a stored layer, as a manifest that dockyard writes names it. */
export function ociLayerType(mediaType: string): string {
	const compression = compressionOf(mediaType);
	return compression === 'gzip' ? mediaTypes.ociLayerGzip : compression === 'zstd' ? zstdLayerType : mediaTypes.ociLayer;
}

export function zstdAvailable(): boolean {
	return typeof (zlib as {createZstdDecompress?: unknown}).createZstdDecompress === 'function';
}

/** The refusal on a Node without zstd: one line naming the media type, before anything is fetched. */
export function requireCodec(mediaType: string): void {
	if (compressionOf(mediaType) === 'zstd' && !zstdAvailable()) {
		throw new DockyardError(`this Node.js (${process.version}) cannot decompress ${mediaType} layers; run dockyard on Node.js 22.15 or newer`);
	}
}

/** zlib's default 16 KiB output chunks cost a main-thread callback (and a small buffer) each: 1 MiB ones cut both. */
const outputChunk = 1024 * 1024;

/** A stream that undoes the compression (undefined for none). */
export function decompressor(compression: Compression): Transform | undefined {
	if (compression === 'gzip') {
		return zlib.createGunzip({chunkSize: outputChunk});
	}

	if (compression === 'zstd') {
		requireCodec(zstdLayerType);
		return (zlib as unknown as {createZstdDecompress: (options: {chunkSize: number}) => Transform}).createZstdDecompress({chunkSize: outputChunk});
	}

	return undefined;
}

/** A decompressor failed: the blob is not what its media type (or its first bytes) says, which is not a digest mismatch. */
export class DecompressError extends DockyardError {
	constructor(readonly compression: Compression, cause: Error) {
		super(`it is not valid ${compression} (${cause.message.slice(0, 200)})`);
		this.name = 'DecompressError';
	}
}

/** A layer's tar stream, whatever the blob's compression (told by its first bytes). */
export async function decompressedLayer(stream: Readable): Promise<Readable> {
	const {first, whole} = await withFirstChunk(stream);
	const undo = first === undefined ? undefined : decompressor(sniffCompression(first));
	// A pipeline, so that a read error or a corrupt stream reaches the reader as its error.
	return undo ? pipeStreams(whole, undo, () => {}) : whole;
}
