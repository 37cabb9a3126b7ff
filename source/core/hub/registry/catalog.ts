/**
 * Listings of a plain registry: `/v2/_catalog` walked page by page through
 * `Link: <…>; rel="next"` (relative and URL-encoded), and `tags/list`.
 */
import {RegistryError} from '../../errors.js';
import {type Reference} from '../../reference.js';
import {limits} from './body.js';
import type {ApiRequest, RegistryClient} from './client.js';
import {repositoryScope} from './manifest.js';

/** Pages read at most; a registry whose `next` never ends must not loop forever. */
const maxPages = 1000;
const pageSize = 1000;

/** The `rel="next"` target of a `Link` header, if any. */
export function nextLink(header: string | null): string | undefined {
	if (!header) {
		return undefined;
	}

	for (const part of header.split(/,(?=\s*<)/)) {
		const match = /^\s*<([^>]*)>(.*)$/s.exec(part);
		const rel = match ? /;\s*rel\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(match[2]!) : undefined;
		if (match && rel && (rel[1] ?? rel[2] ?? '').toLowerCase().split(/\s+/).includes('next')) {
			return match[1];
		}
	}

	return undefined;
}

/** Walks a paginated listing, collecting `key` from each JSON page. */
async function walk(client: RegistryClient, first: URL, request: ApiRequest, key: 'repositories' | 'tags', notFound: string): Promise<string[]> {
	const items: string[] = [];
	const seen = new Set<string>();
	let url: URL | undefined = first;
	for (let page = 0; url && page < maxPages; page++) {
		if (seen.has(url.href)) {
			break;
		}

		seen.add(url.href);
		// eslint-disable-next-line no-await-in-loop
		const {response, bytes} = await client.fetchWhole(url, request, limits.small, notFound);
		const link = nextLink(response.headers.get('link'));
		let parsed: Record<string, unknown>;
		try {
			parsed = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
		} catch {
			throw new RegistryError(`${client.domain} answered ${request.what} with something that is not JSON`);
		}

		const list = parsed?.[key];
		if (list !== null && list !== undefined && !Array.isArray(list)) {
			throw new RegistryError(`${client.domain} answered ${request.what} without a list of ${key}`);
		}

		items.push(...(list ?? []).filter((item): item is string => typeof item === 'string'));
		url = link === undefined ? undefined : client.url(link, url);
	}

	return items;
}

/** Repository names of the registry that contain the term (`*` or empty: all), an exact match first, as podman does. */
export async function searchCatalog(client: RegistryClient, term: string, limit: number, signal?: AbortSignal): Promise<string[]> {
	const request: ApiRequest = {scope: 'registry:catalog:*', subject: `the catalog of ${client.domain}`, what: `the catalog of ${client.domain}`, signal};
	const names = await walk(client, client.url(`/v2/_catalog?n=${pageSize}`), request, 'repositories', `${client.domain} has no catalog`);
	const wanted = term.toLowerCase();
	const all = wanted === '' || wanted === '*';
	const matches = names.filter(name => all || name.toLowerCase().includes(wanted));
	const exact = matches.filter(name => name.toLowerCase() === wanted);
	return [...exact, ...matches.filter(name => name.toLowerCase() !== wanted)].slice(0, limit);
}

export async function listTags(client: RegistryClient, reference: Reference, signal?: AbortSignal): Promise<string[]> {
	const subject = `${client.domain === 'docker.io' ? '' : `${client.domain}/`}${reference.path}`;
	const request: ApiRequest = {scope: repositoryScope(reference), subject, what: `the tags of ${subject}`, signal};
	return walk(client, client.url(`/v2/${reference.path}/tags/list`), request, 'tags', `repository ${subject} not found`);
}
