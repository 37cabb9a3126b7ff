import type {Snapshot} from '../core/backend/snapshot.js';
import {removalEffects} from '../core/backend/powershell-identity.js';
import {teach as teachAction, type Action as TeachAction, type Equivalents, type TeachContext, type TeachOutcome} from '../core/teach.js';

/**
 * The commands of one removal: a single `docker rmi` naming every target, and
 * a Remove-ContainerImage for each image, named as Get-ContainerImage names it.
 */
export function removalEquivalents(view: Snapshot | undefined, targets: string[], force: boolean, context?: TeachContext, outcome?: TeachOutcome): Equivalents {
	return teachAction(removalAction(view, targets, force), context, outcome);
}

const highlightedRemovals = new WeakMap<Snapshot, Map<string, Equivalents>>();

/** The teaching pair of `d` on the highlighted row, drawn at every key: planned once per store read and row, not per frame. */
export function highlightedRemoval(view: Snapshot | undefined, target: string, force: boolean, context: TeachContext): Equivalents {
	if (!view) {
		return removalEquivalents(view, [target], force, context);
	}

	const cache = highlightedRemovals.get(view) ?? new Map<string, Equivalents>();
	highlightedRemovals.set(view, cache);
	const key = `${force ? 'f' : '-'} ${context.docker} ${target}`;
	const known = cache.get(key);
	if (known) {
		return known;
	}

	const equivalents = removalEquivalents(view, [target], force, context);
	cache.set(key, equivalents);
	return equivalents;
}

/** The removal as the teaching and the journal name it: what each target removes, planned on the snapshot (a tag alone, or the image). */
export function removalAction(view: Snapshot | undefined, targets: string[], force: boolean): Extract<TeachAction, {kind: 'rmi'}> {
	const [target = '', ...more] = targets;
	return {kind: 'rmi', target, ...(more.length > 0 ? {more} : {}), force, effects: removalEffects(view, targets, {force})};
}
