import {createInterface} from 'node:readline/promises';
import {need} from '../core/backend/backend.js';
import {UsageError} from '../core/errors.js';
import type {PruneOptions} from '../core/store/maintenance.js';
import {untilTime} from '../core/until-time.js';
import {teach} from '../core/teach.js';
import type {Command} from './command.js';
import {humanSize} from '../present/format.js';

/** docker's `--filter` keys for image prune: `until=`, `label=`, `label!=`. */
function pruneFilters(filters: string[]): PruneOptions {
	const options: PruneOptions = {};
	for (const filter of filters) {
		const [key, value = ''] = filter.split(/=(.*)/s);
		if (key === 'until') {
			options.until = untilTime(value);
		} else if (key === 'label') {
			(options.labels ??= []).push(value);
		} else if (key === 'label!') {
			(options.notLabels ??= []).push(value);
		} else {
			throw new UsageError(`invalid filter '${filter}'`);
		}
	}

	return options;
}

/** As `docker image prune` asks, before anything goes; No is the default. */
async function confirmed(question: string): Promise<boolean> {
	const prompt = createInterface({input: process.stdin, output: process.stdout, terminal: false});
	try {
		return /^y(es)?$/i.test((await prompt.question(question)).trim());
	} finally {
		prompt.close();
	}
}

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
	async run({flags, backend, out, explain}) {
		const all = Boolean(flags['all']);
		const dryRun = Boolean(flags['dry-run']);
		const options = {...pruneFilters((flags['filter'] as string[] | undefined) ?? []), all, dryRun};
		const prune = need(backend(), 'prune', 'dockyard prune');
		if (!dryRun && !flags['force'] && process.stdin.isTTY) {
			const warning = all ? 'WARNING! This will remove all images without at least one container associated to them.' : 'WARNING! This will remove all dangling images.';
			if (!await confirmed(`${warning}\nAre you sure you want to continue? [y/N] `)) {
				return;
			}
		}

		const report = await prune(options);
		if (report.images.length > 0) {
			out(dryRun ? 'Would delete Images:' : 'Deleted Images:');
			for (const image of report.images) {
				for (const tag of image.tags) {
					out(`untagged: ${tag}`);
				}

				out(`deleted: ${image.id}`);
			}

			out('');
		}

		if (report.deletedBlobs.length > 0) {
			out(dryRun ? 'Would delete Blobs:' : 'Deleted Blobs:');
			for (const digest of report.deletedBlobs) {
				out(`deleted: ${digest}`);
			}

			out('');
		}

		out(`${dryRun ? 'Total reclaimable space' : 'Total reclaimed space'}: ${humanSize(report.reclaimed)}`);
		explain(teach({kind: 'prune'}));
	},
};

export const fsck: Command = {
	name: 'fsck',
	usage: `Usage: dockyard fsck [--json]

Hashes every blob the index names, checks tags, parents and containers, and
reports orphan blobs (prune collects them) and stray temp files. Exits 1 when
anything is wrong.`,
	arity: [0, 0],
	async run({flags, backend, out}) {
		const report = await need(backend(), 'fsck', 'dockyard fsck')();
		if (flags['json']) {
			out(JSON.stringify(report, undefined, 2));
		} else {
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
		}

		return report.problems.length > 0 ? 1 : 0;
	},
};
