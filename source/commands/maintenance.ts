import {need} from '../core/backend/backend.js';
import {pruneFilters} from '../core/prune-filters.js';
import {teach} from '../core/teach.js';
import {confirm} from './confirm.js';
import type {Command} from './command.js';
import {pruneReportLines} from '../present/prune-report.js';
import {ownPlan, planPrune} from './plans.js';

export const prune: Command = {
	name: 'prune',
	aliases: ['image prune'],
	usage: `Usage: dockyard prune [OPTIONS]

Remove dangling images (no tag, no child, no container), then every blob that
no image or container names (blobs of a pull still in progress are kept).
A blob an image that stays still uses is not freed, and not counted.

Options:
  -a, --all             Remove all images without at least one container associated to them
      --filter filter   Provide filter values (e.g. "until=<timestamp>", "label=KEY[=VALUE]", "label!=KEY")
      --dry-run         List what would be removed and the space it would free; remove nothing
  -f, --force           Do not prompt for confirmation (dockyard never prompts when stdin is not a terminal)`,
	options: {
		all: {type: 'boolean', short: 'a'},
		filter: {type: 'string', multiple: true},
		'dry-run': {type: 'boolean'},
		force: {type: 'boolean', short: 'f'},
	},
	arity: [0, 0],
	plan: planPrune,
	async run({flags, backend, out, explain}) {
		const all = Boolean(flags['all']);
		const dryRun = Boolean(flags['dry-run']);
		const options = {...pruneFilters((flags['filter'] as string[] | undefined) ?? []), all, dryRun};
		const prune = need(backend(), 'prune', 'dockyard prune');
		if (!dryRun && !flags['force'] && process.stdin.isTTY) {
			const warning = all ? 'WARNING! This will remove all images without at least one container associated to them.' : 'WARNING! This will remove all dangling images.';
			if (!await confirm(`${warning}\nAre you sure you want to continue? [y/N] `)) {
				return;
			}
		}

		const report = await prune(options);
		for (const line of pruneReportLines(report, dryRun)) {
			out(line);
		}

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
