import {describeCondition, stepLines} from '../core/lesson/describe.js';
import type {Lesson} from '../core/lesson/lesson.js';
import {finished, type Progress} from '../core/lesson/progress.js';
import {clean, stringWidth, truncate} from './text.js';

export type LessonLine = {text: string; tone: 'title' | 'do' | 'why' | 'command' | 'waiting' | 'done' | 'rule'};

/** Words wrapped onto lines of at most `width` cells; a word wider than a line is cut. */
export function wrapWords(text: string, width: number, indent = ''): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(/\s+/).filter(Boolean)) {
		const candidate = line ? `${line} ${word}` : word;
		if (stringWidth(candidate) <= width || !line) {
			line = candidate;
		} else {
			lines.push(line);
			line = indent + word;
		}
	}

	if (line) {
		lines.push(line);
	}

	return lines.map(part => truncate(part, width));
}

/**
 * The lesson panel as lines, so the app knows its height before it draws:
 * the step's title, what to do, the commands (never cut: they wrap), why,
 * and what the panel waits for. Within `maxLines`, "why" gives way first.
 * `compact` (a dialog is open, and shows its own commands): the title, what
 * to do and what the panel waits for.
 */
export function lessonLines(lesson: Lesson, progress: Progress, width: number, maxLines: number, compact = false): LessonLine[] {
	const title = clean(lesson.title);
	if (finished(lesson, progress)) {
		const noticed = progress.ended.filter(end => end === 'noticed').length;
		return [
			{text: truncate(`Lesson · ${title} · done: ${lesson.steps.length} of ${lesson.steps.length} steps (${noticed} noticed in the store)`, width), tone: 'title'},
			{text: truncate('w hides this panel. The journal (3, then t) holds what the class did.', width), tone: 'done'},
		];
	}

	const step = lesson.steps[progress.current]!;
	const keys = 'w hides · W next step';
	const head = `Lesson · ${title} · step ${progress.current + 1} of ${lesson.steps.length}: ${clean(step.title)}`;
	const header = stringWidth(head) + 3 + stringWidth(keys) <= width ? `${head}   ${keys}` : truncate(head, width);
	const previous = progress.ended.at(-1) === 'noticed' ? `✔ step ${progress.current} done. ` : '';
	const waiting = step.done
		? `${previous}◌ waiting for ${describeCondition(step.done)} (by keys here, or the CLI in another terminal)`
		: `${previous}→ W when you are ready: this step changes nothing in the store`;
	const wrapped = (text: string, tone: LessonLine['tone'], prefix = '') => wrapWords(prefix + clean(text), width, ' '.repeat(stringWidth(prefix))).map(line => ({text: line, tone}));
	const commands = compact ? [] : stepLines(step).flatMap(line => wrapped(line, 'command', ''));
	// A rule under the panel keeps it apart from the pane below.
	const fixed = [{text: header, tone: 'title' as const}, ...wrapped(step.do, 'do', 'Do: '), ...commands, ...wrapped(waiting, 'waiting'), {text: '─'.repeat(width), tone: 'rule' as const}];
	const why = wrapped(step.why, 'why', 'Why: ');
	const room = compact ? 0 : Math.max(0, maxLines - fixed.length);
	const shownWhy = why.length <= room ? why : (room > 0 ? [...why.slice(0, room - 1), {text: truncate(`${why[room - 1]!.text} …`, width), tone: 'why' as const}] : []);
	// Why sits after what to do, before the commands.
	const doEnd = 1 + wrapped(step.do, 'do', 'Do: ').length;
	return [...fixed.slice(0, doEnd), ...shownWhy, ...fixed.slice(doEnd)];
}
