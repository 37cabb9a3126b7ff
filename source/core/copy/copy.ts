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
import {type Descriptor, type ImageIndex, type ImageManifest, isIndexMediaType} from '../oci.js';
import {formatPlatform, hostPlatform} from '../platform.js';
import {offeredPlatforms, selectManifest} from '../hub/registry/platform.js';
import type {ImageDestination, ImageSource, RawManifest} from './image-transport.js';
import {verifying} from './verify-stream.js';

export class CopyError extends DockyardError {}

/** Blobs in flight at once: as many as containers/image (skopeo) would not exceed, fewer than its 6 on a small machine. */
const concurrentBlobs = 4;

export type CopyOptions = {all?: boolean; onBlob?: (descriptor: Descriptor, outcome: BlobOutcome) => void};
export type BlobOutcome = 'skipped' | 'mounted' | 'copied';
export type CopyOutcome = {digest: string; blobs: Record<BlobOutcome, number>};

function parse<T>(manifest: RawManifest, name: string): T {
	try {
		return JSON.parse(manifest.bytes.toString('utf8')) as T;
	} catch {
		throw new CopyError(`the manifest ${manifest.digest} of ${name} is not JSON`);
	}
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
		try {
			await Promise.all(descriptors.map(async descriptor => limit(async () => copyBlob(descriptor))));
		} finally {
			limit.clearQueue();
		}
	};

	const copyManifest = async (manifest: RawManifest) => copyBlobsOf([manifest]);

	const top = await source.top();
	if (!isIndexMediaType(top.mediaType)) {
		await copyManifest(top);
		await destination.putTop(top);
		return {digest: top.digest, blobs: counts};
	}

	const index = parse<ImageIndex>(top, source.name);
	if (!options.all) {
		const entry = selectManifest(index.manifests, hostPlatform());
		if (!entry) {
			throw new CopyError(`no image for ${formatPlatform(hostPlatform())} in ${source.name} (it has ${offeredPlatforms(index.manifests).join(', ') || 'none'}); copy them all with --all`);
		}

		const chosen = await source.manifest(entry);
		await copyManifest(chosen);
		await destination.putTop(chosen);
		return {digest: chosen.digest, blobs: counts};
	}

	const children: RawManifest[] = [];
	for (const entry of index.manifests) {
		// eslint-disable-next-line no-await-in-loop
		const child = await source.manifest(entry);
		if (isIndexMediaType(child.mediaType)) {
			throw new CopyError(`${source.name} names an index inside its index (${child.digest}); nested indexes are not copied`);
		}

		children.push(child);
	}

	await copyBlobsOf(children);
	for (const child of children) {
		// eslint-disable-next-line no-await-in-loop
		await destination.putManifest(child);
	}

	await destination.putTop(top);
	return {digest: top.digest, blobs: counts};
}
