/**
 * Manifests: asked for with all four media types, read under a size limit,
 * checked for content type, digest (the one asked for and
 * `Docker-Content-Digest`) and shape, and an index resolved to one platform.
 */
import {isDigest, sha256} from '../../digest.js';
import {RegistryError} from '../../errors.js';
import {type Descriptor, type ImageIndex, type ImageManifest, isIndexMediaType, mediaTypes, type Platform} from '../../oci.js';
import {canonicalString, familiarName, familiarString, type Reference} from '../../reference.js';
import {limits} from './body.js';
import type {RegistryClient} from './client.js';
import {formatPlatform, isAttestation, offeredPlatforms, selectManifest} from './platform.js';

export const manifestAccept = [mediaTypes.ociIndex, mediaTypes.ociManifest, mediaTypes.dockerManifestList, mediaTypes.dockerManifest].join(', ');

const manifestTypes = new Set<string>([mediaTypes.ociIndex, mediaTypes.ociManifest, mediaTypes.dockerManifestList, mediaTypes.dockerManifest]);

export type FetchedManifest =
	| {kind: 'index'; digest: string; mediaType: string; index: ImageIndex}
	| {kind: 'manifest'; digest: string; mediaType: string; manifest: ImageManifest};

export function repositoryScope(reference: Reference): string {
	return `repository:${reference.path}:pull`;
}

/** How the reference is named in messages: `127.0.0.1:5000/x:latest`, `nginx:latest`. */
export function shownName(reference: Reference): string {
	return familiarString(reference);
}

/** A manifest or index by tag or digest, verified. `tagOrDigest` overrides the reference's (an index entry). */
export async function fetchManifest(client: RegistryClient, reference: Reference, tagOrDigest: string, signal?: AbortSignal): Promise<FetchedManifest> {
	const subject = shownName(reference);
	const request = {
		scope: repositoryScope(reference),
		subject: familiarName(reference),
		what: `the manifest of ${canonicalString(reference)}`,
		headers: {Accept: manifestAccept},
		signal,
	};
	const named = isDigest(tagOrDigest) ? `${familiarName(reference)}@${tagOrDigest}` : subject;
	const {response, bytes} = await client.fetchWhole(client.url(`/v2/${reference.path}/manifests/${tagOrDigest}`), request, limits.manifest, `manifest for ${named} not found`);
	const contentType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
	const headerDigest = response.headers.get('docker-content-digest');
	// Before any digest check: a signed schema 1 body hashes differently from its digest (the signatures are not
	// part of it), and a mismatch would read as tampering where the truth is an old format.
	if (isSchema1(contentType, bytes)) {
		throw new RegistryError(`the manifest of ${subject} from ${client.domain} is a Docker schema 1 manifest, which is not supported (as in docker 20.10 and later); push the image again with a current docker, podman or skopeo`);
	}

	const digest = sha256(bytes);
	if (isDigest(tagOrDigest) && digest !== tagOrDigest) {
		throw new RegistryError(`the manifest of ${subject} from ${client.domain} does not match its digest: asked for ${tagOrDigest}, got ${digest}`);
	}

	if (headerDigest && headerDigest.startsWith('sha256:') && headerDigest.trim() !== digest) {
		throw new RegistryError(`the manifest of ${subject} from ${client.domain} does not match its Docker-Content-Digest ${headerDigest.trim().slice(0, 80)} (got ${digest})`);
	}

	// Some registries send plain JSON as application/json: then the body's own mediaType says what it is.
	const declared = contentType === 'application/json' ? declaredType(bytes) : undefined;
	const mediaType = manifestTypes.has(contentType) ? contentType : declared;
	if (!mediaType) {
		const shown = contentType === '' ? 'no content type' : `content type ${contentType.slice(0, 100)}`;
		throw new RegistryError(`the manifest of ${subject} from ${client.domain} has ${shown}, not an OCI or Docker v2 manifest`);
	}

	let parsed: unknown;
	try {
		parsed = JSON.parse(bytes.toString('utf8'));
	} catch {
		throw new RegistryError(`the manifest of ${subject} from ${client.domain} is not JSON`);
	}

	if (!isObject(parsed)) {
		throw new RegistryError(`the manifest of ${subject} from ${client.domain} is not a JSON object`);
	}

	const bodyType = typeof parsed['mediaType'] === 'string' ? parsed['mediaType'] : undefined;
	if (bodyType !== undefined && bodyType !== mediaType) {
		throw new RegistryError(`the manifest of ${subject} from ${client.domain} says it is ${bodyType.slice(0, 100)} but was sent as ${mediaType}`);
	}

	if (parsed['schemaVersion'] !== 2) {
		throw new RegistryError(`the manifest of ${subject} from ${client.domain} has schemaVersion ${String(parsed['schemaVersion']).slice(0, 20)}, not 2`);
	}

	const invalid = (what: string) => new RegistryError(`the manifest of ${subject} from ${client.domain} is invalid: ${what}`);
	if (isIndexMediaType(mediaType)) {
		const manifests = parsed['manifests'];
		if (!Array.isArray(manifests) || !manifests.every(entry => isDescriptor(entry))) {
			throw invalid('its manifests are not a list of descriptors');
		}

		return {kind: 'index', digest, mediaType, index: parsed as ImageIndex};
	}

	const layers = parsed['layers'];
	if (!isDescriptor(parsed['config'])) {
		throw invalid('no valid config descriptor');
	}

	if (!Array.isArray(layers) || !layers.every(entry => isDescriptor(entry))) {
		throw invalid('its layers are not a list of descriptors');
	}

	return {kind: 'manifest', digest, mediaType, manifest: parsed as ImageManifest};
}

/**
 * The image manifest for a platform: the manifest itself when the reference
 * names one, else the index entry for the platform.
 */
export async function resolveManifest(client: RegistryClient, reference: Reference, platform: Platform, explicit: boolean, signal?: AbortSignal): Promise<{digest: string; manifestDigest: string; manifest: ImageManifest; index?: {digest: string; manifests: Descriptor[]}}> {
	const top = await fetchManifest(client, reference, reference.digest ?? reference.tag ?? 'latest', signal);
	if (top.kind === 'manifest') {
		return {digest: top.digest, manifestDigest: top.digest, manifest: top.manifest};
	}

	const entry = selectManifest(top.index.manifests, platform);
	if (!entry) {
		const offered = offeredPlatforms(top.index.manifests);
		throw new RegistryError(`no matching manifest for ${formatPlatform(platform)} in the manifest list entries of ${shownName(reference)}${offered.length > 0 ? ` (it has ${offered.join(', ')})` : ''}${explicit ? '' : '; choose one with --platform'}`);
	}

	const chosen = await fetchManifest(client, reference, entry.digest, signal);
	if (chosen.kind !== 'manifest') {
		throw new RegistryError(`the manifest list of ${shownName(reference)} from ${client.domain} names another list for ${formatPlatform(platform)}; nested lists are not supported`);
	}

	const manifests = top.index.manifests.filter(descriptor => !isAttestation(descriptor) && descriptor.platform);
	return {digest: top.digest, manifestDigest: chosen.digest, manifest: chosen.manifest, index: {digest: top.digest, manifests}};
}

const schema1Types = new Set(['application/vnd.docker.distribution.manifest.v1+json', 'application/vnd.docker.distribution.manifest.v1+prettyjws']);

/** docker's schema 1, by its content type or by a body that says `schemaVersion: 1` (some registries send it as JSON). */
function isSchema1(contentType: string, bytes: Buffer): boolean {
	if (schema1Types.has(contentType)) {
		return true;
	}

	// A cheap look first: only a body that mentions schemaVersion 1 is parsed here.
	if (!/"schemaVersion"\s*:\s*1\s*[,}]/.test(bytes.subarray(0, 4096).toString('utf8'))) {
		return false;
	}

	try {
		return (JSON.parse(bytes.toString('utf8')) as {schemaVersion?: unknown})?.schemaVersion === 1;
	} catch {
		return false;
	}
}

function declaredType(bytes: Buffer): string | undefined {
	try {
		const parsed = JSON.parse(bytes.toString('utf8')) as {mediaType?: unknown};
		return typeof parsed?.mediaType === 'string' && manifestTypes.has(parsed.mediaType) ? parsed.mediaType : undefined;
	} catch {
		return undefined;
	}
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isDescriptor(value: unknown): value is Descriptor {
	return isObject(value)
		&& typeof value['mediaType'] === 'string'
		&& typeof value['digest'] === 'string' && isDigest(value['digest'])
		&& typeof value['size'] === 'number' && Number.isSafeInteger(value['size']) && value['size'] >= 0;
}
