import {shortId} from '../digest.js';
import {ConflictError} from '../errors.js';
import {familiarString, parseReference} from '../reference.js';
import type {Dependent, Snapshot, SnapshotImage} from './snapshot.js';

export type RemovalOptions = {force?: boolean; prune?: boolean};

export type RemovalPlan =
	| {
		allowed: true;
		/** Canonical tags to drop, and canonical digest references (`name@sha256:…`, an image's repo digests). */
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

export type Refusal = {target: string; message: string; rule: string; dependents: Dependent[]};

/** Several targets as one decision: all of them, or (any refusal) none. */
export type BatchPlan =
	| {allowed: true; targets: string[]; untag: string[]; delete: string[]; untagged: string[]; deleted: string[]}
	| {allowed: false; refusals: Refusal[]};

export const rules = {
	containers: 'An image cannot be removed while a container depends on it, even a stopped container: remove the container first.',
	children: 'An image that other images were created from cannot be removed while they exist: remove the child images first.',
	multipleTags: 'An id names every tag of an image at once: remove the tags one by one, or force it to untag them all.',
} as const;

/**
 * What `rmi` would do, decided on a snapshot and changing nothing. A backend
 * re-plans on a fresh read before it acts (the store under its lock), so
 * what it removes is always what the rules allow at that moment.
 */
export function planRemoval(snapshot: Snapshot, target: string, options: RemovalOptions = {}): RemovalPlan {
	const {image, tag, digest, byId} = snapshot.resolve(target);

	// Naming one of several tags only untags, as docker does.
	if (tag && image.tags.length > 1) {
		return {allowed: true, untag: [tag], delete: [], untagged: [familiarString(parseReference(tag))], deleted: []};
	}

	// NAME@DIGEST names one reference, as a tag does: it alone goes while the image has another (a tag, another digest);
	// the last one takes the image with it, by the image's rules below (docker's daemon, image_delete.go).
	const digestOnly = digest ? [digest] : [];
	if (digest && (image.tags.length > 0 || image.repoDigests.some(reference => reference !== digest))) {
		return {allowed: true, untag: digestOnly, delete: [], untagged: [familiarString(parseReference(digest))], deleted: []};
	}

	const dependents = snapshot.dependents(image.id);
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

	const untag = [...snapshot.canonicalTags(image.id), ...digestOnly];
	// By its name, an image pulled through an index goes with the index's other platforms held here and named
	// by nothing else, as docker 28 deletes the whole index; any of them in use refuses it all, naming who.
	const platforms = byId ? [] : heldPlatformsOf(snapshot, image);
	const platformDependents = platforms.flatMap(platform => snapshot.dependents(platform.id));
	if (platformDependents.length > 0) {
		return {allowed: false, message: conflictMessage(image.id, platformDependents), rule: ruleFor(platformDependents), dependents: platformDependents};
	}

	const remove = [image.id, ...platforms.map(platform => platform.id)];
	// Like docker, parents left untagged and unused go too (unless --no-prune).
	if (options.prune !== false) {
		for (let parent = image.parent ? snapshot.byId(image.parent) : undefined; parent; parent = parent.parent ? snapshot.byId(parent.parent) : undefined) {
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

/**
 * What removing these targets one after the other would do, each planned on
 * the snapshot the ones before it would leave (the second of two tags of one
 * image deletes it, where either alone would only untag). Nothing is
 * changed; any refusal refuses the whole batch.
 */
export function planBatch(snapshot: Snapshot, targets: string[], options: RemovalOptions = {}): BatchPlan {
	let current = snapshot;
	const untag: string[] = [];
	const deleted: string[] = [];
	const untagged: string[] = [];
	const refusals: Refusal[] = [];
	const planned: string[] = [];
	for (const target of targets) {
		if (planned.length > 0 && !resolves(current, target)) {
			// An earlier target already took this one with it (an untagged parent).
			continue;
		}

		const plan = planRemoval(current, target, options);
		if (!plan.allowed) {
			refusals.push({target, message: plan.message, rule: plan.rule, dependents: plan.dependents});
			continue;
		}

		planned.push(target);
		untag.push(...plan.untag);
		deleted.push(...plan.delete);
		untagged.push(...plan.untagged);
		if (targets.length > 1) {
			current = current.without(plan.untag, plan.delete);
		}
	}

	return refusals.length > 0
		? {allowed: false, refusals}
		: {allowed: true, targets: planned, untag, delete: deleted, untagged, deleted: [...deleted]};
}

/** A refused batch as the error a backend throws: docker's line(s), and the rule and each dependent as details. */
export function refusalError(refusals: Refusal[]): ConflictError {
	return new ConflictError(refusals.map(refusal => refusal.message).join('; '), refusals.flatMap(refusal => [refusal.rule, ...refusal.dependents.map(dependent => describeDependent(dependent))]));
}

/** A dependent in one line: `container 3f2a… (web, stopped)` or `image 1c2b… (team/app:v1)`. */
export function describeDependent(dependent: Dependent): string {
	return dependent.kind === 'container'
		? `container ${dependent.id.slice(0, 12)} (${dependent.name}, ${dependent.statusText})`
		: `image ${dependent.id.slice(7, 19)}${dependent.tags.length > 0 ? ` (${dependent.tags.join(', ')})` : ''}`;
}

function resolves(snapshot: Snapshot, target: string): boolean {
	try {
		snapshot.resolve(target);
		return true;
	} catch {
		return false;
	}
}

/** The other platforms held of the index `image` came through, untagged: what goes with its last name. */
function heldPlatformsOf(snapshot: Snapshot, image: SnapshotImage): SnapshotImage[] {
	const digest = image.index?.digest;
	return digest ? snapshot.images.filter(other => other.id !== image.id && other.index?.digest === digest && other.tags.length === 0) : [];
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
