import {compareStrings} from '../compare.js';
import {shortId} from '../digest.js';
import {familiarOfCanonical} from '../reference.js';
import {Snapshot, type SnapshotContainer, type SnapshotImage} from '../backend/snapshot.js';
import type {ContainerRecord, ImageRecord, IndexData} from './records.js';

export {containerStatusWord, type Dependent, type Resolution} from '../backend/snapshot.js';

export type ImageView = ImageRecord & SnapshotImage;

export type ContainerView = SnapshotContainer<ContainerRecord>;

/**
 * A read-only picture of the index: the core's Snapshot of the store's own
 * records (layers, sources, file changes kept beside the neutral fields), so
 * the store's rules and every other backend's are computed by the same code.
 */
export class StoreView extends Snapshot<ImageView, ContainerRecord> {
	constructor(data: IndexData) {
		super({images: imageViews(data), containers: Object.values(data.containers), tagIndex: data.tags, journal: data.journal});
	}
}

/** One pass over the records, then the tags; newest first as the store lists them. */
function imageViews(data: IndexData): ImageView[] {
	const byId = new Map<string, ImageView>();
	for (const record of Object.values(data.images)) {
		byId.set(record.id, imageView(record));
	}

	for (const [reference, id] of Object.entries(data.tags)) {
		byId.get(id)?.tags.push(familiarOfCanonical(reference));
	}

	return [...byId.values()].sort((a, b) => compareStrings(b.added, a.added) || compareStrings(a.id, b.id));
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
		index: record.index,
		configSize: record.configSize,
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
