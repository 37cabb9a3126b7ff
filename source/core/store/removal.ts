import {shortId} from '../digest.js';
import {familiarString, parseReference} from '../reference.js';
import type {Dependent, StoreView} from './view.js';

export type RemovalPlan =
	| {
		allowed: true;
		/** Canonical tags to drop. */
		untag: string[];
		/** Image ids to delete (the image, then untagged parents left with nothing). */
		delete: string[];
		/** Familiar forms, for `Untagged:` lines and the confirmation dialog. */
		untagged: string[];
		deleted: string[];
	}
	| {
		allowed: false;
		/** docker's conflict line, e.g. `conflict: unable to delete … (cannot be forced) - …`. */
		message: string;
		/** The rule that refused it, in plain words, for the teaching line. */
		rule: string;
		dependents: Dependent[];
	};

export const rules = {
	containers: 'An image cannot be removed while a container depends on it, even a stopped container: remove the container first.',
	children: 'An image that other images were created from cannot be removed while they exist: remove the child images first.',
	multipleTags: 'An id names every tag of an image at once: remove the tags one by one, or force it to untag them all.',
} as const;

/**
 * What `rmi` would do, decided on a read of the index and changing nothing.
 * The store re-plans under its lock before acting, so what it removes is
 * always what the rules allow at that moment.
 */
export function planRemoval(view: StoreView, target: string, options: {force?: boolean; prune?: boolean} = {}): RemovalPlan {
	const {image, tag, byId} = view.resolve(target);

	// Naming one of several tags only untags, as docker does.
	if (tag && image.tags.length > 1) {
		return {allowed: true, untag: [tag], delete: [], untagged: [familiarString(parseReference(tag))], deleted: []};
	}

	const dependents = view.dependents(image.id);
	if (dependents.length > 0) {
		return {allowed: false, message: conflictMessage(image.id, dependents), rule: ruleFor(dependents), dependents};
	}

	if (byId && image.tags.length > 1 && !options.force) {
		return {
			allowed: false,
			message: `conflict: unable to delete ${image.shortId} (must be forced) - image is referenced in multiple repositories`,
			rule: rules.multipleTags,
			dependents: [],
		};
	}

	const untag = Object.entries(view.data.tags).filter(([, id]) => id === image.id).map(([reference]) => reference);
	const remove = [image.id];
	// Like docker, parents left untagged and unused go too (unless --no-prune).
	if (options.prune !== false) {
		for (let parent = image.parent ? view.byId(image.parent) : undefined; parent; parent = parent.parent ? view.byId(parent.parent) : undefined) {
			if (parent.tags.length > 0 || parent.containers.length > 0 || parent.children.length > 1) {
				break;
			}

			remove.push(parent.id);
		}
	}

	return {
		allowed: true,
		untag,
		delete: remove,
		untagged: untag.map(reference => familiarString(parseReference(reference))).sort(),
		deleted: remove,
	};
}

function conflictMessage(id: string, dependents: Dependent[]): string {
	const reasons: string[] = [];
	for (const dependent of dependents) {
		if (dependent.kind === 'container') {
			reasons.push(`image is being used by ${dependent.status === 'running' ? 'running' : 'stopped'} container ${shortId(dependent.id)}`);
		}
	}

	const children = dependents.filter(dependent => dependent.kind === 'image');
	if (children.length > 0) {
		const names = children.map(child => `${shortId(child.id)}${child.tags.length > 0 ? ` (${child.tags.join(', ')})` : ''}`);
		reasons.push(`image has dependent child images: ${names.join(', ')}`);
	}

	return `conflict: unable to delete ${shortId(id)} (cannot be forced) - ${reasons.join('; ')}`;
}

function ruleFor(dependents: Dependent[]): string {
	const hasContainers = dependents.some(dependent => dependent.kind === 'container');
	const hasChildren = dependents.some(dependent => dependent.kind === 'image');
	return [hasContainers ? rules.containers : '', hasChildren ? rules.children : ''].filter(Boolean).join(' ');
}
