import {familiarName, parseReference} from '../reference.js';
import type {PsImage, RemovalEffect} from '../teach.js';
import type {Image} from './model.js';
import {planRemoval, type RemovalOptions} from './removal.js';
import type {Snapshot} from './snapshot.js';

/** The PowerShell Name of an image: its title, else the repository of its first tag; undefined when it has neither. */
export function powershellNameOf(image: Pick<Image, 'title' | 'tags'>): string | undefined {
	return image.title ?? (image.tags[0] ? familiarName(parseReference(image.tags[0])) : undefined);
}

/**
 * How Get-ContainerImage picks this image out: Name and Version. Undefined
 * when it has no Name, or when another image has the same Name and Version
 * (PowerShell would take both).
 */
export function powershellImage(snapshot: Snapshot, image: Pick<Image, 'id' | 'title' | 'tags' | 'version'>): PsImage | undefined {
	const name = powershellNameOf(image);
	if (!name) {
		return undefined;
	}

	const key = identityKey(name, image.version);
	const self = snapshot.byId(image.id);
	const others = (identityCounts(snapshot).get(key) ?? 0) - (self && keyOf(self) === key ? 1 : 0);
	return others > 0 ? undefined : {name, ...(image.version ? {version: image.version} : {})};
}

/** PowerShell's Name (in any case) and Version of an image, as one key. */
function identityKey(name: string, version: string | undefined): string {
	return `${name.toLowerCase()}\u0000${version === undefined ? '\u0001' : version}`;
}

function keyOf(image: Pick<Image, 'title' | 'tags' | 'version'>): string | undefined {
	const name = powershellNameOf(image);
	return name === undefined ? undefined : identityKey(name, image.version);
}

/** How many images of a snapshot share each Name and Version: counted once a snapshot (the TUI asks at every key). */
const countsOf = new WeakMap<Snapshot, Map<string, number>>();

function identityCounts(snapshot: Snapshot): Map<string, number> {
	let counts = countsOf.get(snapshot);
	if (!counts) {
		counts = new Map();
		for (const image of snapshot.images) {
			const key = keyOf(image);
			if (key !== undefined) {
				counts.set(key, (counts.get(key) ?? 0) + 1);
			}
		}

		countsOf.set(snapshot, counts);
	}

	return counts;
}

/**
 * What each target of one removal does, planned as the batch is (the second
 * of two tags deletes the image where either alone only untags): a tag that
 * goes while its image keeps others, or the image itself. A refused or
 * unknown target counts as the deletion it asked for.
 */
export function removalEffects(snapshot: Snapshot | undefined, targets: string[], options: RemovalOptions = {}): RemovalEffect[] {
	let current = snapshot;
	return targets.map(target => {
		if (!current) {
			return {kind: 'delete'};
		}

		try {
			const {image} = current.resolve(target);
			const plan = planRemoval(current, target, options);
			const effect: RemovalEffect = plan.allowed && plan.delete.length === 0 ? {kind: 'untag'} : {kind: 'delete', image: powershellImage(current, image)};
			if (plan.allowed && targets.length > 1) {
				current = current.without(plan.untag, plan.delete);
			}

			return effect;
		} catch {
			// Not there (the removal fails): taught as what was asked for, by the name it gave.
			return {kind: 'delete', image: guessedImage(target)};
		}
	});
}

function guessedImage(target: string): PsImage | undefined {
	try {
		return /^(sha256:)?[\da-f]{12,64}$/.test(target) ? undefined : {name: familiarName(parseReference(target))};
	} catch {
		return undefined;
	}
}
