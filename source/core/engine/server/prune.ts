/**
 * The prune endpoints `docker image prune`, `docker container prune` and
 * `docker system prune` call, answered as dockerd answers them: what was
 * deleted and `SpaceReclaimed`, from which the CLI prints `Deleted Images:`
 * / `Deleted Containers:` and `Total reclaimed space`. The store has no
 * networks, volumes or build cache, so their prunes delete nothing (and so
 * `system prune` runs to its end, as on a dockerd that never made any).
 */
import {need} from '../../backend/backend.js';
import type {Container} from '../../backend/model.js';
import type {Handler} from './context.js';
import {parseFilters, type Filters} from './filters.js';
import {HttpError, sendJson} from './respond.js';

/** docker's `until` filter: a unix time, an RFC 3339 time or a Go duration before now (`24h`, `10m`). */
function untilCutoff(value: string, now = Date.now()): number {
	if (/^\d+(\.\d+)?$/.test(value)) {
		return Number(value) * 1000;
	}

	const duration = /^(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)$/.exec(value);
	if (duration) {
		const unit = {ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000}[duration[2] as 'ns'];
		return now - (Number(duration[1]) * unit);
	}

	const time = Date.parse(value);
	if (Number.isNaN(time)) {
		throw new HttpError(400, `failed to parse value as time or duration: "${value}"`);
	}

	return time;
}

/** `until` and `label` as dockerd applies them to a prune; store containers carry no labels. */
function keptByFilters(filters: Filters, created: string, labels: Record<string, string> | undefined): boolean {
	const until = filters.get('until');
	if (until && !until.every(value => Date.parse(created) < untilCutoff(value))) {
		return true;
	}

	const matches = (label: string) => {
		const [key, value] = label.split(/=(.*)/s);
		return labels?.[key!] !== undefined && (value === undefined || labels[key!] === value);
	};

	return !(filters.get('label') ?? []).every(label => matches(label))
		|| (filters.get('label!') ?? []).some(label => matches(label));
}

/** `POST /images/prune?filters={"dangling":["false"]}` is `-a`: every image no container uses. */
export const pruneImages: Handler = async ({query, response}, {backend}) => {
	const filters = parseFilters(query.get('filters'), ['dangling', 'until', 'label', 'label!']);
	if (filters.has('until') || filters.has('label') || filters.has('label!')) {
		// The store's prune takes the whole set or none; a filtered prune would need a plan per image first.
		throw new HttpError(400, 'dockyard serve prunes images without until or label filters; remove the ones you mean with docker rmi');
	}

	const dangling = filters.get('dangling')?.[0]?.toLowerCase();
	const all = dangling === 'false' || dangling === '0';
	const report = await need(backend, 'prune', 'docker image prune')({all});
	sendJson(response, 200, {
		ImagesDeleted: report.untagged.length + report.deletedImages.length === 0 ? null : [
			...report.untagged.map(reference => ({Untagged: reference})),
			...report.deletedImages.map(id => ({Deleted: id})),
		],
		SpaceReclaimed: report.reclaimed,
	});
};

/** `POST /containers/prune`: every container that is not running (in the store, all of them), filtered by `until`/`label`. */
export const pruneContainers: Handler = async ({query, response}, {backend}) => {
	const filters = parseFilters(query.get('filters'), ['until', 'label', 'label!']);
	const snapshot = await backend.snapshot();
	const doomed = snapshot.containers.filter(container => container.status !== 'running' && !keptByFilters(filters, container.created, undefined));
	const deleted: Container[] = [];
	let reclaimed = 0;
	for (const container of doomed) {
		// eslint-disable-next-line no-await-in-loop
		deleted.push(await backend.removeContainer(container.id));
		reclaimed += (container.changes ?? []).reduce((sum, change) => sum + change.size, 0);
	}

	sendJson(response, 200, {ContainersDeleted: deleted.length === 0 ? null : deleted.map(container => container.id), SpaceReclaimed: reclaimed});
};

/** Nothing of these exists in the store: dockerd's empty answers. */
export const pruneNetworks: Handler = async ({response}) => {
	sendJson(response, 200, {NetworksDeleted: null});
};

export const pruneVolumes: Handler = async ({response}) => {
	sendJson(response, 200, {VolumesDeleted: null, SpaceReclaimed: 0});
};

export const pruneBuildCache: Handler = async ({response}) => {
	sendJson(response, 200, {CachesDeleted: null, SpaceReclaimed: 0});
};
