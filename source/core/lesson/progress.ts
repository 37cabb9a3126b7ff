import type {Snapshot} from '../backend/snapshot.js';
import {evaluate, newest} from './conditions.js';
import type {Lesson} from './lesson.js';

/** How a finished step ended: the store showed its state, or the student moved on (a step to read, or one skipped). */
export type StepEnd = 'noticed' | 'moved on';

export type Progress = {
	/** The step under way; `steps.length` once the lesson is over. */
	current: number;
	/** Journal entries at or before this time do not count for the current step. */
	since: string;
	ended: StepEnd[];
};

/** A lesson begins at `startedAt`: nothing journalled before then counts. */
export function startProgress(startedAt: string): Progress {
	return {current: 0, since: startedAt, ended: []};
}

export function finished(lesson: Lesson, progress: Progress): boolean {
	return progress.current >= lesson.steps.length;
}

/**
 * Steps noticed in order: the current step is checked against the
 * snapshot, and while it is met the next one is, on the same snapshot (a
 * CLI in another terminal may have done two before the TUI re-reads). A
 * step met through a journal entry hands its time on, so one entry never
 * finishes two steps; once a step waits, the entries already seen are
 * behind it.
 */
export function advance(lesson: Lesson, progress: Progress, snapshot: Snapshot): Progress {
	let {current, since} = progress;
	const ended = [...progress.ended];
	while (current < lesson.steps.length) {
		const condition = lesson.steps[current]!.done;
		const verdict = condition ? evaluate(condition, snapshot, since) : {met: false};
		if (!verdict.met) {
			break;
		}

		ended.push('noticed');
		current++;
		since = verdict.at ?? since;
	}

	since = newest([since, ...snapshot.journal.map(entry => entry.time)]) ?? since;
	return current === progress.current && since === progress.since ? progress : {current, since, ended};
}

/** The student moves on by hand: a step to read, or one they choose to skip. */
export function moveOn(lesson: Lesson, progress: Progress): Progress {
	if (finished(lesson, progress)) {
		return progress;
	}

	return {...progress, current: progress.current + 1, ended: [...progress.ended, 'moved on']};
}
