/**
 * The endpoints served, method and path (unversioned; an image name may hold
 * slashes, so names are `(.+)`). Anything else is docker's 404
 * `page not found`, which the CLI prints as one line.
 */
import {loadImages, saveImages} from './archives.js';
import {commitContainer, createContainer, inspectContainer, listContainers, putContainerArchive, removeContainer, statContainerPath} from './containers.js';
import type {Handler} from './context.js';
import {streamEvents} from './events.js';
import {imageHistory, inspectImage, listImages, removeImage, searchImages, tagImage} from './images.js';
import {createImage} from './pull.js';
import {info, ping, version} from './system.js';

export type Route = {method: string; pattern: RegExp; handler: Handler};

const route = (method: string, pattern: string, handler: Handler): Route => ({method, pattern: new RegExp(`^${pattern}$`, 's'), handler});

export const routes: Route[] = [
	route('GET', '/_ping', ping),
	route('HEAD', '/_ping', ping),
	route('GET', '/version', version),
	route('GET', '/info', info),
	route('GET', '/events', streamEvents),
	route('GET', '/images/json', listImages),
	route('GET', '/images/search', searchImages),
	route('GET', '/images/get', saveImages),
	route('POST', '/images/create', createImage),
	route('POST', '/images/load', loadImages),
	route('GET', '/images/(.+)/json', inspectImage),
	route('GET', '/images/(.+)/history', imageHistory),
	route('GET', '/images/(.+)/get', saveImages),
	route('POST', '/images/(.+)/tag', tagImage),
	route('DELETE', '/images/(.+)', removeImage),
	route('POST', '/commit', commitContainer),
	route('GET', '/containers/json', listContainers),
	route('POST', '/containers/create', createContainer),
	route('GET', '/containers/([^/]+)/json', inspectContainer),
	route('GET', '/containers/([^/]+)/changes', async (...request) => (await import('./container-changes.js')).containerChanges(...request)),
	route('HEAD', '/containers/([^/]+)/archive', statContainerPath),
	route('PUT', '/containers/([^/]+)/archive', putContainerArchive),
	route('DELETE', '/containers/([^/]+)', removeContainer),
];

/** The handler and the captured parts for a request; undefined when no endpoint has that path (404) or that method (405). */
export function findRoute(method: string, path: string): {handler: Handler; params: string[]} | 'no-method' | undefined {
	let pathKnown = false;
	for (const candidate of routes) {
		const match = candidate.pattern.exec(path);
		if (match) {
			pathKnown = true;
			if (candidate.method === method) {
				return {handler: candidate.handler, params: match.slice(1)};
			}
		}
	}

	return pathKnown ? 'no-method' : undefined;
}
