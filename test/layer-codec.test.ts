/**
 * How a layer is compressed and how that is undone: told by media type or
 * first bytes, gzip and zstd through Node's zlib, and the one-line refusal
 * on a Node whose zlib has no zstd.
 */
import {Readable} from 'node:stream';
import {text} from 'node:stream/consumers';
import {gzipSync, zstdCompressSync} from 'node:zlib';
import {afterEach, describe, expect, test, vi} from 'vitest';
import {compressionOf, decompressedLayer, ociLayerType, sniffCompression} from '../source/core/store/layer-codec.js';

describe('layer-codec', () => {
	afterEach(() => {
		vi.doUnmock('node:zlib');
		vi.resetModules();
	});

	test('media types and first bytes', () => {
		expect(compressionOf('application/vnd.oci.image.layer.v1.tar+zstd')).toBe('zstd');
		expect(compressionOf('application/vnd.docker.image.rootfs.diff.tar.gzip')).toBe('gzip');
		expect(compressionOf('application/vnd.oci.image.layer.v1.tar')).toBe('none');
		expect(ociLayerType('application/vnd.oci.image.layer.v1.tar+zstd')).toBe('application/vnd.oci.image.layer.v1.tar+zstd');
		expect(ociLayerType('application/vnd.docker.image.rootfs.diff.tar.gzip')).toBe('application/vnd.oci.image.layer.v1.tar+gzip');
		expect(sniffCompression(zstdCompressSync(Buffer.from('x')))).toBe('zstd');
		expect(sniffCompression(gzipSync(Buffer.from('x')))).toBe('gzip');
		expect(sniffCompression(Buffer.from('plain'))).toBe('none');
	});

	test.each([
		['zstd', (bytes: Buffer) => zstdCompressSync(bytes)],
		['gzip', (bytes: Buffer) => gzipSync(bytes)],
		['none', (bytes: Buffer) => bytes],
	])('%s is undone by its first bytes', async (_name, compress) => {
		const body = 'a tar stands here '.repeat(1000);
		expect(await text(await decompressedLayer(Readable.from([compress(Buffer.from(body))])))).toBe(body);
	});

	test('a Node without zstd refuses in one line naming the media type', async () => {
		vi.doMock('node:zlib', async () => {
			const real = await vi.importActual<Record<string, unknown>>('node:zlib');
			const {createZstdDecompress: _absent, ...rest} = real;
			return {...rest, default: {...rest}};
		});
		vi.resetModules();
		const codec = await import('../source/core/store/layer-codec.js');
		expect(codec.zstdAvailable()).toBe(false);
		expect(() => {
			codec.requireCodec('application/vnd.oci.image.layer.v1.tar+zstd');
		}).toThrow(/^this Node\.js \(v[\d.]+\) cannot decompress application\/vnd\.oci\.image\.layer\.v1\.tar\+zstd layers; run dockyard on Node\.js 22\.15 or newer$/);
		expect(() => {
			codec.requireCodec('application/vnd.oci.image.layer.v1.tar+gzip');
		}).not.toThrow();
	});
});
