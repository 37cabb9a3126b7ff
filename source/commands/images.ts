import {shortId} from '../core/digest.js';
import {DockyardError, UsageError} from '../core/errors.js';
import type {SnapshotImage} from '../core/backend/snapshot.js';
import {groupImageFilters, labelsMatch, untilTime} from '../core/image-filters.js';
import {compilePathPattern} from '../core/path-match.js';
import {teach} from '../core/teach.js';
import type {Command, Flags} from './command.js';
import {need} from '../core/backend/backend.js';
import type {TreeEntry} from '../core/backend/backend.js';
import {imageTreeLines} from '../present/image-tree.js';
import {imageContext, imageHeaders, imageTableFormat, imageTableFormatWithDigest} from '../present/docker-contexts.js';
import {ago, humanSize} from '../present/format.js';
import {imageRows, type ImageRow} from '../present/images.js';
import {chosenFormat, formatOption, formatUsage, printFormatted} from './format-flag.js';

/** docker's reference filter: Go's path.Match against `repo:tag`, then `repo`, in their familiar form. */
function referenceMatcher(patterns: string[]): (row: ImageRow) => boolean {
	const expressions = patterns.map(pattern => compilePathPattern(pattern));
	// An image without a name is never listed under a reference filter, as the engine leaves it out.
	return row => row.repository !== '<none>' && expressions.some(expression => expression.test(`${row.repository}:${row.tag}`) || expression.test(row.repository));
}

/** docker 28's refusals of the flags --tree does not take yet, in its order. */
const notWithTree = [['quiet', '--quiet'], ['format', '--format'], ['no-trunc', '--no-trunc'], ['digests', '--show-digest']] as const;

function printTree(flags: Flags, entries: TreeEntry[], out: (line?: string) => void, environment: NodeJS.ProcessEnv): void {
	const refused = notWithTree.find(([flag]) => flags[flag] !== undefined);
	if (refused) {
		throw new DockyardError(`${refused[1]} is not yet supported with --tree`);
	}

	const terminal = Boolean(process.stdout.isTTY);
	const color = terminal && !environment['NO_COLOR'];
	for (const line of imageTreeLines(entries, {color, width: terminal ? process.stdout.columns : undefined})) {
		// The presenter escaped the text from outside; its own colour codes would be escaped by out().
		if (color) {
			process.stdout.write(line + '\n');
		} else {
			out(line);
		}
	}
}

export const images: Command = {
	name: 'images',
	aliases: ['image ls', 'image list'],
	usage: `Usage: dockyard images [OPTIONS] [REPOSITORY[:TAG]]

List images

Options:
  -a, --all             Show all images (default hides intermediate images)
      --digests         Show digests
  -f, --filter filter   Filter output: dangling=true|false, reference=PATTERN,
                        before=IMAGE, since=IMAGE, label=KEY[=VALUE], until=TIME
${formatUsage}
      --json            Print JSON
      --no-trunc        Don't truncate output
  -q, --quiet           Only show image IDs
      --tree            List multi-platform images as a tree (EXPERIMENTAL)
      --explain         Also print the docker and PowerShell equivalents`,
	options: {
		all: {type: 'boolean', short: 'a'},
		digests: {type: 'boolean'},
		filter: {type: 'string', short: 'f', multiple: true},
		'no-trunc': {type: 'boolean'},
		quiet: {type: 'boolean', short: 'q'},
		tree: {type: 'boolean'},
		...formatOption,
	},
	arity: [0, 1],
	async run({args, flags, backend, out, explain, environment}) {
		const snapshot = await backend().snapshot();
		const digests = Boolean(flags['digests']);
		let format = chosenFormat(flags, flags['quiet'] ? '{{.ID}}' : digests ? imageTableFormatWithDigest : imageTableFormat);
		// docker adds the digest column to a table format that lacks it when --digests is given.
		if (digests && format.startsWith('table') && !format.includes('{{.Digest}}')) {
			format += '\\t{{.Digest}}';
		}

		const digest = digests || format.includes('{{.Digest}}');
		let rows = imageRows(snapshot.images, {all: Boolean(flags['all']), asGiven: snapshot.engineOrder, digests: digest});
		// The positional REPOSITORY[:TAG] is one more reference pattern, as docker sends it: any of them may match.
		const patterns = args[0] === undefined ? [] : [args[0]];
		// Different keys must all hold; reference values are alternatives; before, since and label each value must hold, as dockerd applies them.
		const filters = groupImageFilters((flags['filter'] as string[] | undefined) ?? []);
		for (const value of filters.get('dangling') ?? []) {
			const wanted = value.toLowerCase() === 'true' || value === '1';
			// dockerd's dangling: an image without a tag (a digest-only row is dangling too).
			rows = rows.filter(row => (row.image.tags.length === 0) === wanted);
		}

		patterns.push(...filters.get('reference') ?? []);
		for (const target of filters.get('before') ?? []) {
			const created = Date.parse(snapshot.image(target).created);
			rows = rows.filter(row => Date.parse(row.image.created) < created);
		}

		for (const target of filters.get('since') ?? []) {
			const created = Date.parse(snapshot.image(target).created);
			rows = rows.filter(row => Date.parse(row.image.created) > created);
		}

		for (const value of filters.get('until') ?? []) {
			const until = untilTime(value, Date.now());
			if (until === undefined) {
				throw new UsageError(`invalid filter 'until=${value}'`);
			}

			rows = rows.filter(row => Date.parse(row.image.created) < until);
		}

		const wantedLabels = filters.get('label');
		if (wantedLabels) {
			// The store's listing keeps only the PowerShell labels: the config has them all.
			const labels = new Map<string, Record<string, string> | undefined>();
			for (const row of rows) {
				if (!labels.has(row.image.id)) {
					// eslint-disable-next-line no-await-in-loop
					const config = (await backend().inspect(row.image.id, snapshot))['Config'] as {Labels?: Record<string, string> | null} | undefined;
					labels.set(row.image.id, config?.Labels ?? undefined);
				}
			}

			rows = rows.filter(row => labelsMatch(wantedLabels, labels.get(row.image.id)));
		}

		if (patterns.length > 0) {
			rows = rows.filter(referenceMatcher(patterns));
		}

		if (flags['tree']) {
			// The same filters as the list: an entry stays when one of its platforms' images is still listed.
			const listed = new Set(rows.map(row => row.image.id));
			const entries = await need(backend(), 'platforms', 'dockyard images --tree').tree({all: Boolean(flags['all'])});
			printTree(flags, entries.filter(entry => entry.platforms.some(platform => platform.image && listed.has(platform.image.id))), out, environment);
			explain(teach({kind: 'images', tree: true}));
			return;
		}

		const noTrunc = Boolean(flags['no-trunc']);
		const id = (image: SnapshotImage) => noTrunc ? image.id : shortId(image.id);
		if (flags['json']) {
			out(JSON.stringify(rows.map(row => ({
				Repository: row.repository,
				Tag: row.tag,
				Digest: row.digest,
				ID: id(row.image),
				CreatedAt: row.image.created,
				CreatedSince: ago(row.image.created),
				Size: humanSize(row.image.size),
				VirtualSize: row.image.size,
			})), undefined, 2));
		} else {
			printFormatted(out, format, rows.map(row => imageContext(row, {trunc: !noTrunc, digest})), imageHeaders);
		}

		explain(teach({kind: 'images'}));
	},
};
