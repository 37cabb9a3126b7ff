import type {Snapshot} from '../backend/snapshot.js';
import type {Condition} from './lesson.js';

/** Whether the snapshot meets a condition; `at`: the newest journal entry it rested on, if any. */
export type Verdict = {met: boolean; at?: string};

/**
 * A condition against one snapshot. Journal entries count only when newer
 * than `since` (the step's start): what a class did before does not finish
 * a step.
 */
export function evaluate(condition: Condition, snapshot: Snapshot, since: string): Verdict {
	if ('image' in condition) {
		return {met: resolves(snapshot, condition.image)};
	}

	if ('noImage' in condition) {
		return {met: !resolves(snapshot, condition.noImage)};
	}

	if ('container' in condition) {
		if (condition.container === '*') {
			return {met: snapshot.containers.length > 0};
		}

		const id = imageId(snapshot, condition.container);
		return {met: id !== undefined && snapshot.containers.some(container => container.image === id)};
	}

	if ('child' in condition) {
		const id = imageId(snapshot, condition.child);
		return {met: id !== undefined && (snapshot.byId(id)?.children.length ?? 0) > 0};
	}

	if ('journal' in condition) {
		const wanted = condition.journal;
		const entry = snapshot.journal.find(candidate => candidate.time > since
			&& candidate.action === wanted.action
			&& (wanted.ok === undefined || candidate.ok === wanted.ok)
			&& (wanted.summary === undefined || candidate.summary.toLowerCase().includes(wanted.summary.toLowerCase())));
		return entry ? {met: true, at: entry.time} : {met: false};
	}

	if ('all' in condition) {
		const verdicts = condition.all.map(part => evaluate(part, snapshot, since));
		return verdicts.every(verdict => verdict.met) ? {met: true, at: newest(verdicts.map(verdict => verdict.at))} : {met: false};
	}

	for (const part of condition.any) {
		const verdict = evaluate(part, snapshot, since);
		if (verdict.met) {
			return verdict;
		}
	}

	return {met: false};
}

function imageId(snapshot: Snapshot, reference: string): string | undefined {
	try {
		return snapshot.resolve(reference).image.id;
	} catch {
		return undefined;
	}
}

function resolves(snapshot: Snapshot, reference: string): boolean {
	return imageId(snapshot, reference) !== undefined;
}

/** ISO times from one clock sort as strings. */
export function newest(times: Array<string | undefined>): string | undefined {
	return times.reduce<string | undefined>((latest, time) => time !== undefined && (latest === undefined || time > latest) ? time : latest, undefined);
}
