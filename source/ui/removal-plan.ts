import {planRemoval} from '../core/store/removal.js';
import {StoreView, type Dependent} from '../core/store/view.js';

export type Refusal = {target: string; message: string; rule: string; dependents: Dependent[]};

export type BatchPlan =
	| {allowed: true; targets: string[]; untagged: string[]; deleted: string[]}
	| {allowed: false; refusals: Refusal[]};

/**
 * What removing these targets one after the other would do, asked of the
 * core's own planner on a scratch copy of the index (the second of two tags
 * of one image deletes it, where either alone would only untag). Nothing is
 * written; any refusal refuses the whole batch, so nothing changes.
 */
export function planBatch(view: StoreView, targets: string[], options: {force?: boolean} = {}): BatchPlan {
	let current = view;
	const scratch = targets.length > 1 ? structuredClone(view.data) : view.data;
	const untagged: string[] = [];
	const deleted: string[] = [];
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
		untagged.push(...plan.untagged);
		deleted.push(...plan.deleted);
		if (targets.length > 1) {
			for (const tag of plan.untag) {
				delete scratch.tags[tag];
			}

			for (const id of plan.delete) {
				delete scratch.images[id];
			}

			current = new StoreView(scratch);
		}
	}

	return refusals.length > 0 ? {allowed: false, refusals} : {allowed: true, targets: planned, untagged, deleted};
}

function resolves(view: StoreView, target: string): boolean {
	try {
		view.resolve(target);
		return true;
	} catch {
		return false;
	}
}
