import type {Backend} from '../backend/backend.js';
import type {Snapshot} from '../backend/snapshot.js';

/** What a store holds, as a lesson's start names it: `3 images, 1 container`; empty: undefined. */
export function storeContents(snapshot: Snapshot): string | undefined {
	const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
	const parts = [
		...(snapshot.images.length > 0 ? [count(snapshot.images.length, 'image')] : []),
		...(snapshot.containers.length > 0 ? [count(snapshot.containers.length, 'container')] : []),
	];
	return parts.length > 0 ? parts.join(', ') : undefined;
}

/**
 * `dockyard lesson --yes` on a store that is not empty: every container,
 * then every image, removed through the backend's own verbs (leaves first,
 * so each removal is one the rules allow), then the blobs nothing names.
 * The journal keeps what was done; the lesson counts only what follows.
 */
export async function emptyStoreForLesson(backend: Backend): Promise<void> {
	let snapshot = await backend.snapshot();
	for (const container of snapshot.containers) {
		// eslint-disable-next-line no-await-in-loop
		await backend.removeContainer(container.id);
	}

	snapshot = await backend.snapshot();
	// Each round removes the images nothing is built on: at most one round per image.
	const rounds = snapshot.images.length;
	for (let round = 0; round < rounds && snapshot.images.length > 0; round++) {
		const leaves = snapshot.images.filter(image => image.children.length === 0).map(image => image.id);
		// eslint-disable-next-line no-await-in-loop
		await backend.remove(leaves, {force: true});
		// eslint-disable-next-line no-await-in-loop
		snapshot = await backend.snapshot();
	}

	await backend.capabilities.prune?.({all: true});
}
