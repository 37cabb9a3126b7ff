import {need} from '../core/backend/backend.js';
import type {Command} from './command.js';
import {planReset} from './plans.js';

export const reset: Command = {
	name: 'reset',
	usage: `Usage: dockyard reset [--yes]

Make the store as new: every image, container, tag, journal entry and blob
goes, under the store lock. Without --yes a store that holds anything is left
as it is (exit 1). settings.json and registry logins are kept. An index that
cannot be read is emptied too (with --yes), and a copy of it kept beside it.

Options:
  -y, --yes   Remove everything without asking`,
	options: {yes: {type: 'boolean', short: 'y'}},
	arity: [0, 0],
	plan: planReset,
	async run({flags, backend, out}) {
		const report = await need(backend(), 'reset', 'dockyard reset')({confirmed: Boolean(flags['yes'])});
		const count = (number: number, one: string, many: string) => `${number} ${number === 1 ? one : many}`;
		if (report.copy) {
			out(`The index could not be read; it is kept in ${report.copy}`);
		}

		out(`Removed ${count(report.images, 'image', 'images')}, ${count(report.containers, 'container', 'containers')}, ${count(report.tags, 'tag', 'tags')}, ${count(report.journal, 'journal entry', 'journal entries')} and ${count(report.blobs, 'blob', 'blobs')}`);
	},
};
