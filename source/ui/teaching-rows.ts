import {powershellShown, type Equivalents} from '../core/teach.js';
import type {Outcome} from './state.js';
import {clean, stringWidth} from './text.js';

export type TeachingRow = {text: string; kind: 'status' | 'command'};

/** What the teaching lines show: the last action's commands until the next key, else those of what is highlighted. */
export function shownTeaching(now: {label: string; equivalents: Equivalents} | undefined, last: Outcome | undefined): {label: string; equivalents: Equivalents} | undefined {
	return last?.fresh && last.equivalents ? {label: outcomeLabel(last), equivalents: last.equivalents} : now;
}

/**
 * `text` in lines at most `width` cells wide, broken at spaces (a word wider
 * than a line is broken where it must), each line after the first indented
 * by `indent` cells: a teaching line is never cut, a student copies it whole.
 */
export function wrapText(text: string, width: number, indent = 0): string[] {
	const room = Math.max(1, width);
	const pad = ' '.repeat(Math.min(indent, Math.max(0, room - 10)));
	const lines: string[] = [];
	let line = '';
	const push = () => {
		lines.push(line);
		line = pad;
	};

	for (const word of text.split(/(?<= )/)) {
		if (stringWidth(line + word.trimEnd()) <= room) {
			line += word;
			continue;
		}

		if (line.trim()) {
			push();
		}

		// A word longer than a whole line: cut into pieces that fit.
		let rest = word;
		while (stringWidth(line + rest.trimEnd()) > room) {
			let take = 0;
			const characters = [...rest];
			while (take < characters.length && stringWidth(line + characters.slice(0, take + 1).join('')) <= room) {
				take++;
			}

			line += characters.slice(0, Math.max(1, take)).join('');
			rest = characters.slice(Math.max(1, take)).join('');
			push();
		}

		line += rest;
	}

	if (line.trim() || lines.length === 0) {
		lines.push(line);
	}

	return lines.map(entry => entry.trimEnd());
}

const glue = '\u00A0';
const unglue = (text: string) => text.replaceAll(glue, ' ');

/**
 * The teaching lines, wrapped to `width`: the status of the last action (or
 * what is running), then the docker line and the PowerShell line, each
 * continued under its own start. At least one row each, so the layout does
 * not move when one is empty.
 */
export function teachingRows({now, last, busy, width}: {now?: {label: string; equivalents: Equivalents}; last?: Outcome; busy?: string; width: number}): TeachingRow[] {
	// An error's text may come from a hub: drawn without its escape sequences.
	const status = busy ? `… ${clean(busy)}` : (last ? outcomeText(last) : '');
	const shown = shownTeaching(now, last);
	const label = shown ? `${shown.label}: ` : '';
	const pad = stringWidth(label);
	// Commands name images by their labels, which come from a hub. A prompt (`$`, `PS>`) is held to its
	// command's first word by a no-break space while wrapping: never left alone at a line's end.
	const docker = shown?.equivalents.docker.map(command => `$${glue}${clean(command)}`).join('  ') ?? '';
	const powershell = shown ? powershellShown(shown.equivalents).map(line => clean(line).replace(/^PS> /, `PS>${glue}`)).join('  ') : '';
	const rows: TeachingRow[] = wrapText(status, width, 2).map(text => ({text, kind: 'status'}));
	rows.push(...wrapText(docker ? label + docker : '', width, pad).map(text => ({text: unglue(text), kind: 'command' as const})));
	rows.push(...wrapText(powershell ? (docker ? ' '.repeat(pad) : label) + powershell : '', width, pad).map(text => ({text: unglue(text), kind: 'command' as const})));
	return rows;
}

/** What the commands of the last action are labelled: what it did, or that it was refused or failed (never "did" for what did not happen). */
export function outcomeLabel(last: Pick<Outcome, 'ok' | 'outcome'>): string {
	const outcome = last.outcome ?? (last.ok ? 'done' : 'error');
	return outcome === 'refused' ? 'refused' : (outcome === 'error' ? 'failed' : 'did');
}

/** The status line of the last action: ✔ what happened; ✘ refused, with the rule; ✘ the error. */
export function outcomeText(last: Pick<Outcome, 'ok' | 'outcome' | 'summary' | 'rule' | 'cancelled'>): string {
	if (last.outcome === 'refused') {
		// Said once: a summary that starts with its own "Refused:" does not get a second.
		return `✘ refused: ${clean(last.summary).replace(/^refused:\s*/i, '')}${last.rule ? ` · rule: ${clean(last.rule)}` : ''}`;
	}

	if (last.cancelled) {
		return `· ${clean(last.summary)}`;
	}

	return `${last.ok ? '✔' : '✘'} ${clean(last.summary)}`;
}
