import {defaultDomain, type Reference} from '../reference.js';
import type {Settings} from '../settings.js';
import {OfflineCatalog} from './catalog.js';
import type {Hub} from './hub.js';

export type HubOptions = {
	/** Paces the offline catalog so progress bars are visible in a classroom. */
	offlineBytesPerSecond?: number;
};

/** The hub that serves a reference: docker.io names go to the offline catalog unless the user chose Docker Hub. */
export function hubFor(reference: Reference, settings: Settings, options: HubOptions = {}): Hub {
	if (reference.domain === defaultDomain && settings.hub === 'offline') {
		return new OfflineCatalog({bytesPerSecond: options.offlineBytesPerSecond});
	}

	// Registries arrive with issue 4; until then only the offline catalog serves.
	return new OfflineCatalog({bytesPerSecond: options.offlineBytesPerSecond});
}

/** The hub `search` talks to. */
export function searchHub(settings: Settings, options: HubOptions = {}): Hub {
	return hubFor({domain: defaultDomain, path: 'library/x'}, settings, options);
}
