/**
 * `docker push` from the store: every blob read through the store's
 * verified path (a corrupt one fails the push before the registry commits
 * it), layers the registry has skipped, layers it has in another repository
 * mounted, the rest uploaded, the manifest last. Nothing in the store
 * changes until the manifest is in; then the image gains the repo digest,
 * as docker records it, so the next push elsewhere on that registry mounts.
 */
import {shortId, sha256} from '../digest.js';
import {RegistryError} from '../errors.js';
import {endpointFor} from '../hub/registry/endpoint.js';
import {RegistryClient} from '../hub/registry/client.js';
import {BlobUploader, uploadSizes} from '../hub/registry/upload.js';
import {mediaTypes, type Descriptor, type ImageManifest} from '../oci.js';
import {canonicalName, parseReference, type Reference} from '../reference.js';
import type {Settings} from '../settings.js';
import {manifestOf} from './archive.js';
import type {BlobStore} from './blobs.js';
import type {PullEvent} from './pull.js';
import {outgoingLayer} from './push-gzip.js';
import type {ImageView} from './view.js';

export type PushJob = {
	blobs: BlobStore;
	image: ImageView;
	/** Every image in the store: their repo digests say which repositories of a registry hold which layers. */
	images: ImageView[];
	reference: Reference & {tag: string};
	settings: Settings;
	environment?: NodeJS.ProcessEnv;
	onProgress?: (event: PullEvent) => void;
	signal?: AbortSignal;
};

export type PushOutcome = {lines: string[]; manifestDigest: string; size: number; repoDigest: string};

/** docker's manifest for images whose layers are all docker's own types (pulled that way); OCI's for the rest. */
export function pushManifest(image: ImageView, configSize: number, sent: Array<Pick<Descriptor, 'mediaType' | 'digest' | 'size'>> = image.layers): {mediaType: string; bytes: Buffer} {
	// The layers as they went (an uncompressed one as its gzip), in the image's order.
	const oci = manifestOf({...image, layers: image.layers.map((layer, index) => ({...layer, ...sent[index]}))}, configSize);
	const dockerTypes = sent.length > 0 && sent.every(layer => layer.mediaType.startsWith('application/vnd.docker.'));
	const manifest: ImageManifest = dockerTypes
		? {
			...oci,
			mediaType: mediaTypes.dockerManifest,
			config: {...oci.config, mediaType: mediaTypes.dockerConfig},
			layers: sent.map(layer => ({mediaType: layer.mediaType, digest: layer.digest, size: layer.size})),
		}
		: oci;
	return {mediaType: manifest.mediaType!, bytes: Buffer.from(JSON.stringify(manifest))};
}

/** Repositories of `domain`, other than `path`, that hold each blob (from the images' repo digests). */
function mountSources(images: ImageView[], domain: string, path: string): Map<string, string> {
	const sources = new Map<string, string>();
	for (const image of images) {
		for (const repoDigest of image.repoDigests) {
			let reference: Reference;
			try {
				reference = parseReference(repoDigest);
			} catch {
				continue;
			}

			if (reference.domain !== domain || reference.path === path) {
				continue;
			}

			for (const digest of [image.id, ...image.layers.map(layer => layer.digest)]) {
				if (!sources.has(digest)) {
					sources.set(digest, reference.path);
				}
			}
		}
	}

	return sources;
}

export async function pushImage(job: PushJob): Promise<PushOutcome> {
	const {image, reference, blobs} = job;
	const environment = job.environment ?? process.env;
	const client = new RegistryClient(endpointFor(reference.domain, job.settings.insecureRegistries, environment), {environment});
	const uploader = new BlobUploader(client, reference, uploadSizes(environment), job.signal);
	const sources = mountSources(job.images, reference.domain, reference.path);
	const lines = [`The push refers to repository [${canonicalName(reference)}]`];
	const say = (id: string, status: Extract<PullEvent, {kind: 'layer'}>['status'], current?: number, total?: number) => {
		job.onProgress?.({kind: 'layer', id, status, current, total});
	};

	job.onProgress?.({kind: 'status', message: lines[0]!});
	// docker lists the layers top first.
	const layers = [...image.layers].reverse();
	for (const layer of layers) {
		say(shortId(layer.diffId), 'Preparing');
	}

	/** One blob: skipped, mounted or uploaded; returns the line docker leaves for it. */
	/** `stored`: the blob in the store this one is made from (an uncompressed layer's, for its gzip): named in errors, and the key of the mount sources. */
	const send = async (digest: string, what: string, id?: string, open = async () => blobs.openVerified(digest, what), stored = digest): Promise<string> => {
		try {
			if (await uploader.has(digest)) {
				return 'Layer already exists';
			}

			const from = sources.get(digest) ?? sources.get(stored);
			if (from && await uploader.mount(digest, from)) {
				return `Mounted from ${from}`;
			}

			const {size, stream} = await open();
			await uploader.upload(digest, size, stream, sent => {
				if (id) {
					say(id, 'Pushing', sent, size);
				}
			});
			return 'Pushed';
		} catch (error) {
			throw new RegistryError(`pushing ${what} ${shortId(stored)} to ${canonicalName(reference)} failed: ${error instanceof Error ? error.message : String(error)}`);
		}
	};

	const layerLines: string[] = [];
	const sent = new Map<string, Descriptor>();
	for (const layer of layers) {
		const id = shortId(layer.diffId);
		// An uncompressed layer goes as its gzip, as docker and podman push it.
		// eslint-disable-next-line no-await-in-loop
		const outgoing = await outgoingLayer(blobs, layer, 'layer').catch((error: unknown) => {
			throw new RegistryError(`pushing layer ${shortId(layer.digest)} to ${canonicalName(reference)} failed: ${error instanceof Error ? error.message : String(error)}`);
		});
		try {
			// eslint-disable-next-line no-await-in-loop
			const status = await send(outgoing.digest, 'layer', id, async () => ({size: outgoing.size, stream: await outgoing.open()}), layer.digest) as Extract<PullEvent, {kind: 'layer'}>['status'];
			say(id, status);
			layerLines.push(`${id}: ${status}`);
			sent.set(layer.digest, {mediaType: outgoing.mediaType, digest: outgoing.digest, size: outgoing.size});
		} finally {
			// eslint-disable-next-line no-await-in-loop
			await outgoing.dispose();
		}
	}

	const configBytes = await blobs.readVerified(image.id, 'config');
	await send(image.id, 'config');
	const {mediaType, bytes} = pushManifest(image, configBytes.length, image.layers.map(layer => sent.get(layer.digest)!));
	const digest = sha256(bytes);
	const answered = await uploader.putManifest(reference.tag, mediaType, bytes);
	if (answered && answered !== digest) {
		throw new RegistryError(`${reference.domain} stored the manifest of ${canonicalName(reference)} as ${answered.slice(0, 80)}, not ${digest}`);
	}

	const last = `${reference.tag}: digest: ${digest} size: ${bytes.length}`;
	job.onProgress?.({kind: 'status', message: last});
	return {lines: [...lines, ...layerLines, last], manifestDigest: digest, size: bytes.length, repoDigest: `${canonicalName(reference)}@${digest}`};
}
