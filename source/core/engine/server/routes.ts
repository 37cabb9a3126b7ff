/**
 * The endpoints served, method and path (unversioned; an image name may hold
 * slashes, so names are `(.+)`). Anything else, a known path with another
 * method too, is docker's 404 `page not found`, as dockerd answers it.
 */
import {loadImages, saveImages} from './archives.js';
import {commitContainer, createContainer, inspectContainer, listContainers, putContainerArchive, removeContainer, statContainerPath} from './containers.js';
import type {Handler} from './context.js';
import {streamEvents} from './events.js';
import {login} from './auth.js';
import {imageHistory, inspectImage, listImages, removeImage, searchImages, tagImage} from './images.js';
import {refuseBuild, refuseExec, refuseNetworks, refuseVolumes, startContainer, waitContainer} from './no-process.js';
import {pruneBuildCache, pruneContainers, pruneImages, pruneNetworks, pruneVolumes} from './prune.js';
import {createImage} from './pull.js';
import {pushImage} from './push.js';
import {info, ping, systemDf, version} from './system.js';

export type Route = {method: string; pattern: RegExp; handler: Handler};

const route = (method: string, pattern: string, handler: Handler): Route => ({method, pattern: new RegExp(`^${pattern}$`, 's'), handler});

export const routes: Route[] = [
	route('GET', '/_ping', ping),
	route('HEAD', '/_ping', ping),
	route('GET', '/version', version),
	route('GET', '/info', info),
	route('GET', '/system/df', systemDf),
	route('POST', '/auth', login),
	route('GET', '/events', streamEvents),
	route('GET', '/images/json', listImages),
	route('GET', '/images/search', searchImages),
	route('GET', '/images/get', saveImages),
	route('POST', '/images/create', createImage),
	route('POST', '/images/load', loadImages),
	route('POST', '/images/prune', pruneImages),
	route('GET', '/images/(.+)/json', inspectImage),
	route('GET', '/images/(.+)/history', imageHistory),
	route('GET', '/images/(.+)/get', saveImages),
	route('POST', '/images/(.+)/tag', tagImage),
	route('POST', '/images/(.+)/push', pushImage),
	route('DELETE', '/images/(.+)', removeImage),
	route('POST', '/commit', commitContainer),
	route('GET', '/containers/json', listContainers),
	route('POST', '/containers/prune', pruneContainers),
	route('POST', '/containers/create', createContainer),
	route('GET', '/containers/([^/]+)/json', inspectContainer),
	route('GET', '/containers/([^/]+)/changes', async (...request) => (await import('./container-changes.js')).containerChanges(...request)),
	route('HEAD', '/containers/([^/]+)/archive', statContainerPath),
	route('PUT', '/containers/([^/]+)/archive', putContainerArchive),
	route('DELETE', '/containers/([^/]+)', removeContainer),
	// What the store cannot do: one sentence each (no-process.ts). attach is an HTTP upgrade (server.ts).
	route('POST', '/containers/([^/]+)/start', startContainer),
	route('POST', '/containers/([^/]+)/wait', waitContainer),
	route('POST', '/containers/([^/]+)/exec', refuseExec),
	route('POST', '/exec/([^/]+)/start', refuseExec),
	route('POST', '/build', refuseBuild),
	route('POST', '/networks/prune', pruneNetworks),
	route('POST', '/volumes/prune', pruneVolumes),
	route('POST', '/build/prune', pruneBuildCache),
	...['GET', 'POST', 'PUT', 'DELETE'].flatMap(method => [
		route(method, '/volumes(?:/.*)?', refuseVolumes),
		route(method, '/networks(?:/.*)?', refuseNetworks),
	]),
];

/** The handler and the captured parts for a request; undefined (docker's 404 `page not found`, whatever the method) when no endpoint takes it. */
export function findRoute(method: string, path: string): {handler: Handler; params: string[]} | undefined {
	for (const candidate of routes) {
		const match = candidate.method === method ? candidate.pattern.exec(path) : null;
		if (match) {
			return {handler: candidate.handler, params: match.slice(1)};
		}
	}

	return undefined;
}
