import type {JournalEntry, JournalOutcome} from './backend/model.js';
import {powershellCommands, teach, type Action, type Equivalents} from './teach.js';

/** A journal entry for an action: its commands as the teaching line gives them, how it ended, and the rule that refused it. */
export function journalEntry(action: Action, summary: string, outcome: JournalOutcome, rule?: string, given?: Equivalents): JournalEntry {
	const equivalents = given ?? teach(action, undefined, outcome === 'refused' ? 'refused' : 'done');
	const {powershell} = equivalents;
	return {
		time: new Date().toISOString(),
		action: action.kind,
		summary,
		docker: equivalents.docker,
		powershell: powershellCommands(equivalents),
		ok: outcome === 'done',
		outcome,
		...(rule ? {rule} : {}),
		...('none' in powershell ? {noPowershell: powershell.none} : {}),
		...('note' in powershell && powershell.note ? {powershellNote: powershell.note} : {}),
	};
}

/** How an entry ended; an entry from before outcomes were kept is done when ok, else refused (the only failures journalled then). */
export function entryOutcome(entry: Pick<JournalEntry, 'ok' | 'outcome'>): JournalOutcome {
	return entry.outcome ?? (entry.ok ? 'done' : 'refused');
}

/**
 * An entry's commands as Equivalents. An index is a file on disk: a field of
 * the wrong type is read as absent, never trusted to be a list.
 */
export function entryEquivalents(entry: Partial<JournalEntry>): Equivalents {
	const lines = (value: unknown) => Array.isArray(value) ? value.filter((line): line is string => typeof line === 'string') : [];
	const commands = lines(entry.powershell);
	const none = typeof entry.noPowershell === 'string' ? entry.noPowershell : undefined;
	const note = typeof entry.powershellNote === 'string' ? entry.powershellNote : undefined;
	return {
		docker: lines(entry.docker),
		powershell: commands.length === 0 && none ? {none} : {commands, ...(note ? {note} : {})},
	};
}
