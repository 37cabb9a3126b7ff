/**
 * The prune endpoints `docker image prune`, `docker container prune` and
 * `docker system prune` call, answered as dockerd answers them: what was
 * deleted and `SpaceReclaimed`, from which the CLI prints `Deleted Images:`
 * / `Deleted Containers:` and `Total reclaimed space`. The store has no
 * networks, volumes or build cache, so their prunes delete nothing (and so
 * `system prune` runs to its end, as on a dockerd that never made any).
 */
import {need} from '../../backend/backend.js';
import {storedLayers} from '../../backend/disk-usage.js';
import {chainIds} from '../../backend/layer-chain.js';
import type {Container} from '../../backend/model.js';
import type {Snapshot, SnapshotImage} from '../../backend/snapshot.js';
import {labelsMatch, untilTime} from '../../image-filters.js';
import {familiarRepoDigest} from '../engine-model.js';
import type {Handler} from './context.js';
import {parseFilters, type Filters} from './filters.js';
import {HttpError, sendJson} from './respond.js';

/** An `until` value, or dockerd's 400 for one it cannot read. */
function untilOrBad(value: string): number {
	const time = untilTime(value, Date.now());
	if (time === undefined) {
		throw new HttpError(400, `failed to parse value as time or duration: "${value}"`);
	}

	return time;
}

/** `until` and `label` as dockerd applies them to a prune; store containers carry no labels. */
function keptByFilters(filters: Filters, created: string, labels: Record<string, string> | undefined): boolean {
	const until = filters.get('until');
	if (until && !until.every(value => Date.parse(created) < untilOrBad(value))) {
		return true;
	}

	return !labelsMatch(filters.get('label') ?? [], labels)
		|| (filters.get('label!') ?? []).some(label => labelsMatch([label], labels));
}

/** Each layer's chain id with its size, top first: the order dockerd releases them in. */
function chainOf(image: SnapshotImage): Array<{chainId: string; size: number}> {
	const layers = storedLayers(image) ?? [];
	const ids = chainIds(layers.map(layer => layer.diffId));
	return layers.map((layer, index) => ({chainId: ids[index]!, size: layer.size})).reverse();
}

/**
 * What dockerd answers for the images a prune took, from the snapshots
 * before and after: per image its names untagged (tags, then digests), its
 * id deleted, then the layers no image holds any more (by chain id); the
 * space reclaimed is those layers' size.
 */
export function imagesDeleted(before: Snapshot, after: Snapshot, deleted: readonly string[]): {items: Array<{Untagged: string} | {Deleted: string}>; reclaimed: number} {
	const kept = new Set(after.images.flatMap(image => chainOf(image).map(layer => layer.chainId)));
	const items: Array<{Untagged: string} | {Deleted: string}> = [];
	let reclaimed = 0;
	for (const id of deleted) {
		const image = before.byId(id);
		if (!image) {
			continue;
		}

		items.push(...image.tags.map(tag => ({Untagged: tag})), ...image.repoDigests.map(digest => ({Untagged: familiarRepoDigest(digest)})), {Deleted: id});
		for (const layer of chainOf(image)) {
			if (!kept.has(layer.chainId)) {
				kept.add(layer.chainId);
				items.push({Deleted: layer.chainId});
				reclaimed += layer.size;
			}
		}
	}

	return {items, reclaimed};
}

/** `POST /images/prune?filters={"dangling":["false"]}` is `-a`: every image no container uses. */
export const pruneImages: Handler = async ({query, response}, {backend}) => {
	const filters = parseFilters(query.get('filters'), ['dangling', 'until', 'label', 'label!']);
	const dangling = filters.get('dangling')?.[0]?.toLowerCase();
	const all = dangling === 'false' || dangling === '0';
	const until = filters.get('until')?.map(value => untilOrBad(value));
	const prune = need(backend, 'prune', 'docker image prune');
	const before = await backend.snapshot();
	const report = await prune({all, until: until === undefined ? undefined : Math.min(...until), labels: filters.get('label'), notLabels: filters.get('label!')});
	const {items, reclaimed} = imagesDeleted(before, await backend.snapshot(), report.deletedImages);
	sendJson(response, 200, {ImagesDeleted: items.length === 0 ? null : items, SpaceReclaimed: reclaimed});
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
