import {defaultDomain, type Reference} from '../reference.js';
import type {Settings} from '../settings.js';
import {OfflineCatalog} from './catalog.js';
import type {Hub} from './hub.js';
import {endpointFor} from './registry/endpoint.js';
import {RegistryHub} from './registry/registry-hub.js';

export type HubOptions = {
	/** Paces the offline catalog so progress bars are visible in a classroom. */
	offlineBytesPerSecond?: number;
	/** Where DOCKYARD_DOCKERHUB_* and DOCKYARD_REGISTRY_* are read; process.env by default. */
	environment?: NodeJS.ProcessEnv;
};

/**
 * The hub that serves a reference: a reference with a registry domain goes to
 * that registry; docker.io names go to the offline catalog unless the user
 * chose Docker Hub.
 */
export function hubFor(reference: Reference, settings: Settings, options: HubOptions = {}): Hub {
	if (reference.domain === defaultDomain && settings.hub === 'offline') {
		return new OfflineCatalog({bytesPerSecond: options.offlineBytesPerSecond});
	}

	return registryHub(reference.domain, settings, options);
}

export function registryHub(domain: string, settings: Settings, options: HubOptions = {}): RegistryHub {
	const environment = options.environment ?? process.env;
	return new RegistryHub(endpointFor(domain, settings.insecureRegistries, environment), {environment});
}

export type SearchHubOptions = HubOptions & {
	/** A registry domain to search (`127.0.0.1:5000`); docker.io (the setting's hub) when absent. */
	registry?: string;
};

/** The hub `search` talks to. */
export function searchHub(settings: Settings, options: SearchHubOptions = {}): Hub {
	return hubFor({domain: options.registry ?? defaultDomain, path: 'library/x'}, settings, options);
}

/** `host[:port]/term` → that registry and the term; a domain is what docker's references call one (a '.', a ':', or localhost). */
export function splitSearchTerm(input: string): {registry?: string; term: string} {
	const slash = input.indexOf('/');
	if (slash > 0) {
		const domain = input.slice(0, slash);
		if (domain === 'localhost' || /[.:]/.test(domain) || /^\[[\da-f:]+\](?::\d+)?$/i.test(domain)) {
			return {registry: domain === 'index.docker.io' ? 'docker.io' : domain, term: input.slice(slash + 1)};
		}
	}

	return {term: input};
}

export {currentSettings} from '../settings.js';
