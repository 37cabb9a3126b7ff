/**
 * A copy from any source to any destination (image-transport.ts): blobs
 * first, each streamed straight across through a check of its size and
 * digest, skipped when the destination has it, mounted when the registry
 * can link it from the source's repository; then each manifest, the top one
 * (tagged) last. With `all`, every platform of an index and the index bytes
 * as they are; without it, the host's platform (as skopeo picks one).
 */
import pLimit from 'p-limit';
import {isDigest} from '../digest.js';
import {DockyardError} from '../errors.js';
import {sha256} from '../digest.js';
import {type Descriptor, type ImageIndex, type ImageManifest, isIndexMediaType, mediaTypes} from '../oci.js';
import {formatPlatform, hostPlatform} from '../platform.js';
import {offeredPlatforms, selectManifest} from '../hub/registry/platform.js';
import type {ImageDestination, ImageSource, RawManifest} from './image-transport.js';
import {verifying} from './verify-stream.js';

export class CopyError extends DockyardError {}

/** Blobs in flight at once: as many as containers/image (skopeo) would not exceed, fewer than its 6 on a small machine. */
const concurrentBlobs = 4;

export type CopyOptions = {
	all?: boolean;
	/** How many distinct blobs the copy will go through, once it knows (before the first one). */
	onBlobs?: (total: number) => void;
	onBlob?: (descriptor: Descriptor, outcome: BlobOutcome) => void;
};
export type BlobOutcome = 'skipped' | 'mounted' | 'copied';
export type CopyOutcome = {digest: string; blobs: Record<BlobOutcome, number>};

function parse<T>(manifest: RawManifest, name: string): T {
	try {
		return JSON.parse(manifest.bytes.toString('utf8')) as T;
	} catch {
		throw new CopyError(`the manifest ${manifest.digest} of ${name} is not JSON`);
	}
}

const ociTypes: Record<string, string> = {
	[mediaTypes.dockerManifest]: mediaTypes.ociManifest,
	[mediaTypes.dockerManifestList]: mediaTypes.ociIndex,
	[mediaTypes.dockerConfig]: mediaTypes.ociConfig,
	[mediaTypes.dockerLayerGzip]: mediaTypes.ociLayerGzip,
	[mediaTypes.dockerLayer]: mediaTypes.ociLayer,
	'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip': 'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip',
};

/** A docker manifest (or list, its entries already converted: `children`) as OCI's, as skopeo converts one for an OCI layout; an OCI one as it is. */
function asOci(manifest: RawManifest, name: string, children = new Map<string, RawManifest>()): RawManifest {
	if (!ociTypes[manifest.mediaType]) {
		return manifest;
	}

	const parsed = parse<ImageManifest & ImageIndex>(manifest, name);
	const retype = (descriptor: Descriptor): Descriptor => {
		const child = children.get(descriptor.digest);
		return {...descriptor, mediaType: child?.mediaType ?? ociTypes[descriptor.mediaType] ?? descriptor.mediaType, ...(child ? {digest: child.digest, size: child.bytes.length} : {})};
	};

	const converted = isIndexMediaType(manifest.mediaType)
		? {...parsed, mediaType: mediaTypes.ociIndex, manifests: parsed.manifests.map(retype)}
		: {...parsed, mediaType: mediaTypes.ociManifest, config: retype(parsed.config), layers: parsed.layers.map(retype)};
	const bytes = Buffer.from(JSON.stringify(converted));
	return {mediaType: converted.mediaType, digest: sha256(bytes), bytes};
}

export async function copyImage(source: ImageSource, destination: ImageDestination, options: CopyOptions = {}): Promise<CopyOutcome> {
	const done = new Set<string>();
	const counts: Record<BlobOutcome, number> = {skipped: 0, mounted: 0, copied: 0};
	const copyBlob = async (descriptor: Descriptor) => {
		if (!isDigest(descriptor.digest) || done.has(descriptor.digest)) {
			return;
		}

		done.add(descriptor.digest);
		let outcome: BlobOutcome;
		if (await destination.hasBlob(descriptor)) {
			outcome = 'skipped';
		} else if (source.registryRepository && destination.mountBlob && await destination.mountBlob(descriptor, source.registryRepository)) {
			outcome = 'mounted';
		} else {
			const stream = await source.openBlob(descriptor);
			const checked = stream.pipe(verifying(descriptor, source.name));
			stream.on('error', error => checked.destroy(error));
			await destination.putBlob(descriptor, checked);
			outcome = 'copied';
		}

		counts[outcome]++;
		options.onBlob?.(descriptor, outcome);
	};

	const limit = pLimit(concurrentBlobs);
	/** Every blob of these manifests, a few at a time; the first failure stops the copy (no manifest is written). */
	const copyBlobsOf = async (manifests: RawManifest[]) => {
		const descriptors = manifests.flatMap(manifest => {
			const parsed = parse<ImageManifest>(manifest, source.name);
			if (!parsed.config || !Array.isArray(parsed.layers)) {
				throw new CopyError(`the manifest ${manifest.digest} of ${source.name} is not an image manifest`);
			}

			return [parsed.config, ...parsed.layers];
		});
		options.onBlobs?.(new Set(descriptors.map(descriptor => descriptor.digest).filter(digest => isDigest(digest) && !done.has(digest))).size);
		try {
			await Promise.all(descriptors.map(async descriptor => limit(async () => copyBlob(descriptor))));
		} finally {
			limit.clearQueue();
		}
	};

	const copyManifest = async (manifest: RawManifest) => copyBlobsOf([manifest]);

	const shaped = (manifest: RawManifest, children?: Map<string, RawManifest>) => destination.ociOnly ? asOci(manifest, source.name, children) : manifest;
	const top = await source.top();
	if (!isIndexMediaType(top.mediaType)) {
		await copyManifest(top);
		const written = shaped(top);
		await destination.putTop(written);
		return {digest: written.digest, blobs: counts};
	}

	const index = parse<ImageIndex>(top, source.name);
	if (!options.all) {
		const entry = selectManifest(index.manifests, hostPlatform());
		if (!entry) {
			throw new CopyError(`no image for ${formatPlatform(hostPlatform())} in ${source.name} (it has ${offeredPlatforms(index.manifests).join(', ') || 'none'}); copy them all with --all`);
		}

		const chosen = await source.manifest(entry);
		await copyManifest(chosen);
		const written = shaped(chosen);
		await destination.putTop(written);
		return {digest: written.digest, blobs: counts};
	}

	// The platforms' manifests are asked for together, and written together once every blob is there: none depends on another.
	const children = await Promise.all(index.manifests.map(async entry => limit(async () => source.manifest(entry))));
	for (const child of children) {
		if (isIndexMediaType(child.mediaType)) {
			throw new CopyError(`${source.name} names an index inside its index (${child.digest}); nested indexes are not copied`);
		}
	}

	await copyBlobsOf(children);
	const converted = new Map<string, RawManifest>();
	for (const child of children) {
		converted.set(child.digest, shaped(child));
	}

	await Promise.all([...converted.values()].map(async written => limit(async () => destination.putManifest(written))));

	const written = shaped(top, converted);
	await destination.putTop(written);
	return {digest: written.digest, blobs: counts};
}
