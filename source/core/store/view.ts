import {compareStrings} from '../compare.js';
import {shortId} from '../digest.js';
import {NotFoundError} from '../errors.js';
import {
	canonicalName,
	canonicalString,
	familiarString,
	isFullId,
	isIdPrefix,
	parseReference,
	withDefaultTag,
} from '../reference.js';
import type {ContainerRecord, ImageRecord, IndexData, JournalEntry} from './records.js';

export type ImageView = ImageRecord & {
	/** Familiar references, e.g. `microsoft/iis:latest`, sorted. */
	tags: string[];
	shortId: string;
	/** No parent: a base (OS) image, as Get-ContainerImage's IsOSImage. */
	isOSImage: boolean;
	/** Ids of images created from this one. */
	children: string[];
	/** Ids of containers created from this one, whatever their status. */
	containers: string[];
};

export type ContainerView = ContainerRecord & {
	shortId: string;
	/** False when the container's image is gone (should never happen: the rules forbid it). */
	imageExists: boolean;
};

export type Dependent =
	| {kind: 'container'; id: string; name: string; status: ContainerRecord['status']; statusText: string}
	| {kind: 'image'; id: string; tags: string[]};

/** How a target was found: by a tag, by a digest, or by an id. */
export type Resolution = {
	image: ImageView;
	/** The canonical tag the user named, when they named one. */
	tag?: string;
	byId: boolean;
};

/**
 * A read-only picture of the index with its derived relations (tags of an
 * image, children, containers), built once per read in one pass so that
 * dependents stay cheap with many thousands of images.
 */
export class StoreView {
	readonly images: ImageView[];
	readonly containers: ContainerView[];
	readonly journal: JournalEntry[];
	readonly #byId = new Map<string, ImageView>();

	constructor(readonly data: IndexData) {
		for (const record of Object.values(data.images)) {
			this.#byId.set(record.id, imageView(record));
		}

		for (const [reference, id] of Object.entries(data.tags)) {
			this.#byId.get(id)?.tags.push(familiarString(parseReference(reference)));
		}

		for (const image of this.#byId.values()) {
			image.tags.sort();
			if (image.parent) {
				this.#byId.get(image.parent)?.children.push(image.id);
			}
		}

		this.containers = Object.values(data.containers)
			.sort((a, b) => compareStrings(b.created, a.created))
			.map(container => {
				const image = this.#byId.get(container.image);
				image?.containers.push(container.id);
				return {...container, shortId: shortId(container.id), imageExists: Boolean(image)};
			});

		this.images = [...this.#byId.values()].sort((a, b) => compareStrings(b.added, a.added) || compareStrings(a.id, b.id));
		this.journal = data.journal;
	}

	byId(id: string): ImageView | undefined {
		return this.#byId.get(id);
	}

	/** docker's lookup order: a full id, then a reference, then a unique id prefix. */
	resolve(target: string): Resolution {
		if (isFullId(target)) {
			const id = target.startsWith('sha256:') ? target : `sha256:${target}`;
			const image = this.#byId.get(id);
			if (!image) {
				throw new NotFoundError(`No such image: ${target}`);
			}

			return {image, byId: true};
		}

		let parseError: unknown;
		try {
			const reference = parseReference(target);
			if (reference.digest) {
				const wanted = `${canonicalName(reference)}@${reference.digest}`;
				// Two platforms of one index share its repo digest: as docker, the one pulled last answers.
				const image = this.images
					.filter(candidate => candidate.repoDigests.includes(wanted))
					.reduce<ImageView | undefined>((latest, candidate) => latest && compareStrings(latest.pulled ?? latest.added, candidate.pulled ?? candidate.added) >= 0 ? latest : candidate, undefined);
				if (image) {
					return {image, byId: false};
				}
			} else {
				const tag = canonicalString(withDefaultTag(reference));
				const id = this.data.tags[tag];
				const image = id ? this.#byId.get(id) : undefined;
				if (image) {
					return {image, tag, byId: false};
				}
			}
		} catch (error) {
			parseError = error;
		}

		if (isIdPrefix(target)) {
			const prefix = target.startsWith('sha256:') ? target : `sha256:${target}`;
			const matches = this.images.filter(image => image.id.startsWith(prefix));
			if (matches.length === 1) {
				return {image: matches[0]!, byId: true};
			}

			if (matches.length > 1) {
				throw new NotFoundError(`multiple IDs found with provided prefix: ${target}`);
			}
		}

		if (parseError) {
			throw parseError;
		}

		throw new NotFoundError(`No such image: ${familiarString(withDefaultTag(parseReference(target)))}`);
	}

	image(target: string): ImageView {
		return this.resolve(target).image;
	}

	container(target: string): ContainerView {
		const wanted = target.startsWith('sha256:') ? target.slice(7) : target;
		const exact = this.containers.find(container => container.id === wanted || container.name === wanted);
		if (exact) {
			return exact;
		}

		const matches = /^[a-f\d]+$/.test(wanted) ? this.containers.filter(container => container.id.startsWith(wanted)) : [];
		if (matches.length === 1) {
			return matches[0]!;
		}

		throw new NotFoundError(matches.length > 1 ? `multiple containers found with provided prefix: ${target}` : `No such container: ${target}`);
	}

	/** The image, its parent, … down to the base image. */
	chain(id: string): ImageView[] {
		const chain: ImageView[] = [];
		const seen = new Set<string>();
		for (let image = this.#byId.get(id); image && !seen.has(image.id); image = image.parent ? this.#byId.get(image.parent) : undefined) {
			seen.add(image.id);
			chain.push(image);
		}

		return chain;
	}

	/** What stops an image from being removed: its containers (any status) and its child images. */
	dependents(id: string): Dependent[] {
		const image = this.#byId.get(id);
		if (!image) {
			return [];
		}

		const containers: Dependent[] = image.containers.map(containerId => {
			const container = this.data.containers[containerId]!;
			return {kind: 'container', id: container.id, name: container.name, status: container.status, statusText: containerStatusWord(container)};
		});
		const children: Dependent[] = image.children.map(childId => ({kind: 'image', id: childId, tags: this.#byId.get(childId)?.tags ?? []}));
		return [...containers, ...children];
	}

	/** Images with no tag and no child: what `docker images --filter dangling=true` lists. */
	dangling(): ImageView[] {
		return this.images.filter(image => image.tags.length === 0 && image.children.length === 0);
	}
}

/** The derived fields go beside the record's own, in one object literal: spreading 10,000 parsed records cost more than the rest of a read. */
function imageView(record: ImageRecord): ImageView {
	return {
		id: record.id,
		layers: record.layers,
		parent: record.parent,
		created: record.created,
		added: record.added,
		pulled: record.pulled,
		repoDigests: record.repoDigests,
		manifestDigest: record.manifestDigest,
		os: record.os,
		architecture: record.architecture,
		historyLength: record.historyLength,
		size: record.size,
		title: record.title,
		publisher: record.publisher,
		version: record.version,
		source: record.source,
		tags: [],
		shortId: shortId(record.id),
		isOSImage: !record.parent,
		children: [],
		containers: [],
	};
}

/** docker's word in rmi conflicts: anything not running counts as stopped. */
export function containerStatusWord(container: ContainerRecord): 'running' | 'stopped' {
	return container.status === 'running' ? 'running' : 'stopped';
}
