import {canonicalName, familiarOfCanonical, parseReference, type Reference} from '../reference.js';
import type {Snapshot, SnapshotImage} from './snapshot.js';

/**
 * The images `docker save NAME…` writes and the names it gives each, as the
 * daemon chooses them (moby's tarexport): `name:tag` is that tag; a name
 * alone is every tag of that repository, whichever images carry them; an id
 * or a digest writes the image under no name. An image named twice is
 * written once, with the names in the order they were asked for.
 */
export function saveSelection<I extends SnapshotImage>(snapshot: Snapshot<I>, targets: string[]): I[] {
	const chosen = new Map<string, I>();
	const add = (image: I, tag: string | undefined) => {
		const entry = chosen.get(image.id) ?? {...image, tags: []};
		chosen.set(image.id, entry);
		if (tag !== undefined && !entry.tags.includes(tag)) {
			entry.tags.push(tag);
		}
	};

	for (const target of targets) {
		const reference = nameOnly(target);
		const repository = reference ? canonicalName(reference) : undefined;
		const tagged = repository === undefined ? [] : snapshot.images.flatMap(image => image.tags.filter(tag => canonicalName(parseReference(tag)) === repository).map(tag => ({image, tag})));
		if (tagged.length > 0) {
			for (const {image, tag} of tagged) {
				add(image, tag);
			}

			continue;
		}

		// A tag, a digest or an id: the one image it names (the snapshot says why when there is none).
		const resolution = snapshot.resolve(target);
		add(resolution.image, resolution.tag === undefined || resolution.byId || reference ? undefined : familiarOfCanonical(resolution.tag));
	}

	return [...chosen.values()];
}

/** The target's reference when it is a repository name with neither tag nor digest. */
function nameOnly(target: string): Reference | undefined {
	try {
		const reference = parseReference(target);
		return reference.tag === undefined && reference.digest === undefined ? reference : undefined;
	} catch {
		return undefined;
	}
}
