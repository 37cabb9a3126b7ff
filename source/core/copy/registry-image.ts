/**
 * `docker://REF`: a registry through dockyard's registry client, with the
 * credentials and endpoint rules pulls and pushes use. Manifests are kept
 * as the exact bytes the registry sent (checked against their digest), so a
 * copy changes no digest.
 */
import type {Readable} from 'node:stream';
import {isDigest, sha256} from '../digest.js';
import {RegistryError} from '../errors.js';
import {limits} from '../hub/registry/body.js';
import {openBlobStream} from '../hub/registry/blobs.js';
import {RegistryClient} from '../hub/registry/client.js';
import {endpointFor} from '../hub/registry/endpoint.js';
import {manifestAccept, repositoryScope} from '../hub/registry/manifest.js';
import {BlobUploader, uploadSizes} from '../hub/registry/upload.js';
import type {Descriptor} from '../oci.js';
import {familiarString, type Reference} from '../reference.js';
import type {ImageDestination, ImageSource, RawManifest} from './image-transport.js';

const manifestTypes = new Set(manifestAccept.split(', '));

export type RegistryOptions = {insecureRegistries: readonly string[]; environment: NodeJS.ProcessEnv; signal?: AbortSignal};

/** One client per registry for the whole copy: a token got once serves every request. */
const clients = new Map<string, RegistryClient>();
function clientFor(domain: string, options: RegistryOptions): RegistryClient {
	let client = clients.get(domain);
	if (!client) {
		client = new RegistryClient(endpointFor(domain, options.insecureRegistries, options.environment), {environment: options.environment});
		clients.set(domain, client);
	}

	return client;
}

/** The manifest under a tag or digest, as sent, verified against the digest asked for and `Docker-Content-Digest`. */
export async function fetchRawManifest(client: RegistryClient, reference: Reference, tagOrDigest: string, signal?: AbortSignal): Promise<RawManifest> {
	const shown = familiarString(reference);
	const request = {scope: repositoryScope(reference), subject: shown, what: `the manifest of ${shown}`, headers: {Accept: manifestAccept}, signal};
	const {response, bytes} = await client.fetchWhole(client.url(`/v2/${reference.path}/manifests/${tagOrDigest}`), request, limits.manifest, `manifest for ${shown} not found`);
	const contentType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
	let declared: unknown;
	try {
		declared = (JSON.parse(bytes.toString('utf8')) as {mediaType?: unknown})?.mediaType;
	} catch {
		throw new RegistryError(`the manifest of ${shown} from ${client.domain} is not JSON`);
	}

	const mediaType = manifestTypes.has(contentType) ? contentType : (typeof declared === 'string' && manifestTypes.has(declared) ? declared : undefined);
	if (!mediaType) {
		throw new RegistryError(`the manifest of ${shown} from ${client.domain} is not an OCI or Docker v2 manifest (${contentType.slice(0, 100) || 'no content type'})`);
	}

	// After the type: a signed schema 1 body hashes differently from its digest, and is refused above for what it is.
	const digest = sha256(bytes);
	const header = response.headers.get('docker-content-digest')?.trim();
	if ((isDigest(tagOrDigest) && digest !== tagOrDigest) || (header?.startsWith('sha256:') && header !== digest)) {
		throw new RegistryError(`the manifest of ${shown} from ${client.domain} does not match its digest (got ${digest})`);
	}

	return {mediaType, digest, bytes};
}

export function registrySource(reference: Reference, options: RegistryOptions): ImageSource {
	const client = clientFor(reference.domain, options);
	return {
		name: `docker://${familiarString(reference)}`,
		registryRepository: {domain: reference.domain, path: reference.path},
		top: async () => fetchRawManifest(client, reference, reference.digest ?? reference.tag ?? 'latest', options.signal),
		manifest: async descriptor => fetchRawManifest(client, reference, descriptor.digest, options.signal),
		openBlob: async (descriptor: Descriptor): Promise<Readable> => openBlobStream(client, reference, descriptor, options.signal),
	};
}

export function registryDestination(reference: Reference, options: RegistryOptions): ImageDestination {
	const client = clientFor(reference.domain, options);
	const uploader = new BlobUploader(client, reference, uploadSizes(options.environment), options.signal);
	return {
		name: `docker://${familiarString(reference)}`,
		hasBlob: async descriptor => uploader.has(descriptor.digest),
		async mountBlob(descriptor, from) {
			return from.domain === reference.domain && from.path !== reference.path && uploader.mount(descriptor.digest, from.path);
		},
		async putBlob(descriptor, stream) {
			await uploader.upload(descriptor.digest, descriptor.size, stream, () => {});
		},
		async putManifest(manifest) {
			await put(manifest.digest, manifest);
		},
		async putTop(manifest) {
			await put(reference.digest ?? reference.tag ?? 'latest', manifest);
		},
	};

	async function put(tag: string, manifest: RawManifest): Promise<void> {
		const answered = await uploader.putManifest(tag, manifest.mediaType, manifest.bytes);
		if (answered && answered.trim() !== manifest.digest) {
			throw new RegistryError(`${reference.domain} stored the manifest of ${familiarString(reference)} as ${answered.slice(0, 80)}, not ${manifest.digest}`);
		}
	}
}
