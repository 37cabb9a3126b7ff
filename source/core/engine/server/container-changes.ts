/**
 * `GET /containers/{id}/changes`, docker diff's endpoint: the paths the
 * container's own layer adds (Kind 1) or changes (Kind 0), sorted; dockerd
 * answers `null` when there are none, and so does this.
 */
import {need} from '../../backend/backend.js';
import type {Handler} from './context.js';
import {sendJson} from './respond.js';

export const containerChanges: Handler = async ({response}, {backend}, [id]) => {
	const changes = await need(backend, 'containerChanges', 'docker diff')(id!);
	sendJson(response, 200, changes.length === 0 ? null : changes);
};
