import {need} from '../core/backend/backend.js';
import {UsageError} from '../core/errors.js';
import {isJournalFormat, journalFormats, renderJournal} from '../present/journal.js';
import {ownPlan} from './plans.js';
import {noPowershell} from '../core/teach.js';
import type {Command} from './command.js';

export const journal: Command = {
	name: 'journal',
	usage: `Usage: dockyard journal [--format md|sh|ps1] [--json] [--clear]

Print the store's journal, oldest first: every action with its docker and
PowerShell commands (or why PowerShell has none), refusals with the rule that
refused them, and errors.

Options:
      --format string   md (the default): a Markdown handout;
                        sh: a shell script of the docker commands;
                        ps1: a PowerShell script of the cmdlets
                        (refused and failed actions are comments in both)
      --json            The entries as they are stored
      --clear           Empty the journal (nothing else changes)`,
	options: {
		format: {type: 'string'},
		clear: {type: 'boolean'},
	},
	arity: [0, 0],
	async plan({flags, backend}) {
		if (!flags['clear']) {
			return undefined;
		}

		const count = (await backend().snapshot()).journal.length;
		return ownPlan(`Would clear ${count} journal entr${count === 1 ? 'y' : 'ies'}`);
	},
	async run({flags, backend, out, explain}) {
		const format = typeof flags['format'] === 'string' ? flags['format'] : 'md';
		if (!isJournalFormat(format)) {
			throw new UsageError(`unknown format "${format}": use one of ${journalFormats.join(', ')}`);
		}

		need(backend(), 'journal', 'dockyard journal');
		if (flags['clear']) {
			const count = await need(backend(), 'journalWrite', 'dockyard journal --clear').clear();
			out(`Cleared ${count} journal entr${count === 1 ? 'y' : 'ies'}`);
			return;
		}

		const entries = (await backend().snapshot()).journal;
		if (flags.json) {
			out(JSON.stringify(entries, undefined, 2));
			return;
		}

		for (const line of renderJournal(entries, format)) {
			out(line);
		}

		explain({docker: [], powershell: {none: noPowershell.own}});
	},
};
