/**
 * Browsing a registry without pulling: its catalog and a repository's tags a
 * page at a time (`Link: <…>; rel="next"`), and a tag's details (digest,
 * platforms, compressed size, created time, labels) read from its manifest
 * and configs only. Every answer is cached for the life of the browser, so a
 * list scrolled back and forth asks once. The CLI's `search --list-tags` and
 * `search HOST/` use it; the TUI's registry browser is to use the same.
 */
import {RegistryError} from '../../errors.js';
import type {Descriptor, ImageConfig, ImageManifest, Platform} from '../../oci.js';
import {familiarName, type Reference} from '../../reference.js';
import {limits} from './body.js';
import {fetchBlobBytes} from './blobs.js';
import {nextLink} from './catalog.js';
import {type ApiRequest, RegistryClient} from './client.js';
import {endpointFor} from './endpoint.js';
import {fetchManifest, repositoryScope} from './manifest.js';
import {isAttestation} from './platform.js';

export type Page = {items: string[]; /** The next page's URL, absent on the last page. */ next?: string};

export type PlatformDetails = {
	platform?: Platform;
	digest: string;
	/** The config and every layer, as stored (compressed). */
	compressedSize: number;
	created?: string;
	labels: Record<string, string>;
};

export type TagDetails = {digest: string; mediaType: string; platforms: PlatformDetails[]};

/** Pages a whole listing may take at most (a `next` that never ends must not loop forever). */
export const maxPages = 200;
const pageSize = 100;

export class RegistryBrowser {
	readonly client: RegistryClient;
	readonly #pages = new Map<string, Promise<Page>>();
	readonly #details = new Map<string, Promise<TagDetails>>();

	constructor(client: RegistryClient) {
		this.client = client;
	}

	/** One page of the catalog; `next` is a page's `next` (absent: the first page of `size` names). */
	async catalogPage(next?: string, signal?: AbortSignal, size = pageSize): Promise<Page> {
		const what = `the catalog of ${this.client.domain}`;
		return this.#page(next ?? `/v2/_catalog?n=${size}`, 'repositories', {scope: 'registry:catalog:*', subject: what, what, signal}, `${this.client.domain} has no catalog`);
	}

	/** One page of a repository's tags. */
	async tagsPage(repository: Reference, next?: string, signal?: AbortSignal): Promise<Page> {
		const subject = named(this.client, repository);
		return this.#page(next ?? `/v2/${repository.path}/tags/list?n=${pageSize}`, 'tags', {scope: repositoryScope(repository), subject, what: `the tags of ${subject}`, signal}, `repository ${subject} not found`);
	}

	/** Every item of a listing, page after page, at most `maxPages` pages (and at most `limit` items when given). */
	async all(read: (next?: string) => Promise<Page>, limit = Number.POSITIVE_INFINITY): Promise<string[]> {
		const items: string[] = [];
		let next: string | undefined;
		for (let page = 0; page < maxPages && items.length < limit; page++) {
			// eslint-disable-next-line no-await-in-loop
			const got = await read(next);
			items.push(...got.items);
			if (got.next === undefined) {
				break;
			}

			next = got.next;
		}

		return items.slice(0, limit);
	}

	/** A tag's (or digest's) details: for an index, each platform's (attestations left out). */
	async details(reference: Reference, signal?: AbortSignal): Promise<TagDetails> {
		const key = `${reference.path}:${reference.digest ?? reference.tag ?? 'latest'}`;
		let cached = this.#details.get(key);
		if (!cached) {
			cached = this.#readDetails(reference, signal);
			this.#details.set(key, cached);
			cached.catch(() => this.#details.delete(key));
		}

		return cached;
	}

	async #readDetails(reference: Reference, signal?: AbortSignal): Promise<TagDetails> {
		const top = await fetchManifest(this.client, reference, reference.digest ?? reference.tag ?? 'latest', signal);
		if (top.kind === 'manifest') {
			return {digest: top.digest, mediaType: top.mediaType, platforms: [await this.#platform(reference, top.digest, top.manifest, undefined, signal)]};
		}

		const platforms: PlatformDetails[] = [];
		for (const entry of top.index.manifests.filter(descriptor => !isAttestation(descriptor))) {
			// eslint-disable-next-line no-await-in-loop
			const child = await fetchManifest(this.client, reference, entry.digest, signal);
			if (child.kind === 'manifest') {
				// eslint-disable-next-line no-await-in-loop
				platforms.push(await this.#platform(reference, child.digest, child.manifest, entry.platform, signal));
			}
		}

		return {digest: top.digest, mediaType: top.mediaType, platforms};
	}

	async #platform(reference: Reference, digest: string, manifest: ImageManifest, platform: Platform | undefined, signal?: AbortSignal): Promise<PlatformDetails> {
		const bytes = await fetchBlobBytes(this.client, reference, manifest.config, 'config', signal);
		let config: ImageConfig & {config?: {Labels?: Record<string, string> | null}};
		try {
			config = JSON.parse(bytes.toString('utf8')) as typeof config;
		} catch {
			throw new RegistryError(`the config of ${familiarName(reference)} from ${this.client.domain} is not JSON`);
		}

		const labels = config?.config?.Labels;
		return {
			platform: platform ?? (config?.os && config.architecture ? {os: config.os, architecture: config.architecture, ...(config.variant ? {variant: config.variant} : {})} : undefined),
			digest,
			compressedSize: [manifest.config, ...manifest.layers].reduce((sum: number, layer: Descriptor) => sum + layer.size, 0),
			created: typeof config?.created === 'string' ? config.created : undefined,
			labels: labels && typeof labels === 'object' ? Object.fromEntries(Object.entries(labels).filter(([, value]) => typeof value === 'string')) : {},
		};
	}

	async #page(path: string, key: 'repositories' | 'tags', request: ApiRequest, notFound: string): Promise<Page> {
		const cacheKey = `${key} ${path}`;
		let cached = this.#pages.get(cacheKey);
		if (!cached) {
			cached = this.#readPage(path, key, request, notFound);
			this.#pages.set(cacheKey, cached);
			cached.catch(() => this.#pages.delete(cacheKey));
		}

		return cached;
	}

	async #readPage(path: string, key: 'repositories' | 'tags', request: ApiRequest, notFound: string): Promise<Page> {
		const url = this.client.url(path);
		const {response, bytes} = await this.client.fetchWhole(url, request, limits.small, notFound);
		let parsed: Record<string, unknown>;
		try {
			parsed = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
		} catch {
			throw new RegistryError(`${this.client.domain} answered ${request.what} with something that is not JSON`);
		}

		const list = parsed?.[key];
		if (list !== null && list !== undefined && !Array.isArray(list)) {
			throw new RegistryError(`${this.client.domain} answered ${request.what} without a list of ${key}`);
		}

		const link = nextLink(response.headers.get('link'));
		let next: string | undefined;
		if (link !== undefined) {
			const target = this.client.url(link, url);
			// A next page elsewhere would take the credentials there: only the registry's own origin, and never the same page again.
			if (target.origin === this.client.endpoint.registry.origin && target.href !== url.href) {
				next = target.pathname + target.search;
			}
		}

		return {items: (list ?? []).filter((item): item is string => typeof item === 'string'), ...(next ? {next} : {})};
	}
}

function named(client: RegistryClient, repository: Reference): string {
	return `${client.domain === 'docker.io' ? '' : `${client.domain}/`}${repository.path}`;
}

/** A browser on `domain`, over the registry client pulls use (the same endpoint rules and credentials). */
export function browserFor(domain: string, insecureRegistries: readonly string[], environment: NodeJS.ProcessEnv = process.env): RegistryBrowser {
	return new RegistryBrowser(new RegistryClient(endpointFor(domain, insecureRegistries, environment), {environment}));
}
