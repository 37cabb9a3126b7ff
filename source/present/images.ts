import {compareStrings} from '../core/compare.js';
import {canonicalName, parseReference} from '../core/reference.js';
import type {SnapshotImage} from '../core/backend/snapshot.js';

export type ImageRow<I extends SnapshotImage = SnapshotImage> = {
	repository: string;
	tag: string;
	digest: string;
	image: I;
};

/** One row per tag, `<none>` for untagged images, newest first: the rows of `docker images`. */
export function imageRows<I extends SnapshotImage>(images: I[], options: {all?: boolean; asGiven?: boolean} = {}): Array<ImageRow<I>> {
	const rows: Array<ImageRow<I>> = [];
	// docker's CLI lists an engine's images in the order the engine gives them (podman: oldest first).
	const taggedIndexes = new Set(images.filter(image => image.tags.length > 0).map(image => indexOf(image)).filter(Boolean));
	const sorted = options.asGiven ? images : [...images].sort((a, b) => compareStrings(b.created, a.created) || compareStrings(a.id, b.id));
	for (const image of sorted) {
		if (image.tags.length === 0) {
			// Untagged images with children are intermediate: docker shows them only with -a; a platform held beside
			// a tagged one of the same index is listed under that tag's row (docker 28 lists the index once; --tree shows both).
			if (options.all || (image.children.length === 0 && !taggedIndexes.has(indexOf(image) ?? ''))) {
				rows.push({repository: '<none>', tag: '<none>', digest: digestOf(image, undefined), image});
			}

			continue;
		}

		for (const tag of image.tags) {
			// A snapshot's tags are already familiar (`nginx:1`, `localhost:5000/a:b`): cut at the tag's colon, not parsed again.
			const colon = tag.lastIndexOf(':');
			const named = colon > tag.lastIndexOf('/');
			const repository = named ? tag.slice(0, colon) : tag;
			rows.push({repository, tag: named ? tag.slice(colon + 1) : '<none>', digest: image.repoDigests.length === 0 ? '<none>' : digestOf(image, parseReference(tag)), image});
		}
	}

	return rows;
}

function digestOf(image: SnapshotImage, reference: ReturnType<typeof parseReference> | undefined): string {
	const name = reference ? canonicalName(reference) : undefined;
	const match = image.repoDigests.find(repoDigest => !name || repoDigest.startsWith(`${name}@`));
	return match ? match.slice(match.indexOf('@') + 1) : '<none>';
}

/** The index a store image was pulled through (an engine's images carry none). */
function indexOf(image: SnapshotImage): string | undefined {
	return (image as SnapshotImage & {index?: {digest: string}}).index?.digest;
}
