import {isDigest} from '../digest.js';
import type {IndexData} from './records.js';

/**
 * What is wrong with the records of an index, one sentence each, naming the
 * record: every verb builds on these fields, so a record missing one would
 * crash it far from the cause. Hand-written checks of the fields the code
 * reads, not a full schema: this runs at every read of ten thousand images.
 */
export function recordProblems(data: IndexData, limit = Number.POSITIVE_INFINITY): string[] {
	return scan(data, limit, false).problems;
}

/** The index with only its well-formed records, and a sentence for each one left out (fsck goes on with the rest). */
export function wellFormed(data: IndexData): {data: IndexData; problems: string[]} {
	return scan(data, Number.POSITIVE_INFINITY, true);
}

/** One pass over every record; copies the good ones only when asked (a plain read must stay cheap). */
function scan(data: IndexData, limit: number, copy: boolean): {data: IndexData; problems: string[]} {
	const problems: string[] = [];
	const kept: IndexData = copy ? {...data, images: {}, tags: {}, containers: {}, journal: []} : data;
	const sections = [
		[data.images, kept.images, imageProblem],
		[data.tags, kept.tags, (tag: string, id: unknown) => typeof id === 'string' ? undefined : `tag "${tag}": it does not name an image id`],
		[data.containers, kept.containers, containerProblem],
	] as Array<[Record<string, unknown>, Record<string, unknown>, (key: string, value: unknown) => string | undefined]>;
	for (const [records, good, problemOf] of sections) {
		for (const key of Object.keys(records)) {
			const record = records[key];
			const problem = problemOf(key, record);
			if (!problem) {
				if (copy) {
					good[key] = record;
				}

				continue;
			}

			problems.push(problem);
			if (problems.length >= limit) {
				return {data: kept, problems};
			}
		}
	}

	const journal = data.journal.filter(entry => isObject(entry));
	if (journal.length < data.journal.length) {
		problems.push('journal entry: not an object');
	}

	if (copy) {
		kept.journal = journal;
	}

	return {data: kept, problems};
}

type Loose = Record<string, unknown>;

function isObject(value: unknown): value is Loose {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isString = (value: unknown) => typeof value === 'string';
const isCount = (value: unknown) => typeof value === 'number' && Number.isFinite(value) && value >= 0;

// The fields every image must have as strings; one list, not one built a record.
const imageStrings = ['created', 'added', 'os', 'architecture', 'source'] as const;

/** A record's name in a problem's sentence, built only when something is wrong: ten thousand sound records build no string. */
function recordName(kind: string, key: string, record: unknown): string {
	return `${kind} record "${isObject(record) && isString(record['id']) ? String(record['id']) : key}"`;
}

function layerProblem(layer: unknown): boolean {
	return !isObject(layer) || !isString(layer['digest']) || !isDigest(layer['digest'] as string) || !isCount(layer['size']) || !isCount(layer['uncompressedSize']) || (layer['filesSize'] !== undefined && !isCount(layer['filesSize'])) || !isString(layer['diffId']) || !isString(layer['mediaType']);
}

function imageProblem(key: string, image: unknown): string | undefined {
	if (!isObject(image)) {
		return `${recordName('image', key, image)} is not an object`;
	}

	if (!isString(image['id']) || !isDigest(image['id'] as string)) {
		return `${recordName('image', key, image)}: its id is not a sha256 digest`;
	}

	if (image['id'] !== key) {
		return `${recordName('image', key, image)} is filed under another id (${key})`;
	}

	const layers = image['layers'];
	if (!Array.isArray(layers)) {
		return `${recordName('image', key, image)}: layers is not a list`;
	}

	for (let index = 0; index < layers.length; index++) {
		if (layerProblem(layers[index])) {
			return `${recordName('image', key, image)}: layer ${index + 1} lacks a digest, media type, diff_id or size`;
		}
	}

	const repoDigests = image['repoDigests'];
	if (!Array.isArray(repoDigests) || !repoDigests.every(isString)) {
		return `${recordName('image', key, image)}: repoDigests is not a list of strings`;
	}

	if (image['parent'] !== undefined && (!isString(image['parent']) || !isDigest(image['parent'] as string))) {
		return `${recordName('image', key, image)}: its parent is not an image id`;
	}

	for (const field of imageStrings) {
		if (!isString(image[field])) {
			return `${recordName('image', key, image)}: ${field} is not a string`;
		}
	}

	if (!isCount(image['size']) || !isCount(image['historyLength'])) {
		return `${recordName('image', key, image)}: size or historyLength is not a number`;
	}

	if ((image['index'] !== undefined && indexProblem(image['index'])) || (image['configSize'] !== undefined && !isCount(image['configSize']))) {
		return `${recordName('image', key, image)}: its index or config size is malformed`;
	}

	return undefined;
}

/** An index origin (optional: records from before it read as they are) needs a digest and sized, platformed entries. */
function indexProblem(index: unknown): boolean {
	if (!isObject(index) || !isString(index['digest']) || !isDigest(index['digest'] as string) || !Array.isArray(index['manifests'])) {
		return true;
	}

	return !(index['manifests'] as unknown[]).every(entry => isObject(entry) && isString(entry['digest']) && isDigest(entry['digest'] as string) && isCount(entry['size'])
		&& isObject(entry['platform']) && isString(entry['platform']['os']) && isString(entry['platform']['architecture']));
}

function containerProblem(key: string, container: unknown): string | undefined {
	const name = () => recordName('container', key, container);
	if (!isObject(container)) {
		return `${name()} is not an object`;
	}

	if (container['id'] !== key || !/^[a-f\d]{64}$/.test(key)) {
		return `${name()}: its id is not 64 hex characters, or not the key it is filed under`;
	}

	for (const field of ['name', 'image', 'imageRef', 'command', 'created', 'status']) {
		if (!isString(container[field])) {
			return `${name()}: ${field} is not a string`;
		}
	}

	if (!Array.isArray(container['changes'])) {
		return `${name()}: changes is not a list`;
	}

	for (const [index, change] of (container['changes'] as unknown[]).entries()) {
		if (!isObject(change) || !isString(change['path']) || !isString(change['digest']) || !isDigest(change['digest'] as string) || !isCount(change['size']) || !isCount(change['mode'])) {
			return `${name()}: change ${index + 1} lacks a path, digest, size or mode`;
		}
	}

	return undefined;
}
