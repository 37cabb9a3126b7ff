/**
 * The images as `docker image ls --tree` (docker 28, containerd store) groups
 * them: one entry per index the store pulled through (its tags, its digest),
 * every platform the index offers under it, held or not; an image that came
 * as a single manifest is one entry with its own platform under it. Sizes as
 * the containerd store counts them: a platform's content is its manifest,
 * config and compressed layers; its disk usage adds the unpacked layers; a
 * platform not held has neither. The entry's disk usage and content are its
 * platforms' sums.
 */
import {compareStrings} from '../compare.js';
import {formatPlatform} from '../platform.js';
import {heldPlatform} from './index-platforms.js';
import type {StoreView, ImageView} from './view.js';

export type TreePlatform = {
	platform: string;
	/** The manifest's digest (the image id when the store knows no manifest). */
	id: string;
	available: boolean;
	inUse: boolean;
	contentSize: number;
	diskUsage: number;
	/** The held image, when it is held. */
	image?: ImageView;
};

export type TreeEntry = {
	/** Familiar tags, sorted. */
	names: string[];
	/** The index's digest, or the image's manifest (or id). */
	id: string;
	created: string;
	inUse: boolean;
	contentSize: number;
	diskUsage: number;
	platforms: TreePlatform[];
};

function heldSizes(image: ImageView, manifestSize: number): {contentSize: number; diskUsage: number} {
	const contentSize = manifestSize + (image.configSize ?? 0) + image.layers.reduce((total, layer) => total + layer.size, 0);
	return {contentSize, diskUsage: contentSize + image.size};
}

function held(image: ImageView, id: string, manifestSize: number): TreePlatform {
	return {platform: formatPlatform(heldPlatform(image)), id, available: true, inUse: image.containers.length > 0, ...heldSizes(image, manifestSize), image};
}

/** `all`: untagged images with children too, as `images -a`. */
export function platformTree(view: StoreView, options: {all?: boolean} = {}): TreeEntry[] {
	const byIndex = new Map<string, ImageView[]>();
	const entries: TreeEntry[] = [];
	for (const image of view.images) {
		if (image.index) {
			byIndex.set(image.index.digest, [...byIndex.get(image.index.digest) ?? [], image]);
		} else {
			entries.push(entry([image], image.manifestDigest ?? image.id, [held(image, image.manifestDigest ?? image.id, 0)]));
		}
	}

	for (const [digest, images] of byIndex) {
		// The newest record's list: a later pull of the same index digest lists the same platforms.
		const manifests = images[0]!.index!.manifests;
		const platforms = manifests.map((manifest): TreePlatform => {
			const image = images.find(candidate => candidate.manifestDigest === manifest.digest);
			return image
				? held(image, manifest.digest, manifest.size)
				: {platform: formatPlatform(manifest.platform), id: manifest.digest, available: false, inUse: false, contentSize: 0, diskUsage: 0};
		});
		entries.push(entry(images, digest, platforms));
	}

	return entries
		.filter(tree => options.all || tree.names.length > 0 || tree.platforms.every(platform => (platform.image?.children.length ?? 0) === 0))
		.sort((a, b) => compareStrings(b.created, a.created) || compareStrings(a.id, b.id));
}

function entry(images: ImageView[], id: string, platforms: TreePlatform[]): TreeEntry {
	return {
		names: [...new Set(images.flatMap(image => image.tags))].sort(compareStrings),
		id,
		created: images.map(image => image.created).sort(compareStrings).at(-1)!,
		inUse: platforms.some(platform => platform.inUse),
		contentSize: platforms.reduce((total, platform) => total + platform.contentSize, 0),
		diskUsage: platforms.reduce((total, platform) => total + platform.diskUsage, 0),
		platforms,
	};
}
