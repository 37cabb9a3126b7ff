import {need} from '../core/backend/backend.js';
import {teach} from '../core/teach.js';
import type {Command} from './command.js';
import {humanSize} from '../present/format.js';
import {ownPlan, planPrune} from './plans.js';

export const prune: Command = {
	name: 'prune',
	aliases: ['image prune'],
	usage: `Usage: dockyard prune [-f]

Remove dangling images (no tag, no child), then every blob that no image or
container names (blobs of a pull still in progress are kept).

Options:
  -f, --force   Do not prompt for confirmation (dockyard never prompts when stdin is not a terminal)`,
	options: {force: {type: 'boolean', short: 'f'}},
	arity: [0, 0],
	plan: planPrune,
	async run({backend, out, explain}) {
		const report = await need(backend(), 'prune', 'dockyard prune')();
		if (report.deletedImages.length > 0) {
			out('Deleted Images:');
			for (const id of report.deletedImages) {
				out(`deleted: ${id}`);
			}

			out('');
		}

		if (report.deletedBlobs.length > 0) {
			out('Deleted Blobs:');
			for (const digest of report.deletedBlobs) {
				out(`deleted: ${digest}`);
			}

			out('');
		}

		out(`Total reclaimed space: ${humanSize(report.reclaimed)}`);
		explain(teach({kind: 'prune'}));
	},
};

export const fsck: Command = {
	name: 'fsck',
	usage: `Usage: dockyard fsck [--repair] [--json]

Hashes every blob the index names, checks tags, parents and containers, and
reports orphan blobs (prune collects them) and stray temp files. Exits 1 when
anything is wrong.

Options:
  --repair   An index that cannot be read (cut short, not JSON, not an index's
             shape) is copied aside (index.json.corrupt-TIME, its path printed)
             and a new, empty one started; malformed records are left out. The
             blobs stay. Then the check runs on what is left.`,
	options: {repair: {type: 'boolean'}},
	arity: [0, 0],
	// fsck flags a corrupt blob for the next pull to fetch again, and --repair rewrites the index: both are changes.
	async plan({flags}) {
		return ownPlan(flags['repair']
			? 'Would copy aside an index that cannot be read (or has malformed records) and start a new one, then hash every blob the index names'
			: 'Would hash every blob the index names and check tags, parents and containers, marking a corrupt blob for the next pull to fetch again');
	},
	async run({flags, backend, out}) {
		const report = await need(backend(), 'fsck', 'dockyard fsck')({repair: Boolean(flags['repair'])});
		if (flags['json']) {
			out(JSON.stringify(report, undefined, 2));
			return report.problems.length > 0 ? 1 : 0;
		}

		if (report.repair?.copy) {
			for (const problem of report.repair.problems) {
				out(`repaired: ${problem}`);
			}

			out(`The index as it was is kept in ${report.repair.copy}`);
		} else if (report.repair) {
			out('The index needed no repair.');
		}

		for (const problem of report.problems) {
			out(`error: ${problem}`);
		}

		for (const orphan of report.orphans) {
			out(`orphan: ${orphan}`);
		}

		for (const file of report.strayTempFiles) {
			out(`stray temp file: ${file}`);
		}

		out(`${report.checked} blobs checked, ${report.problems.length} problems, ${report.orphans.length} orphans, ${report.strayTempFiles.length} stray temp files`);
		return report.problems.length > 0 ? 1 : 0;
	},
};
