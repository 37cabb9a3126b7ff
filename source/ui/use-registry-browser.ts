import {useEffect, useRef, useState} from 'react';
import {errorMessage} from '../core/errors.js';
import type {SearchResult} from '../core/hub/hub.js';
import {splitSearchTerm} from '../core/hub/route.js';
import type {RegistryBrowser} from '../core/hub/registry/browse.js';
import {followKey} from './list.js';
import {useTagDetails, type ShownDetails} from './use-tag-details.js';

/** The registry a query browses: `HOST[:PORT]/` with nothing after the slash. */
export function browsedRegistry(query: string): string | undefined {
	const trimmed = query.trim();
	const {registry, term} = splitSearchTerm(trimmed);
	return registry && term === '' && trimmed.endsWith('/') ? registry : undefined;
}

type Listing = {items: string[]; next?: string; done: boolean; loading: boolean; error?: string};

export type BrowserView = {
	/** Repositories (`HOST/repo`) or a repository's tags (`HOST/repo:tag`), as the Hub's rows; undefined until the first page. */
	rows?: SearchResult[];
	error?: string;
	/** More pages to fetch as the list scrolls. */
	more: boolean;
	/** The highlighted tag's details, once its registry answered that very tag (undefined while asking). */
	details?: ShownDetails;
};

function row(name: string): SearchResult {
	return {name, description: '', stars: 0, official: false, automated: false};
}

/**
 * A registry's catalog, a repository's tags, a page at a time as the list
 * scrolls (the page under the cursor and one screen ahead), and the
 * highlighted tag's details once the highlight rests on it. Every answer is
 * kept under the request it answers (the listing's registry and repository,
 * the tag's reference): an answer to an older request is never shown as the
 * current one's. The browser itself caches while the app runs.
 */
export function useRegistryBrowser(browserFor: (domain: string) => RegistryBrowser, domain: string | undefined, repository: string | undefined, cursor: number, key: string | undefined, page: number): BrowserView {
	const [, setVersion] = useState(0);
	const bump = () => setVersion(version => version + 1);
	const browsers = useRef(new Map<string, RegistryBrowser | Error>());
	const listings = useRef(new Map<string, Listing>());

	const browser = (() => {
		if (!domain) {
			return undefined;
		}

		let known = browsers.current.get(domain);
		if (!known) {
			try {
				known = browserFor(domain);
			} catch (error) {
				known = new Error(errorMessage(error));
			}

			browsers.current.set(domain, known);
		}

		return known;
	})();

	const listingKey = domain ? `${domain} ${repository ?? ''}` : undefined;
	const listing = listingKey ? listings.current.get(listingKey) : undefined;
	const rows = listing && (listing.items.length > 0 || listing.done || listing.error)
		? listing.items.map(item => row(repository ? `${domain}/${repository}:${item}` : `${domain}/${item}`))
		: undefined;
	const at = rows ? followKey(rows.map(result => ({key: result.name})), key, cursor) : 0;
	const wanted = !listing || (!listing.loading && !listing.done && !listing.error && at + page >= listing.items.length);

	useEffect(() => {
		if (!listingKey || !browser || !wanted) {
			return;
		}

		if (browser instanceof Error) {
			listings.current.set(listingKey, {items: [], done: true, loading: false, error: browser.message});
			bump();
			return;
		}

		const before = listings.current.get(listingKey) ?? {items: [], done: false, loading: false};
		listings.current.set(listingKey, {...before, loading: true});
		const reference = repository ? {domain: domain!, path: repository} : undefined;
		const asked = reference ? browser.tagsPage(reference, before.next) : browser.catalogPage(before.next);
		asked.then(got => {
			listings.current.set(listingKey, {items: [...before.items, ...got.items], next: got.next, done: got.next === undefined, loading: false});
		}, (error: unknown) => {
			listings.current.set(listingKey, {...before, loading: false, error: errorMessage(error)});
		}).finally(bump);
	}, [listingKey, wanted, listing?.items.length]);

	// The highlighted tag (at the tags level): asked once the highlight rests on it.
	const highlighted = repository && rows ? rows[at]?.name : undefined;
	const shown = useTagDetails(browserFor, highlighted && domain && repository ? {domain, path: repository, tag: highlighted.slice(highlighted.lastIndexOf(':') + 1)} : undefined);
	return {
		rows,
		error: listing?.error,
		more: Boolean(listing && !listing.done && !listing.error),
		...(shown ? {details: shown} : {}),
	};
}
