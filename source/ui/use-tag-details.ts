import {useEffect, useRef, useState} from 'react';
import {errorMessage} from '../core/errors.js';
import type {RegistryBrowser, TagDetails} from '../core/hub/registry/browse.js';

/** A tag named in a registry: the highlighted one, whose details are asked for. */
export type TagReference = {domain: string; path: string; tag: string};

export type ShownDetails = {reference: string; details?: TagDetails; error?: string};

const detailsDelayMs = 120;

/**
 * A tag's details (digest, platforms, sizes, created, labels) from its
 * registry, asked once the highlight has rested on it a moment, so that
 * scrolling past tags asks nothing. Each answer is kept under the tag it
 * answers: an older tag's answer is never shown for the current one. A
 * registry's browser is made once per domain (it caches while the app runs).
 */
export function useTagDetails(browserFor: (domain: string) => RegistryBrowser, wanted: TagReference | undefined): ShownDetails | undefined {
	const [, setVersion] = useState(0);
	const browsers = useRef(new Map<string, RegistryBrowser | Error>());
	const details = useRef(new Map<string, {details?: TagDetails; error?: string}>());
	const reference = wanted ? `${wanted.domain}/${wanted.path}:${wanted.tag}` : undefined;

	useEffect(() => {
		if (!wanted || !reference || details.current.has(reference)) {
			return;
		}

		const timer = setTimeout(() => {
			let browser = browsers.current.get(wanted.domain);
			if (!browser) {
				try {
					browser = browserFor(wanted.domain);
				} catch (error) {
					browser = new Error(errorMessage(error));
				}

				browsers.current.set(wanted.domain, browser);
			}

			if (browser instanceof Error) {
				details.current.set(reference, {error: browser.message});
				setVersion(version => version + 1);
				return;
			}

			details.current.set(reference, {});
			browser.details({domain: wanted.domain, path: wanted.path, tag: wanted.tag}).then(found => {
				details.current.set(reference, {details: found});
			}, (error: unknown) => {
				details.current.set(reference, {error: errorMessage(error)});
			}).finally(() => {
				setVersion(version => version + 1);
			});
		}, detailsDelayMs);
		return () => {
			clearTimeout(timer);
		};
	}, [reference]);

	return reference ? {reference, ...details.current.get(reference)} : undefined;
}
