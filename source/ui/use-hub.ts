import {useEffect, useRef, useState} from 'react';
import {errorMessage} from '../core/errors.js';
import type {Backend, Searcher} from '../core/backend/backend.js';
import type {SearchResult} from '../core/hub/hub.js';
import {splitSearchTerm} from '../core/hub/route.js';

export type HubState = {
	label: string;
	/** The answer to the query now in the box; undefined until that query is answered. */
	results?: SearchResult[];
	error?: string;
	/** The last answer of this hub to an earlier query: drawn (unhighlighted) while the box is typed in, never acted on. */
	previous?: SearchResult[];
	/** The query `results` answer. */
	answered?: string;
	/** Tags of a result, by name, once the hub answered; undefined while asking. */
	tags: (name: string | undefined) => string[] | undefined;
};

const debounceMs = 120;

/**
 * Results as you type: the hub is asked once typing pauses, and an answer
 * that arrives after a newer question is dropped. Tags are asked for the
 * highlighted result only, and kept.
 */
export function useHub(backend: Backend, searchHub: () => Searcher, query: string, hubVersion = 0, registryHub: (domain: string) => Searcher = searchHub): HubState {
	// `from`: the hub that answered; its answer is not shown as another hub's (a registry typed or deleted).
	// `query`: what it answers; an answer to another query is never shown as this one's.
	const [results, setResults] = useState<{results?: SearchResult[]; error?: string; from?: Searcher | Error; query?: string}>({});
	const [, setTagsVersion] = useState(0);
	const tagsRef = useRef(new Map<string, string[] | 'pending'>());
	const hubRef = useRef<Searcher | undefined>(undefined);
	const registriesRef = useRef(new Map<string, Searcher | Error>());
	// A hub switch (H) makes a new hub; its tags and results are asked afresh.
	const versionRef = useRef(hubVersion);
	if (versionRef.current !== hubVersion) {
		versionRef.current = hubVersion;
		hubRef.current = undefined;
		registriesRef.current = new Map();
		tagsRef.current = new Map();
	}

	hubRef.current ??= searchHub();
	// `127.0.0.1:5000/term` searches that registry, as `dockyard search` does (podman's way).
	const {registry, term} = splitSearchTerm(query.trim());
	let hub: Searcher | Error = hubRef.current;
	if (registry) {
		let known = registriesRef.current.get(registry);
		if (!known) {
			try {
				known = registryHub(registry);
			} catch (error) {
				known = new Error(errorMessage(error));
			}

			registriesRef.current.set(registry, known);
		}

		hub = known;
	}

	const searched = hub;
	const shownVersionRef = useRef(hubVersion);
	useEffect(() => {
		let current = true;
		if (shownVersionRef.current !== hubVersion) {
			shownVersionRef.current = hubVersion;
			setResults({});
		}

		const timer = setTimeout(() => {
			if (searched instanceof Error) {
				setResults({results: [], error: searched.message, from: searched, query});
				return;
			}

			searched.search(term.trim() || '*', {limit: 100}).then(found => {
				if (current) {
					setResults({results: found, from: searched, query});
				}
			}, (error: unknown) => {
				if (current) {
					setResults({results: [], error: errorMessage(error), from: searched, query});
				}
			});
		}, debounceMs);
		return () => {
			current = false;
			clearTimeout(timer);
		};
	}, [query, hubVersion]);

	const tags = (name: string | undefined) => {
		if (!name) {
			return undefined;
		}

		const known = tagsRef.current.get(name);
		if (known === undefined) {
			tagsRef.current.set(name, 'pending');
			backend.tags(name).then(found => {
				tagsRef.current.set(name, found);
			}, () => {
				tagsRef.current.set(name, []);
			}).finally(() => {
				setTagsVersion(version => version + 1);
			});
			return undefined;
		}

		return known === 'pending' ? undefined : known;
	};

	const fromThisHub = results.from === hub;
	const shown = fromThisHub && results.query === query ? {results: results.results, error: results.error, answered: query} : {};
	return {label: hub instanceof Error ? registry! : hub.label, ...shown, previous: fromThisHub ? results.results : undefined, tags};
}
