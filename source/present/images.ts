import {compareStrings} from '../core/compare.js';
import {familiarName, parseReference} from '../core/reference.js';
import type {SnapshotImage} from '../core/backend/snapshot.js';

export type ImageRow<I extends SnapshotImage = SnapshotImage> = {
	repository: string;
	tag: string;
	digest: string;
	image: I;
};

/**
 * The rows of `docker images`, newest first, as docker's CLI makes them from
 * an image's RepoTags and RepoDigests: a row per tag; a repository the image
 * has a digest in but no tag gets a row of its own (`repo <none>`); an
 * image with neither is `<none> <none>`. With `digests` (`--digests`, or a
 * format that shows {{.Digest}}), a tag's row repeats for each digest of its
 * repository and a digest-only repository has a row per digest.
 */
export function imageRows<I extends SnapshotImage>(images: I[], options: {all?: boolean; asGiven?: boolean; digests?: boolean} = {}): Array<ImageRow<I>> {
	const rows: Array<ImageRow<I>> = [];
	// docker's CLI lists an engine's images in the order the engine gives them (podman: oldest first).
	const taggedIndexes = new Set(images.filter(image => image.tags.length > 0).map(image => indexOf(image)).filter(Boolean));
	const sorted = options.asGiven ? images : [...images].sort((a, b) => compareStrings(b.created, a.created) || compareStrings(a.id, b.id));
	for (const image of sorted) {
		if (image.tags.length === 0 && image.repoDigests.length === 0) {
			// Untagged images with children are intermediate: docker shows them only with -a; a platform held beside
			// a tagged one of the same index is listed under that tag's row (docker 28 lists the index once; --tree shows both).
			if (options.all || (image.children.length === 0 && !taggedIndexes.has(indexOf(image) ?? ''))) {
				rows.push({repository: '<none>', tag: '<none>', digest: '<none>', image});
			}

			continue;
		}

		// A platform held beside a tagged one of the same index is named through that tag's row (--tree shows both).
		if (image.tags.length === 0 && !options.all && taggedIndexes.has(indexOf(image) ?? '')) {
			continue;
		}

		const digests = digestsByRepository(image.repoDigests);
		const tagged = new Set<string>();
		for (const tag of image.tags) {
			// A snapshot's tags are already familiar (`nginx:1`, `localhost:5000/a:b`): cut at the tag's colon, not parsed again.
			const colon = tag.lastIndexOf(':');
			const named = colon > tag.lastIndexOf('/');
			const repository = named ? tag.slice(0, colon) : tag;
			const tagName = named ? tag.slice(colon + 1) : '<none>';
			tagged.add(repository);
			const own = digests.get(repository) ?? [];
			if (!options.digests || own.length === 0) {
				rows.push({repository, tag: tagName, digest: own[0] ?? '<none>', image});
				continue;
			}

			for (const digest of own) {
				rows.push({repository, tag: tagName, digest, image});
			}
		}

		// An untagged image with children is intermediate (shown with -a), digests or not, as dockerd lists it.
		if (image.tags.length === 0 && !options.all && image.children.length > 0) {
			continue;
		}

		for (const [repository, own] of digests) {
			if (tagged.has(repository)) {
				continue;
			}

			for (const digest of options.digests ? own : own.slice(0, 1)) {
				rows.push({repository, tag: '<none>', digest, image});
			}
		}
	}

	return rows;
}

/** `docker.io/library/x@sha256:…` → `x` → its digests, in the order the image lists them. */
function digestsByRepository(repoDigests: string[]): Map<string, string[]> {
	const byRepository = new Map<string, string[]>();
	for (const repoDigest of repoDigests) {
		const at = repoDigest.indexOf('@');
		if (at < 0) {
			continue;
		}

		let repository: string;
		try {
			repository = familiarName(parseReference(repoDigest.slice(0, at)));
		} catch {
			continue;
		}

		byRepository.set(repository, [...byRepository.get(repository) ?? [], repoDigest.slice(at + 1)]);
	}

	return byRepository;
}

/** The index a store image was pulled through (an engine's images carry none). */
function indexOf(image: SnapshotImage): string | undefined {
	return image.index?.digest;
}
