import {createWriteStream} from 'node:fs';
import {rename, rm} from 'node:fs/promises';
import {pipeline} from 'node:stream/promises';
import tar from 'tar-stream';
import {digestHex, sha256} from '../digest.js';
import {mediaTypes, type ImageManifest} from '../oci.js';
import {canonicalString, parseReference} from '../reference.js';
import type {BlobStore} from './blobs.js';
import type {ImageView} from './view.js';

/** The OCI manifest of a stored image, rebuilt from its record (same layers, same config). */
export function manifestOf(image: ImageView, configSize: number): ImageManifest {
	return {
		schemaVersion: 2,
		mediaType: mediaTypes.ociManifest,
		config: {mediaType: mediaTypes.ociConfig, digest: image.id, size: configSize},
		layers: image.layers.map(layer => ({mediaType: ociLayerType(layer.mediaType), digest: layer.digest, size: layer.size})),
	};
}

function ociLayerType(mediaType: string): string {
	return mediaType.endsWith('gzip') ? mediaTypes.ociLayerGzip : mediaTypes.ociLayer;
}

/**
 * `docker save`: one tar that is both an OCI image layout (oci-layout,
 * index.json, blobs/) and a docker archive (manifest.json), so that
 * `docker load`, `podman load` and `skopeo copy oci-archive:` all read it.
 * Written to a temp file and renamed, so a failure leaves no half archive.
 */
export async function saveImages(blobs: BlobStore, images: ImageView[], file: string): Promise<void> {
	const pack = tar.pack();
	const temp = `${file}.${process.pid}.part`;
	const written = pipeline(pack, createWriteStream(temp));
	const added = new Set<string>();
	const entry = async (name: string, size: number, source: () => NodeJS.ReadableStream | Buffer) => {
		const content = source();
		if (Buffer.isBuffer(content)) {
			pack.entry({name, size, mode: 0o644, mtime: new Date(0)}, content);
			return;
		}

		await pipeline(content, pack.entry({name, size, mode: 0o644, mtime: new Date(0)}));
	};

	const blob = async (digest: string) => {
		if (added.has(digest)) {
			return;
		}

		added.add(digest);
		await entry(`blobs/sha256/${digestHex(digest)}`, await blobs.size(digest), () => blobs.open(digest));
	};

	try {
		const index: Array<Record<string, unknown>> = [];
		const dockerManifest: Array<Record<string, unknown>> = [];
		for (const image of images) {
			// eslint-disable-next-line no-await-in-loop
			await blob(image.id);
			for (const layer of image.layers) {
				// eslint-disable-next-line no-await-in-loop
				await blob(layer.digest);
			}

			// eslint-disable-next-line no-await-in-loop
			const manifestBytes = Buffer.from(JSON.stringify(manifestOf(image, await blobs.size(image.id))));
			const manifestDigest = sha256(manifestBytes);
			if (!added.has(manifestDigest)) {
				added.add(manifestDigest);
				// eslint-disable-next-line no-await-in-loop
				await entry(`blobs/sha256/${digestHex(manifestDigest)}`, manifestBytes.length, () => manifestBytes);
			}

			const names = image.tags.length > 0 ? image.tags : [undefined];
			for (const tag of names) {
				index.push({
					mediaType: mediaTypes.ociManifest,
					digest: manifestDigest,
					size: manifestBytes.length,
					annotations: tag ? {'io.containerd.image.name': canonicalString(parseReference(tag)), 'org.opencontainers.image.ref.name': parseReference(tag).tag ?? 'latest'} : {},
				});
			}

			dockerManifest.push({
				Config: `blobs/sha256/${digestHex(image.id)}`,
				RepoTags: image.tags,
				Layers: image.layers.map(layer => `blobs/sha256/${digestHex(layer.digest)}`),
			});
		}

		const text = (value: unknown) => Buffer.from(JSON.stringify(value));
		const files: Array<[string, Buffer]> = [
			['oci-layout', text({imageLayoutVersion: '1.0.0'})],
			['index.json', text({schemaVersion: 2, mediaType: mediaTypes.ociIndex, manifests: index})],
			['manifest.json', text(dockerManifest)],
		];
		for (const [name, bytes] of files) {
			// eslint-disable-next-line no-await-in-loop
			await entry(name, bytes.length, () => bytes);
		}

		pack.finalize();
		await written;
		await rename(temp, file);
	} catch (error) {
		pack.destroy();
		await rm(temp, {force: true});
		throw error;
	}
}
