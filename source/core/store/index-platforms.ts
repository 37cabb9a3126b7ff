/**
 * An image's place in the index it was pulled through. Where a pull of one
 * more platform of an index leaves the tag: docker 28
 * (containerd store) tags the index itself, and `run TAG` takes the host's
 * platform from it; the store tags one image, so a tag that already names a
 * platform of the same index stays there, unless the platform pulled now is
 * the host's. Both platforms stay held either way (`images --tree`).
 */
import type {ResolvedImage} from '../hub/hub.js';
import type {Platform} from '../oci.js';
import {isDigest} from '../digest.js';
import {NotFoundError} from '../errors.js';
import {formatPlatform, hostPlatform, platformMatches} from '../platform.js';
import {planRemoval, type RemovalPlan} from './removal.js';
import type {ImageView, StoreView} from './view.js';
import type {ImageRecord, IndexData, IndexOrigin} from './records.js';

/** What an image record keeps of how it was pulled: the index it came through, and its config's size. */
export function indexFields(resolved: Pick<ResolvedImage, 'index' | 'configBytes'>): Pick<ImageRecord, 'index' | 'configSize'> {
	// Only what the record's check accepts, copied field by field: a registry's odd entry must not make the index unreadable.
	const index: IndexOrigin | undefined = resolved.index && {
		digest: resolved.index.digest,
		manifests: resolved.index.manifests.flatMap(({digest, size, platform}) => isDigest(digest) && Number.isSafeInteger(size) && size >= 0 && typeof platform?.os === 'string' && typeof platform.architecture === 'string'
			? [{digest, size, platform: {os: platform.os, architecture: platform.architecture, ...(typeof platform.variant === 'string' && platform.variant ? {variant: platform.variant} : {})}}]
			: []),
	};
	return index ? {index, configSize: resolved.configBytes.length} : {configSize: resolved.configBytes.length};
}

export function tagStaysOnSibling(data: IndexData, tag: string, resolved: Pick<ResolvedImage, 'index' | 'config' | 'manifest' | 'manifestDigest'>, host = hostPlatform()): boolean {
	const current = data.tags[tag] === undefined ? undefined : data.images[data.tags[tag]];
	if (!resolved.index || !current || current.index?.digest !== resolved.index.digest || current.id === resolved.manifest.config.digest) {
		return false;
	}

	const pulled = resolved.index.manifests.find(entry => entry.digest === resolved.manifestDigest)?.platform;
	return !platformMatches(pulled, host) || platformMatches(heldPlatform(current), host);
}

/** An image's platform as its index names it (with the variant), else as its record says. */
export function heldPlatform(image: Pick<ImageRecord, 'index' | 'manifestDigest' | 'os' | 'architecture'>): Platform {
	return image.index?.manifests.find(entry => entry.digest === image.manifestDigest)?.platform ?? {os: image.os, architecture: image.architecture};
}

/** The images held of the index an image came through (itself alone when it came as one manifest). */
export function heldSiblings<I extends Pick<ImageRecord, 'id' | 'index'>>(images: readonly I[], image: I): I[] {
	return image.index ? images.filter(candidate => candidate.index?.digest === image.index!.digest) : [image];
}

/**
 * The image `--platform P NAME` names: NAME's own, or another platform held of
 * the same index; none is docker 28's refusal, word for word.
 */
export function platformImage(view: StoreView, target: string, platform: Platform): ImageView {
	const image = view.image(target);
	const match = heldSiblings(view.images, image).find(candidate => platformMatches(heldPlatform(candidate), platform));
	if (!match) {
		throw new NotFoundError(`image with reference ${target} was found but does not provide the specified platform (${formatPlatform(platform)})`);
	}

	return match;
}

/**
 * `rmi --platform P NAME`: that platform's image only, with the rules of rmi
 * (a container or a child image refuses it, naming them). The tags it
 * carries go to another platform held of the same index (the host's first),
 * as docker keeps its tag on the index; with none held they go with it.
 */
export function planPlatformRemoval(view: StoreView, target: string, platform: Platform, host = hostPlatform()): {image: ImageView; plan: RemovalPlan; heir?: ImageView} {
	const image = platformImage(view, target, platform);
	const plan = planRemoval(view, image.id, {force: true, prune: false});
	const others = heldSiblings(view.images, image).filter(candidate => candidate.id !== image.id);
	const heir = others.find(candidate => platformMatches(heldPlatform(candidate), host)) ?? others[0];
	return {image, plan, heir};
}
