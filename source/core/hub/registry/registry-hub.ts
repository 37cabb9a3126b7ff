/**
 * An OCI distribution registry (Docker Hub, a registry on 127.0.0.1:5000, …)
 * behind the Hub interface: search (Docker Hub's search API, or `_catalog`
 * elsewhere), tags, a reference resolved to one platform's verified manifest
 * and config, and layers streamed for the store to hash.
 */
import type {Readable} from 'node:stream';
import {RegistryError} from '../../errors.js';
import {type Descriptor, type ImageConfig, type Platform} from '../../oci.js';
import {familiarName, type Reference} from '../../reference.js';
import type {BlobOptions, Hub, ResolvedImage, SearchResult} from '../hub.js';
import {fetchBlobBytes, openBlobStream} from './blobs.js';
import {listTags, searchCatalog} from './catalog.js';
import {type ClientOptions, RegistryClient} from './client.js';
import {searchDockerHub} from './dockerhub-search.js';
import type {Endpoint} from './endpoint.js';
import {resolveManifest, shownName} from './manifest.js';
import {currentPlatform, formatPlatform, platformMatches} from './platform.js';

export class RegistryHub implements Hub {
	readonly label: string;
	readonly endpoint: Endpoint;
	readonly #client: RegistryClient;

	constructor(endpoint: Endpoint, options: ClientOptions = {}) {
		this.endpoint = endpoint;
		this.label = endpoint.domain;
		this.#client = new RegistryClient(endpoint, options);
	}

	async search(term: string, options: {limit: number}): Promise<SearchResult[]> {
		if (this.endpoint.search) {
			return searchDockerHub(this.#client.transport, term, options.limit);
		}

		const names = await searchCatalog(this.#client, term, options.limit);
		return names.map(name => ({name: `${this.endpoint.domain}/${name}`, description: '', stars: 0, official: false, automated: false}));
	}

	async tags(repository: Reference): Promise<string[]> {
		this.#check(repository);
		return listTags(this.#client, repository);
	}

	async resolve(reference: Reference, options: {platform?: Platform; signal?: AbortSignal} = {}): Promise<ResolvedImage> {
		this.#check(reference);
		const platform = options.platform ?? currentPlatform();
		const {digest, manifestDigest, manifest, index} = await resolveManifest(this.#client, reference, platform, Boolean(options.platform), options.signal);
		const configBytes = await fetchBlobBytes(this.#client, reference, manifest.config, 'config', options.signal);
		let config: ImageConfig;
		try {
			config = JSON.parse(configBytes.toString('utf8')) as ImageConfig;
		} catch {
			throw new RegistryError(`the config of ${shownName(reference)} from ${this.endpoint.domain} is not JSON`);
		}

		const diffIds = (config as {rootfs?: {diff_ids?: unknown}})?.rootfs?.diff_ids;
		if (typeof config !== 'object' || config === null || !Array.isArray(diffIds) || !diffIds.every(id => typeof id === 'string')) {
			throw new RegistryError(`the config of ${shownName(reference)} from ${this.endpoint.domain} has no rootfs.diff_ids: not an image config`);
		}

		// One manifest, not a list: it must still be the platform that was asked for, as docker checks.
		if (options.platform && manifestDigest === digest && !platformMatches({os: config.os, architecture: config.architecture, variant: config.variant}, options.platform)) {
			throw new RegistryError(`image with reference ${shownName(reference)} was found but does not match the specified platform: wanted ${formatPlatform(options.platform)}, actual: ${formatPlatform({os: config.os, architecture: config.architecture, variant: config.variant})}`);
		}

		return {reference, digest, manifestDigest, manifest, ...(index ? {index} : {}), config, configBytes: new Uint8Array(configBytes)};
	}

	async openBlob(reference: Reference, descriptor: Descriptor, options: BlobOptions = {}): Promise<Readable> {
		this.#check(reference);
		return openBlobStream(this.#client, reference, descriptor, options.signal);
	}

	#check(reference: Reference): void {
		if (reference.domain !== this.endpoint.domain) {
			throw new RegistryError(`${familiarName(reference)} is not on ${this.endpoint.domain}`);
		}
	}
}
