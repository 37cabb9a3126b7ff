import {compareStrings} from '../core/compare.js';
import {digestHex, shortId} from '../core/digest.js';
import {UsageError} from '../core/errors.js';
import {canonicalName, familiarName, parseReference, withDefaultTag} from '../core/reference.js';
import type {ImageView} from '../core/store/view.js';
import {teach} from '../core/teach.js';
import type {Command} from './command.js';
import {ago, humanSize, table} from './format.js';

export type ImageRow = {
	repository: string;
	tag: string;
	digest: string;
	image: ImageView;
};

/** One row per tag, `<none>` for untagged images, newest first: the rows of `docker images`. */
export function imageRows(images: ImageView[], options: {all?: boolean} = {}): ImageRow[] {
	const rows: ImageRow[] = [];
	const sorted = [...images].sort((a, b) => compareStrings(b.created, a.created) || compareStrings(a.id, b.id));
	for (const image of sorted) {
		if (image.tags.length === 0) {
			// Untagged images with children are intermediate: docker shows them only with -a.
			if (options.all || image.children.length === 0) {
				rows.push({repository: '<none>', tag: '<none>', digest: digestOf(image, undefined), image});
			}

			continue;
		}

		for (const tag of image.tags) {
			const reference = parseReference(tag);
			rows.push({repository: familiarName(reference), tag: reference.tag ?? '<none>', digest: digestOf(image, reference), image});
		}
	}

	return rows;
}

function digestOf(image: ImageView, reference: ReturnType<typeof parseReference> | undefined): string {
	const name = reference ? canonicalName(reference) : undefined;
	const match = image.repoDigests.find(repoDigest => !name || repoDigest.startsWith(`${name}@`));
	return match ? match.slice(match.indexOf('@') + 1) : '<none>';
}

/** docker's reference filter: a glob over `repo` or `repo:tag`. */
function referenceMatcher(pattern: string): (row: ImageRow) => boolean {
	const source = pattern.replaceAll(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '[^/]*').replaceAll('?', '[^/]');
	const regex = new RegExp(`^${source}$`);
	return row => regex.test(row.repository) || regex.test(`${row.repository}:${row.tag}`);
}

export const images: Command = {
	name: 'images',
	aliases: ['image ls', 'image list'],
	summary: 'List images (docker images)',
	usage: `Usage: dockyard images [OPTIONS] [REPOSITORY[:TAG]]

List images

Options:
  -a, --all             Show all images (default hides intermediate images)
      --digests         Show digests
  -f, --filter filter   Filter output: dangling=true|false, reference=PATTERN
      --json            Print JSON
      --no-trunc        Don't truncate output
  -q, --quiet           Only show image IDs
      --explain         Also print the docker and PowerShell equivalents`,
	options: {
		all: {type: 'boolean', short: 'a'},
		digests: {type: 'boolean'},
		filter: {type: 'string', short: 'f', multiple: true},
		'no-trunc': {type: 'boolean'},
		quiet: {type: 'boolean', short: 'q'},
	},
	arity: [0, 1],
	async run({args, flags, store, out, explain}) {
		let rows = imageRows(store().read().images, {all: Boolean(flags['all'])});
		for (const filter of (flags['filter'] as string[] | undefined) ?? []) {
			const [key, value = ''] = filter.split(/=(.*)/s);
			if (key === 'dangling') {
				const wanted = value.toLowerCase() === 'true' || value === '1';
				rows = rows.filter(row => (row.repository === '<none>') === wanted);
			} else if (key === 'reference') {
				rows = rows.filter(referenceMatcher(value));
			} else {
				throw new UsageError(`invalid filter '${filter}'`);
			}
		}

		if (args[0]) {
			const wanted = parseReference(args[0]);
			const name = familiarName(wanted);
			rows = rows.filter(row => row.repository === name && (!wanted.tag || row.tag === withDefaultTag(wanted).tag));
		}

		const noTrunc = Boolean(flags['no-trunc']);
		const id = (image: ImageView) => noTrunc ? image.id : shortId(image.id);
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
		} else if (flags['quiet']) {
			for (const row of rows) {
				out(noTrunc ? row.image.id : digestHex(row.image.id).slice(0, 12));
			}
		} else {
			const digests = Boolean(flags['digests']);
			const headers = ['REPOSITORY', 'TAG', ...(digests ? ['DIGEST'] : []), 'IMAGE ID', 'CREATED', 'SIZE'];
			const cells = rows.map(row => [row.repository, row.tag, ...(digests ? [row.digest] : []), id(row.image), ago(row.image.created), humanSize(row.image.size)]);
			for (const line of table(headers, cells)) {
				out(line);
			}
		}

		explain(teach({kind: 'images'}));
	},
};
