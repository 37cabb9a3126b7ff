import type {Hub} from '../hub/hub.js';
import type {ImageConfig} from '../oci.js';
import type {Reference} from '../reference.js';
import type {Action} from '../teach.js';
import type {BlobStore} from './blobs.js';
import type {Leases} from './leases.js';
import type {ImageRecord, IndexData} from './records.js';
import type {StoreView} from './view.js';

/** A change to the index and the journal's line for it. */
export type Mutation<T> = {
	result: T;
	summary: string;
};

/**
 * What the store's operations (pull-image.ts, load-images.ts, container-ops.ts)
 * get from the Store that coordinates them: its blobs and leases, a fresh
 * read, and the two ways to change the index (under the lock, journalled).
 */
export type StoreContext = {
	readonly home: string;
	readonly blobs: BlobStore;
	readonly leases: Leases;
	read(): StoreView;
	hubFor(reference: Reference): Hub;
	/** Runs a change under the lock on a fresh read, journals it (refusals and errors too), and writes the index once. */
	mutate<T>(action: Action, change: (data: IndexData) => Mutation<T>): Promise<T>;
	/** Runs an operation whose checks come before its change, journalling a failure on the way once. */
	attempt<T>(action: () => Action, work: () => Promise<T>): Promise<T>;
	/** Blobs an operation brought in that nothing names and no lease holds, removed again. */
	dropUnclaimed(digests: string[]): Promise<void>;
	/** An image's config, read whole and checked against its id. */
	config(image: ImageRecord): Promise<ImageConfig>;
};
