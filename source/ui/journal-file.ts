import {writeFileSync} from 'node:fs';
import path from 'node:path';
import type {JournalEntry} from '../core/backend/model.js';
import {renderJournal} from '../present/journal.js';

/** `dockyard-journal-20261201-234002.md`: the local time it was written, so a class's handouts sort by when. */
export function journalFileName(now: Date): string {
	const two = (value: number) => String(value).padStart(2, '0');
	return `dockyard-journal-${now.getFullYear()}${two(now.getMonth() + 1)}${two(now.getDate())}-${two(now.getHours())}${two(now.getMinutes())}${two(now.getSeconds())}.md`;
}

/**
 * J: the journal as the Markdown handout (`dockyard journal --format md`),
 * into $DOCKYARD_JOURNAL_DIR or else the directory dockyard was started in.
 * Never over an existing file (a second J in the same second gets `-2`).
 * Returns the absolute path written.
 */
export function writeJournalFile(entries: JournalEntry[], options: {directory?: string; now?: Date} = {}): string {
	const directory = path.resolve(options.directory ?? process.env['DOCKYARD_JOURNAL_DIR'] ?? process.cwd());
	const text = renderJournal(entries, 'md').join('\n') + '\n';
	const base = journalFileName(options.now ?? new Date());
	for (let attempt = 1; attempt <= 100; attempt++) {
		const file = path.join(directory, attempt === 1 ? base : base.replace(/\.md$/, `-${attempt}.md`));
		try {
			writeFileSync(file, text, {flag: 'wx'});
			return file;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
				throw error;
			}
		}
	}

	throw new Error(`${directory} already holds 100 journals written this second`);
}
