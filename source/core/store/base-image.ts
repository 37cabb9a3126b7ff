import {shortId} from '../digest.js';
import {ConflictError, MissingBaseError} from '../errors.js';
import {findOsImage} from '../hub/catalog.js';
import type {ResolvedImage} from '../hub/hub.js';
import {labels} from '../oci.js';
import {familiarName, familiarString, parseReference, withDefaultTag} from '../reference.js';
import type {ArchiveImage} from './load.js';
import type {ImageView, StoreView} from './view.js';

/** The base an archive's image needs (undefined: none), or 'missing'; `refuse` throws the pull's refusal instead. */
export function baseOf(view: StoreView, image: ArchiveImage, refuse = false): ImageView | undefined | 'missing' {
	const name = image.tags[0] ? familiarString(parseReference(image.tags[0])) : shortId(image.id);
	try {
		return requireBase(view, {config: image.config, reference: parseReference(image.tags[0] ?? 'loaded')}, name);
	} catch (error) {
		if (refuse || !(error instanceof ConflictError)) {
			throw error;
		}

		return 'missing';
	}
}

/** Rule 3: a hub image built on a base OS image needs that base installed first. Returns the base when present. */
export function requireBase(view: StoreView, resolved: Pick<ResolvedImage, 'config' | 'reference'>, what = familiarString(resolved.reference)): ImageView | undefined {
	const baseName = resolved.config.config?.Labels?.[labels.baseName];
	if (!baseName) {
		return undefined;
	}

	const baseReference = withDefaultTag(parseReference(baseName));
	const osImage = findOsImage(familiarName(baseReference), baseReference.tag);
	const baseDigest = resolved.config.config?.Labels?.[labels.baseDigest];
	const present = view.images.find(image => (baseDigest && image.manifestDigest === baseDigest) || image.tags.includes(familiarString(baseReference)));
	if (present || !osImage) {
		return present;
	}

	const command = `dockyard os install ${osImage.name} --version ${osImage.version}`;
	throw new MissingBaseError(
		`${what} needs the base OS image ${osImage.name} ${osImage.version}: install it first with \`${command}\` (PowerShell: Install-ContainerImage -Name ${osImage.name} -Version ${osImage.version})`,
		[`Images from the hub that depend on ${osImage.name} need the ${osImage.name} base OS image installed first.`],
		{name: osImage.name, version: osImage.version},
	);
}

/** The local image whose layers are the longest strict prefix of these: what docker's classic builder called the parent. */
export function layerParent(view: StoreView, diffIds: string[]): ImageView | undefined {
	let best: ImageView | undefined;
	for (const image of view.images) {
		const own = image.layers.map(layer => layer.diffId);
		if (own.length > 0 && own.length < diffIds.length && own.every((diffId, index) => diffIds[index] === diffId) && own.length > (best?.layers.length ?? 0)) {
			best = image;
		}
	}

	return best;
}
