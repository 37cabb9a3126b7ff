import {digestHex, shortId} from '../core/digest.js';
import {UsageError} from '../core/errors.js';
import type {SnapshotImage} from '../core/backend/snapshot.js';
import {familiarName, parseReference, withDefaultTag} from '../core/reference.js';
import {teach} from '../core/teach.js';
import type {Command} from './command.js';
import {ago, humanSize, table} from '../present/format.js';
import {imageRows, type ImageRow} from '../present/images.js';

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
	async run({args, flags, backend, out, explain}) {
		const snapshot = await backend().snapshot();
		let rows = imageRows(snapshot.images, {all: Boolean(flags['all']), asGiven: snapshot.engineOrder});
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
