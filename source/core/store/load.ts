import {open} from 'node:fs/promises';
import {digestHex, shortId} from '../digest.js';
import {DockyardError} from '../errors.js';
import {isIndexMediaType, mediaTypes, type Descriptor, type ImageConfig, type ImageIndex, type ImageManifest, type Platform} from '../oci.js';
import {isAttestation, offeredPlatforms, selectManifest} from '../hub/registry/platform.js';
import {formatPlatform, hostPlatform} from '../platform.js';
import {canonicalString, familiarString, parseReference, withDefaultTag} from '../reference.js';
import {BadArchiveError, readJson, type ArchiveEntries} from './archive-entries.js';
import type {BlobStore} from './blobs.js';
import {compressionOf, DecompressError, requireCodec, sniffCompression, zstdLayerType, type Compression} from './layer-codec.js';
import {measureLayer} from './pull.js';
import type {LayerRecord} from './records.js';

/** One image an archive holds, its blobs already in the store and checked. */
export type ArchiveImage = {
	id: string;
	config: ImageConfig;
	layers: LayerRecord[];
	/** Canonical references the archive gives it. */
	tags: string[];
	/** The OCI manifest it came under, when the archive has one. */
	manifestDigest?: string;
	/** Said before its `Loaded image` line when it was chosen from a multi-platform index: which platform, of which. */
	chosen?: string;
};

/** The platform a multi-platform archive is loaded for: `--platform`, else the host's (as podman load does). */
export type LoadPlatform = {platform?: Platform};

/**
 * The images of an archive whose files are in the store (archive-entries.ts):
 * a docker archive (manifest.json: `docker save`, `podman save`, dockyard's
 * own) or an OCI layout (index.json). Every name it gives must be in it,
 * every blob named by a digest must hash to it, every layer must be the size
 * its manifest says and decompress to its config's diff_id.
 */
export async function imagesOfArchive(blobs: BlobStore, source: string, entries: ArchiveEntries, options: LoadPlatform = {}): Promise<ArchiveImage[]> {
	for (const [name, file] of entries) {
		const named = /^(?:blobs\/sha256\/([a-f\d]{64})|([a-f\d]{64})\.json)$/.exec(name);
		const hex = named?.[1] ?? named?.[2];
		if (hex && hex !== digestHex(file.digest)) {
			throw new BadArchiveError(source, `${name} does not match its digest (its content hashes to ${file.digest})`);
		}
	}

	if (entries.has('manifest.json')) {
		return dockerImages(blobs, source, entries);
	}

	if (entries.has('index.json')) {
		return ociImages(blobs, source, entries, options);
	}

	throw new BadArchiveError(source, 'it has neither a manifest.json (docker) nor an index.json (OCI)');
}

type DockerEntry = {Config?: unknown; RepoTags?: unknown; Layers?: unknown};

async function dockerImages(blobs: BlobStore, source: string, entries: ArchiveEntries): Promise<ArchiveImage[]> {
	const {value: manifest} = await readJson<DockerEntry[]>(blobs, source, entries, 'manifest.json');
	if (!Array.isArray(manifest)) {
		throw new BadArchiveError(source, 'manifest.json is not a list of images');
	}

	const images: ArchiveImage[] = [];
	for (const entry of manifest) {
		if (typeof entry?.Config !== 'string' || !Array.isArray(entry.Layers) || !entry.Layers.every(layer => typeof layer === 'string')) {
			throw new BadArchiveError(source, 'manifest.json has an image without a Config or Layers');
		}

		const tags = Array.isArray(entry.RepoTags) ? entry.RepoTags.filter((tag): tag is string => typeof tag === 'string').map(tag => tagName(source, tag)) : [];
		// eslint-disable-next-line no-await-in-loop
		const {value: config, file} = await readJson<ImageConfig>(blobs, source, entries, entryPath(entry.Config));
		const layers = (entry.Layers as string[]).map(name => {
			const layer = entries.get(entryPath(name));
			if (!layer) {
				throw new BadArchiveError(source, `${name} is named but not in the archive`);
			}

			return {name, ...layer};
		});
		// eslint-disable-next-line no-await-in-loop
		images.push({id: file.digest, config, tags, layers: await checkLayers(blobs, source, config, layers.map(layer => ({...layer, declared: undefined})))});
	}

	return images;
}

async function ociImages(blobs: BlobStore, source: string, entries: ArchiveEntries, options: LoadPlatform): Promise<ArchiveImage[]> {
	const {value: index} = await readJson<ImageIndex>(blobs, source, entries, 'index.json');
	if (!Array.isArray(index?.manifests)) {
		throw new BadArchiveError(source, 'index.json has no manifests');
	}

	const images: ArchiveImage[] = [];
	const visit = async (descriptor: Descriptor, tag: string | undefined, depth: number, chosen?: string): Promise<void> => {
		const name = blobName(source, descriptor);
		if (isIndexMediaType(descriptor.mediaType)) {
			if (depth > 4) {
				throw new BadArchiveError(source, 'its indexes nest too deep');
			}

			const {value: nested} = await readJson<ImageIndex>(blobs, source, entries, name);
			if (!Array.isArray(nested?.manifests)) {
				throw new BadArchiveError(source, `the index ${descriptor.digest} has no manifests`);
			}

			const choice = choosePlatform(source, nested.manifests, tag ?? descriptor.digest, options);
			for (const child of choice?.take ?? nested.manifests) {
				// eslint-disable-next-line no-await-in-loop
				await visit(child, tag, depth + 1, choice?.said ?? chosen);
			}

			return;
		}

		const {value: manifest, file} = await readJson<ImageManifest>(blobs, source, entries, name);
		declaredSize(source, name, descriptor, file.size);
		if (!manifest.config || !Array.isArray(manifest.layers)) {
			throw new BadArchiveError(source, `the manifest ${descriptor.digest} has no config or layers`);
		}

		const configName = blobName(source, manifest.config);
		const {value: config, file: configFile} = await readJson<ImageConfig>(blobs, source, entries, configName);
		declaredSize(source, configName, manifest.config, configFile.size);
		const layers = manifest.layers.map(layer => {
			const layerName = blobName(source, layer);
			const stored = entries.get(layerName);
			if (!stored) {
				throw new BadArchiveError(source, `${layerName} is named but not in the archive`);
			}

			return {name: layerName, ...stored, declared: layer};
		});
		const checked = await checkLayers(blobs, source, config, layers);
		const existing = images.find(image => image.id === configFile.digest);
		if (existing) {
			existing.tags.push(...(tag ? [tag] : []));
		} else {
			images.push({id: configFile.digest, config, layers: checked, tags: tag ? [tag] : [], manifestDigest: file.digest, ...(chosen ? {chosen} : {})});
		}
	};

	for (const descriptor of index.manifests) {
		// eslint-disable-next-line no-await-in-loop
		await visit(descriptor, ociTag(source, descriptor), 0);
	}

	return images;
}

/**
 * One platform of a multi-platform index, as podman load keeps one: the
 * wanted platform (`--platform`, else the host's), attestations left out.
 * An index whose entries name no platforms is loaded whole, as before.
 */
function choosePlatform(source: string, manifests: Descriptor[], what: string, options: LoadPlatform): {take: Descriptor[]; said: string} | undefined {
	const platforms = manifests.filter(entry => !isAttestation(entry) && entry.platform);
	if (platforms.length === 0) {
		return undefined;
	}

	const wanted = options.platform ?? hostPlatform();
	const entry = selectManifest(manifests, wanted);
	const offered = offeredPlatforms(manifests);
	const shown = what.startsWith('sha256:') ? shortId(what) : familiarString(parseReference(what));
	if (!entry) {
		throw new DockyardError(`${source} has no image for ${formatPlatform(wanted)} in the multi-platform index of ${shown} (it has ${offered.join(', ')})${options.platform ? '' : '; choose one with --platform'}`);
	}

	const others = offered.filter(platform => platform !== formatPlatform(entry.platform!));
	return {take: [entry], said: `Loading ${formatPlatform(entry.platform!)} from the multi-platform index of ${shown}${others.length > 0 ? ` (also has ${others.join(', ')})` : ''}`};
}

/**
 * The reference an OCI index entry carries: containerd's full name, or a
 * `ref.name` that is a name with a tag (`skopeo copy … oci:DIR:name:tag`);
 * a bare `ref.name` (`latest`) names no repository, so the image loads untagged, as podman loads it.
 */
function ociTag(source: string, descriptor: Descriptor): string | undefined {
	const annotations = descriptor.annotations ?? {};
	const full = annotations['io.containerd.image.name'];
	if (full) {
		return tagName(source, full);
	}

	const ref = annotations['org.opencontainers.image.ref.name'];
	return ref && /[:/]/.test(ref) ? tagName(source, ref) : undefined;
}

function tagName(source: string, name: string): string {
	try {
		return canonicalString(withDefaultTag(parseReference(name)));
	} catch {
		throw new BadArchiveError(source, `it tags an image ${name}, which is not a valid reference`);
	}
}

function blobName(source: string, descriptor: Descriptor): string {
	if (typeof descriptor?.digest !== 'string' || !/^sha256:[a-f\d]{64}$/.test(descriptor.digest)) {
		throw new BadArchiveError(source, `a descriptor has an invalid digest ${String(descriptor?.digest)}`);
	}

	return `blobs/sha256/${digestHex(descriptor.digest)}`;
}

function declaredSize(source: string, name: string, descriptor: Descriptor, size: number): void {
	if (descriptor.size !== size) {
		throw new BadArchiveError(source, `${name} is ${size} bytes, its manifest says ${descriptor.size}`);
	}
}

/** docker's names are relative to the archive; `./x` and `x` are one file. */
function entryPath(name: string): string {
	return name.split('/').filter(part => part !== '' && part !== '.').join('/');
}

type ArchiveLayer = {name: string; digest: string; size: number; declared: Descriptor | undefined};

/** Each layer decompresses to its diff_id (read back from the store, so a hostile archive cannot say what it hashes to). */
async function checkLayers(blobs: BlobStore, source: string, config: ImageConfig, layers: ArchiveLayer[]): Promise<LayerRecord[]> {
	const diffIds = config?.rootfs?.diff_ids;
	if (!Array.isArray(diffIds) || diffIds.length !== layers.length) {
		throw new BadArchiveError(source, `its manifest lists ${layers.length} layers but the config ${Array.isArray(diffIds) ? diffIds.length : 'no'} diff_ids`);
	}

	const records: LayerRecord[] = [];
	for (const [index, layer] of layers.entries()) {
		if (layer.declared) {
			declaredSize(source, layer.name, layer.declared, layer.size);
		}

		if (layer.declared) {
			requireCodec(layer.declared.mediaType);
		}

		// eslint-disable-next-line no-await-in-loop
		const compression = layer.declared ? compressionOf(layer.declared.mediaType) : await sniffStored(blobs, layer.digest);
		// eslint-disable-next-line no-await-in-loop
		const uncompressed = await measureLayer(blobs, layer.digest, compression).catch((error: unknown) => {
			if (error instanceof DecompressError) {
				throw new BadArchiveError(source, `${layer.name} cannot be decompressed: ${error.message}`);
			}

			throw error instanceof DockyardError ? error : new BadArchiveError(source, `${layer.name} cannot be decompressed`);
		});
		if (uncompressed.digest !== diffIds[index]) {
			throw new BadArchiveError(source, `${layer.name} does not match its diff_id ${String(diffIds[index])} (it is ${uncompressed.digest})`);
		}

		records.push({
			digest: layer.digest,
			mediaType: layer.declared?.mediaType ?? (compression === 'gzip' ? mediaTypes.dockerLayerGzip : compression === 'zstd' ? zstdLayerType : mediaTypes.ociLayer),
			size: layer.size,
			diffId: uncompressed.digest,
			uncompressedSize: uncompressed.size,
			...(uncompressed.filesSize === undefined ? {} : {filesSize: uncompressed.filesSize}),
		});
	}

	return records;
}

async function sniffStored(blobs: BlobStore, digest: string): Promise<Compression> {
	const handle = await open(blobs.path(digest), 'r');
	try {
		const {buffer, bytesRead} = await handle.read(Buffer.alloc(4), 0, 4, 0);
		return sniffCompression(buffer.subarray(0, bytesRead));
	} finally {
		await handle.close();
	}
}
