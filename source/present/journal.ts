import type {JournalEntry} from '../core/backend/model.js';
import {entryEquivalents, entryOutcome} from '../core/journal.js';
import {powershellCommands, powershellReason} from '../core/teach.js';
import {printable} from '../core/text.js';

/**
 * The journal as something to take away, for the CLI (`dockyard journal`)
 * and the TUI (J) alike: a Markdown handout, or a shell or PowerShell script
 * that replays what was done. Oldest first. Refusals and errors are in it,
 * with their rule, but a script only comments them: they changed nothing.
 * Nothing is cut; every line is one terminal line (text from outside shows
 * its control characters as escapes).
 */
export type JournalFormat = 'md' | 'sh' | 'ps1';

export const journalFormats: readonly JournalFormat[] = ['md', 'sh', 'ps1'];

export function isJournalFormat(value: string): value is JournalFormat {
	return (journalFormats as readonly string[]).includes(value);
}

/** The journal in that format, line by line. */
export function renderJournal(entries: JournalEntry[], format: JournalFormat): string[] {
	switch (format) {
		case 'md': {
			return markdown(entries);
		}

		case 'sh': {
			return script(entries, 'sh');
		}

		case 'ps1': {
			return script(entries, 'ps1');
		}
	}
}

const outcomeWords = {done: 'done', refused: 'refused', error: 'failed'} as const;

/** Lines of free text, each made one printable line. */
function textLines(text: unknown): string[] {
	return typeof text === 'string' && text !== '' ? text.split('\n').map(line => printable(line)) : [];
}

function field(value: unknown): string {
	return typeof value === 'string' ? printable(value) : '';
}

/** `2026-12-01 23:40:02 UTC` of an ISO time; the text as it is when it is not one. */
function when(time: unknown): string {
	const text = field(time);
	return /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/.test(text) ? `${text.slice(0, 10)} ${text.slice(11, 19)} UTC` : text;
}

/** A code fence longer than any run of backticks inside, so no command can close it early. */
function fence(lines: string[]): string {
	const longest = Math.max(0, ...lines.map(line => Math.max(0, ...[...line.matchAll(/`+/g)].map(match => match[0].length))));
	return '`'.repeat(Math.max(3, longest + 1));
}

function codeBlock(language: string, lines: string[]): string[] {
	const marks = fence(lines);
	return [`${marks}${language}`, ...lines, marks];
}

function markdown(entries: JournalEntry[]): string[] {
	const lines = ['# dockyard journal', ''];
	if (entries.length === 0) {
		return [...lines, 'Nothing has been done in this store yet.'];
	}

	const refused = entries.filter(entry => entryOutcome(entry) === 'refused').length;
	const failed = entries.filter(entry => entryOutcome(entry) === 'error').length;
	lines.push(
		`${entries.length} action${entries.length === 1 ? '' : 's'} from ${when(entries[0]!.time)} to ${when(entries.at(-1)!.time)}`
		+ `${refused + failed > 0 ? ` (${refused} refused, ${failed} failed: they changed nothing)` : ''}.`
		+ ' Each gives what dockyard did and the docker and PowerShell commands that do the same.',
		'',
	);
	for (const [index, entry] of entries.entries()) {
		const outcome = entryOutcome(entry);
		const equivalents = entryEquivalents(entry);
		lines.push(`## ${index + 1}. ${field(entry.action)}: ${outcomeWords[outcome]}`, '', when(entry.time), '');
		if (outcome === 'refused') {
			lines.push('**Refused**: nothing was changed.', '');
		} else if (outcome === 'error') {
			lines.push('**Failed**: nothing was changed.', '');
		}

		const summary = textLines(shownSummary(entry));
		if (summary.length > 0) {
			lines.push(...codeBlock('text', summary), '');
		}

		if (outcome === 'refused' && typeof entry.rule === 'string') {
			lines.push(`**Rule:** ${field(entry.rule)}`, '');
		}

		lines.push(...(equivalents.docker.length > 0 ? ['docker:', '', ...codeBlock('sh', equivalents.docker.map(line => printable(line)))] : ['docker: no command (this is dockyard\'s own).']), '');
		const commands = powershellCommands(equivalents);
		const reason = powershellReason(equivalents);
		if (commands.length > 0) {
			lines.push('PowerShell:', '', ...codeBlock('powershell', commands.map(line => printable(line))), '');
		}

		if (reason) {
			lines.push(`PowerShell: ${printable(reason)}.`, '');
		} else if (commands.length === 0) {
			lines.push('PowerShell: no equivalent recorded.', '');
		}
	}

	return lines.slice(0, -1);
}

/**
 * A script that replays the journal: the commands of what was done, in
 * order; refusals and errors (and actions with no command in that language)
 * as comments that say why.
 */
function script(entries: JournalEntry[], kind: 'sh' | 'ps1'): string[] {
	const tool = kind === 'sh' ? 'docker' : 'PowerShell';
	const lines = kind === 'sh' ? ['#!/bin/sh'] : [];
	lines.push(
		`# dockyard journal: the ${tool} commands of ${entries.length} action${entries.length === 1 ? '' : 's'}, in the order they were done.`,
		'# Refused and failed actions are comments: they changed nothing.',
	);
	for (const [index, entry] of entries.entries()) {
		const outcome = entryOutcome(entry);
		const equivalents = entryEquivalents(entry);
		const commands = (kind === 'sh' ? equivalents.docker : powershellCommands(equivalents)).map(line => printable(line));
		lines.push('', `# ${index + 1}. ${when(entry.time)} ${field(entry.action)}: ${outcomeWords[outcome]}`);
		lines.push(...textLines(shownSummary(entry)).map(line => `#    ${line}`));
		if (outcome === 'refused' && typeof entry.rule === 'string') {
			lines.push(`#    rule: ${field(entry.rule)}`);
		}

		if (kind === 'ps1') {
			const reason = powershellReason(equivalents);
			if (reason) {
				lines.push(`#    ${printable(reason)}`);
			}

			if (commands.length === 0) {
				lines.push(...equivalents.docker.map(line => `#    docker: ${printable(line)}`));
			}
		} else if (commands.length === 0) {
			lines.push('#    no docker command: this is dockyard\'s own');
		}

		lines.push(...commands.map(line => outcome === 'done' ? line : `# ${line}`));
	}

	return lines;
}

/** The summary without the store's `refused: ` prefix: the outcome is said once, beside the action. */
function shownSummary(entry: JournalEntry): unknown {
	return typeof entry.summary === 'string' && entryOutcome(entry) === 'refused' ? entry.summary.replace(/^refused: /, '') : entry.summary;
}
