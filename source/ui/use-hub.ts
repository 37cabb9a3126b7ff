import {useEffect, useRef, useState} from 'react';
import {errorMessage} from '../core/errors.js';
import type {Hub, SearchResult} from '../core/hub/hub.js';
import {parseReference} from '../core/reference.js';
import type {Store} from '../core/store/store.js';

export type HubState = {
	label: string;
	results?: SearchResult[];
	error?: string;
	/** Tags of a result, by name, once the hub answered; undefined while asking. */
	tags: (name: string | undefined) => string[] | undefined;
};

const debounceMs = 120;

/**
 * Results as you type: the hub is asked once typing pauses, and an answer
 * that arrives after a newer question is dropped. Tags are asked for the
 * highlighted result only, and kept.
 */
export function useHub(store: Store, searchHub: () => Hub, query: string, hubVersion = 0): HubState {
	const [results, setResults] = useState<{results?: SearchResult[]; error?: string}>({});
	const [, setTagsVersion] = useState(0);
	const tagsRef = useRef(new Map<string, string[] | 'pending'>());
	const hubRef = useRef<Hub | undefined>(undefined);
	// A hub switch (H) makes a new hub; its tags and results are asked afresh.
	const versionRef = useRef(hubVersion);
	if (versionRef.current !== hubVersion) {
		versionRef.current = hubVersion;
		hubRef.current = undefined;
		tagsRef.current = new Map();
	}

	hubRef.current ??= searchHub();
	const shownVersionRef = useRef(hubVersion);
	useEffect(() => {
		let current = true;
		if (shownVersionRef.current !== hubVersion) {
			shownVersionRef.current = hubVersion;
			setResults({});
		}

		const timer = setTimeout(() => {
			hubRef.current!.search(query.trim() || '*', {limit: 100}).then(found => {
				if (current) {
					setResults({results: found});
				}
			}, (error: unknown) => {
				if (current) {
					setResults({results: [], error: errorMessage(error)});
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
			let hub: Hub;
			let reference;
			try {
				reference = parseReference(name);
				hub = store.hubFor(reference);
			} catch {
				tagsRef.current.set(name, []);
				return [];
			}

			hub.tags(reference).then(found => {
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

	return {label: hubRef.current.label, ...results, tags};
}
