/**
 * The image endpoints docker's `images`, `inspect`, `history`, `search`,
 * `tag` and `rmi` use. Rules (lookups, dependents, the removal plan) are the
 * backend's, which computes them with the planner everyone uses; this only
 * maps the answers to the wire (engine-model.ts) and errors to statuses.
 */
import {compareStrings} from '../../compare.js';
import {splitSearchTerm} from '../../hub/route.js';
import {familiarName, familiarString, parseReference} from '../../reference.js';
import type {ImageDeleteResponseItem, ImageSearchResult} from '../engine-types.js';
import {historyItemOf, imageInspectOf, imageSummaryOf} from '../engine-model.js';
import type {Handler} from './context.js';
import {parseFilters, pathMatch, type Filters} from './filters.js';
import {labelsMatch} from '../../image-filters.js';
import {queryFlag} from './request.js';
import {HttpError, sendEmpty, sendJson} from './respond.js';

/** dockerd's FamiliarMatch: the pattern against `name:tag`, else against the name alone. */
function referenceMatches(patterns: string[], reference: string): boolean {
	return patterns.some(pattern => {
		const parsed = parseReference(reference);
		return pathMatch(pattern, familiarString(parsed)) || pathMatch(pattern, familiarName(parsed));
	});
}

/** `GET /images/json`: newest first; `all=0` hides intermediate images; filters as dockerd applies them. */
export const listImages: Handler = async ({query, response}, {backend}) => {
	const filters: Filters = parseFilters(query.get('filters'), ['dangling', 'reference', 'before', 'since', 'label']);
	const snapshot = await backend.snapshot();
	const before = filters.get('before')?.map(target => snapshot.image(target).created);
	const since = filters.get('since')?.map(target => snapshot.image(target).created);
	const dangling = filters.get('dangling')?.[0]?.toLowerCase();
	const references = filters.get('reference');
	const wantedLabels = filters.get('label') ?? [];
	const all = queryFlag(query, 'all');
	const images = snapshot.engineOrder ? snapshot.images : [...snapshot.images].sort((a, b) => compareStrings(b.created, a.created) || compareStrings(a.id, b.id));
	const rows = [];
	for (const image of images) {
		if (!all && image.tags.length === 0 && image.children.length > 0) {
			continue;
		}

		if (dangling !== undefined && (image.tags.length === 0) !== (dangling === 'true' || dangling === '1')) {
			continue;
		}

		if (before?.some(created => image.created >= created) || since?.some(created => image.created <= created)) {
			continue;
		}

		// The store's listing keeps only the PowerShell labels: the config has them all.
		// eslint-disable-next-line no-await-in-loop
		if (wantedLabels.length > 0 && !labelsMatch(wantedLabels, ((await backend.inspect(image.id, snapshot))['Config'] as {Labels?: Record<string, string> | null} | undefined)?.Labels ?? undefined)) {
			continue;
		}

		let {tags, repoDigests} = image;
		if (references) {
			tags = tags.filter(tag => referenceMatches(references, tag));
			repoDigests = repoDigests.filter(digest => referenceMatches(references, digest));
			if (tags.length === 0 && repoDigests.length === 0) {
				continue;
			}
		}

		rows.push(imageSummaryOf({...image, tags, repoDigests}));
	}

	sendJson(response, 200, rows);
};

export const inspectImage: Handler = async ({response}, {backend}, [name]) => {
	sendJson(response, 200, imageInspectOf(await backend.inspect(name!)));
};

/** `GET /images/{name}/history`: newest first, each stored step with the tags of the image it produced. */
export const imageHistory: Handler = async ({response}, {backend}, [name]) => {
	const snapshot = await backend.snapshot();
	const rows = await backend.history(name!, snapshot);
	sendJson(response, 200, rows.map(row => historyItemOf(row, row.id === '<missing>' ? [] : snapshot.byId(row.id)?.tags ?? [])));
};

/** `GET /images/search?term=&limit=&filters=`: the hub dockyard routes the term to; docker filters after the hub answers. */
export const searchImages: Handler = async ({query, response}, {backend}) => {
	const filters = parseFilters(query.get('filters'), ['stars', 'is-official', 'is-automated']);
	const limit = Number(query.get('limit') ?? '') || 25;
	const {registry, term} = splitSearchTerm(query.get('term') ?? '');
	const stars = Number(filters.get('stars')?.[0] ?? 0) || 0;
	const official = filters.get('is-official')?.[0]?.toLowerCase();
	const automated = filters.get('is-automated')?.[0]?.toLowerCase();
	const results = (await backend.searchHub({registry}).search(term, {limit}))
		.filter(result => result.stars >= stars)
		.filter(result => official === undefined || result.official === (official === 'true'))
		.filter(result => automated === undefined || result.automated === (automated === 'true'));
	sendJson(response, 200, results.map((result): ImageSearchResult => ({
		description: result.description,
		is_official: result.official,
		is_automated: result.automated,
		name: result.name,
		star_count: result.stars,
	})));
};

/** `POST /images/{name}/tag?repo=&tag=` → 201, as dockerd. */
export const tagImage: Handler = async ({query, response}, {backend}, [name]) => {
	const repo = query.get('repo') ?? '';
	if (repo === '') {
		throw new HttpError(400, 'repository name must have at least one component');
	}

	const tag = query.get('tag') || 'latest';
	await backend.tag(name!, `${repo}:${tag}`);
	sendEmpty(response, 201);
};

/**
 * `DELETE /images/{name}?force=&noprune=`: the seed's rules, decided by the
 * planner: a container (even stopped) or a child image refuses it whatever
 * `force` says, in docker's conflict words (409); `force` only lets an id
 * with several names go at once.
 */
export const removeImage: Handler = async ({query, response}, {backend}, [name]) => {
	const result = await backend.remove([name!], {force: queryFlag(query, 'force'), prune: !queryFlag(query, 'noprune')});
	const items: ImageDeleteResponseItem[] = [
		...result.untagged.map(reference => ({Untagged: reference})),
		...result.deleted.map(id => ({Deleted: id})),
	];
	sendJson(response, 200, items);
};
