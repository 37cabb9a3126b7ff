import {compareStrings} from '../compare.js';
import {shortId} from '../digest.js';
import {NotFoundError} from '../errors.js';
import {labels} from '../oci.js';
import {
	canonicalName,
	canonicalString,
	familiarString,
	isFullId,
	isIdPrefix,
	parseReference,
	withDefaultTag,
} from '../reference.js';
import type {Container, Image, JournalEntry} from './model.js';

/** An image with its relations, as the snapshot derives them. */
export type SnapshotImage = Image & {
	shortId: string;
	/** No parent: a base (OS) image, as Get-ContainerImage's IsOSImage. */
	isOSImage: boolean;
	/** Ids of images created from this one. */
	children: string[];
	/** Ids of containers created from this one, whatever their state. */
	containers: string[];
};

export type SnapshotContainer<C extends Container = Container> = C & {
	shortId: string;
	statusText: string;
	/** False when the container's image is gone (an engine may allow it; the store's rules forbid it). */
	imageExists: boolean;
};

export type Dependent =
	| {kind: 'container'; id: string; name: string; status: Container['status']; statusText: string}
	| {kind: 'image'; id: string; tags: string[]};

/** How a target was found: by a tag, by a digest, or by an id. */
export type Resolution<I extends SnapshotImage = SnapshotImage> = {
	image: I;
	/** The canonical tag the user named, when they named one. */
	tag?: string;
	/** The canonical digest reference (`name@sha256:…`) the user named, when they named one. */
	digest?: string;
	byId: boolean;
};

export type SnapshotInput<I extends SnapshotImage, C extends Container> = {
	/** In the order lists show them; their `children` and `containers` empty: the snapshot fills them. */
	images: I[];
	containers: C[];
	/** Canonical tag → image id, when the backend has it (the store's index); else derived from the tags. */
	tagIndex?: Readonly<Record<string, string>>;
	journal?: JournalEntry[];
	/** The images are in the engine's own order, which docker's CLI lists as it is. */
	engineOrder?: boolean;
};

/** The derived fields beside the image's own, in one object literal: a spread of 10,000 images costs more than the rest of a read. */
export function snapshotImage(image: Image): SnapshotImage {
	return {
		id: image.id,
		parent: image.parent,
		tags: [...image.tags],
		repoDigests: image.repoDigests,
		created: image.created,
		size: image.size,
		containerCount: image.containerCount,
		labels: image.labels,
		title: image.title,
		publisher: image.publisher,
		version: image.version,
		os: image.os,
		architecture: image.architecture,
		added: image.added,
		pulled: image.pulled,
		shortId: shortId(image.id),
		// An engine gives no parent for a pulled image: one that names its base (a hub image) is not a base OS image.
		isOSImage: !image.parent && !image.labels?.[labels.baseName],
		children: [],
		containers: [],
	};
}

/** docker ps STATUS when the backend gives none (the store runs no process). */
export function defaultStatusText(status: Container['status']): string {
	return status === 'created' ? 'Created' : status === 'running' ? 'Up' : 'Exited (0)';
}

/** docker's word in rmi conflicts: anything not running counts as stopped. */
export function containerStatusWord(container: Pick<Container, 'status'>): 'running' | 'stopped' {
	return container.status === 'running' ? 'running' : 'stopped';
}

/**
 * One read of a backend with the relations derived from it once, in one
 * pass: tags of an image, children, containers of an image, docker's
 * lookup, the parent chain and the dependents. Every backend's rules (the
 * removal plan above all) are computed on this, so they are the same rules
 * whichever backend answered.
 */
export class Snapshot<I extends SnapshotImage = SnapshotImage, C extends Container = Container> {
	readonly images: I[];
	readonly containers: Array<SnapshotContainer<C>>;
	readonly journal: JournalEntry[];
	readonly engineOrder: boolean;
	readonly #byId = new Map<string, I>();
	readonly #containerById = new Map<string, SnapshotContainer<C>>();
	#tagIndex: Readonly<Record<string, string>> | undefined;
	#tagsById: Map<string, string[]> | undefined;

	/** A snapshot of plain images and containers (an engine's answer), newest first. */
	static of(images: Image[], containers: Container[], journal?: JournalEntry[], options: {engineOrder?: boolean} = {}): Snapshot {
		if (options.engineOrder) {
			return new Snapshot({images: images.map(image => snapshotImage(image)), containers, journal, engineOrder: true});
		}

		const nodes = images.map(image => snapshotImage(image)).sort((a, b) => compareStrings(b.created, a.created) || compareStrings(a.id, b.id));
		return new Snapshot({images: nodes, containers, journal});
	}

	constructor(input: SnapshotInput<I, C>) {
		this.images = input.images;
		this.#tagIndex = input.tagIndex;
		this.journal = input.journal ?? [];
		this.engineOrder = input.engineOrder ?? false;
		for (const image of input.images) {
			this.#byId.set(image.id, image);
		}

		for (const image of input.images) {
			image.tags.sort();
			if (image.parent) {
				this.#byId.get(image.parent)?.children.push(image.id);
			}
		}

		this.containers = [...input.containers]
			.sort((a, b) => compareStrings(b.created, a.created))
			.map(container => {
				const image = this.#byId.get(container.image);
				image?.containers.push(container.id);
				const node: SnapshotContainer<C> = {...container, shortId: shortId(container.id), statusText: container.statusText ?? defaultStatusText(container.status), imageExists: Boolean(image)};
				this.#containerById.set(container.id, node);
				return node;
			});
	}

	/** Canonical tag → image id; built on first use from the familiar tags when the backend gave none. */
	get tagIndex(): Readonly<Record<string, string>> {
		if (!this.#tagIndex) {
			const index: Record<string, string> = {};
			for (const image of this.images) {
				for (const tag of image.tags) {
					index[canonicalString(parseReference(tag))] = image.id;
				}
			}

			this.#tagIndex = index;
		}

		return this.#tagIndex;
	}

	byId(id: string): I | undefined {
		return this.#byId.get(id);
	}

	/** docker's lookup order: a full id, then a reference, then a unique id prefix. */
	resolve(target: string): Resolution<I> {
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
					.reduce<I | undefined>((latest, candidate) => latest && compareStrings(arrival(latest), arrival(candidate)) >= 0 ? latest : candidate, undefined);
				if (image) {
					return {image, digest: wanted, byId: false};
				}
			} else {
				const tag = canonicalString(withDefaultTag(reference));
				const id = this.tagIndex[tag];
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

	image(target: string): I {
		return this.resolve(target).image;
	}

	container(target: string): SnapshotContainer<C> {
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

	/** The canonical tags naming this image (from one pass over the tags, made at the first call: the TUI asks at every key). */
	canonicalTags(id: string): string[] {
		if (!this.#tagsById) {
			this.#tagsById = new Map();
			for (const [reference, tagged] of Object.entries(this.tagIndex)) {
				const tags = this.#tagsById.get(tagged);
				if (tags) {
					tags.push(reference);
				} else {
					this.#tagsById.set(tagged, [reference]);
				}
			}
		}

		return [...(this.#tagsById.get(id) ?? [])];
	}

	/** The image, its parent, … down to the base image. */
	chain(id: string): I[] {
		const chain: I[] = [];
		const seen = new Set<string>();
		for (let image = this.#byId.get(id); image && !seen.has(image.id); image = image.parent ? this.#byId.get(image.parent) : undefined) {
			seen.add(image.id);
			chain.push(image);
		}

		return chain;
	}

	/** What stops an image from being removed: its containers (any state) and its child images. */
	dependents(id: string): Dependent[] {
		const image = this.#byId.get(id);
		if (!image) {
			return [];
		}

		const containers: Dependent[] = image.containers.map(containerId => {
			const container = this.#containerById.get(containerId)!;
			return {kind: 'container', id: container.id, name: container.name, status: container.status, statusText: containerStatusWord(container)};
		});
		const children: Dependent[] = image.children.map(childId => ({kind: 'image', id: childId, tags: this.#byId.get(childId)?.tags ?? []}));
		return [...containers, ...children];
	}

	/** Images with no tag and no child: what `docker images --filter dangling=true` lists. */
	dangling(): I[] {
		return this.images.filter(image => image.tags.length === 0 && image.children.length === 0);
	}

	/**
	 * This snapshot as it would be once these tags and images are gone: what
	 * the batch planner asks the next target of. Nothing is changed here.
	 */
	without(untag: string[], deleted: string[]): Snapshot {
		const gone = new Set(deleted);
		const tagIndex = {...this.tagIndex};
		const familiar = new Set<string>();
		// A removal plan's `untag` holds digest references (`name@sha256:…`) beside tags.
		const digests = new Set(untag.filter(reference => reference.includes('@')));
		for (const tag of untag) {
			if (!digests.has(tag)) {
				delete tagIndex[tag];
				familiar.add(familiarString(parseReference(tag)));
			}
		}

		const images = this.images.filter(image => !gone.has(image.id)).map(image => {
			const node = snapshotImage(image);
			node.tags = node.tags.filter(tag => !familiar.has(tag));
			node.repoDigests = node.repoDigests.filter(reference => !digests.has(reference));
			return node;
		});
		return new Snapshot({images, containers: this.containers, tagIndex, journal: this.journal, engineOrder: this.engineOrder});
	}
}

function arrival(image: Image): string {
	return image.pulled ?? image.added ?? image.created;
}
