import {shortId} from '../core/digest.js';
import {teach} from '../core/teach.js';
import type {Command} from './command.js';
import {ago, ellipsis, humanSize, table} from '../present/format.js';

export const history: Command = {
	name: 'history',
	aliases: ['image history'],
	summary: 'Show the history of an image, down to its base',
	usage: `Usage: dockyard history [OPTIONS] IMAGE

Show the history of an image, newest first

Options:
      --json       Print JSON
      --no-trunc   Don't truncate output
  -q, --quiet      Only show image IDs`,
	options: {
		'no-trunc': {type: 'boolean'},
		quiet: {type: 'boolean', short: 'q'},
	},
	arity: [1, 1],
	async run({args, flags, backend, out, explain}) {
		const snapshot = await backend().snapshot();
		const image = snapshot.image(args[0]!);
		const rows = await backend().history(image.id, snapshot);
		const noTrunc = Boolean(flags['no-trunc']);
		const id = (value: string) => value === '<missing>' || noTrunc ? value : shortId(value);
		if (flags['json']) {
			out(JSON.stringify(rows.map(row => ({ID: row.id, CreatedAt: row.created, CreatedSince: ago(row.created), CreatedBy: row.createdBy, Size: row.size, Comment: row.comment})), undefined, 2));
		} else if (flags['quiet']) {
			for (const row of rows) {
				out(id(row.id));
			}
		} else {
			const cells = rows.map(row => [id(row.id), ago(row.created), noTrunc ? row.createdBy : ellipsis(row.createdBy, 45, '…'), humanSize(row.size), row.comment]);
			for (const line of table(['IMAGE', 'CREATED', 'CREATED BY', 'SIZE', 'COMMENT'], cells)) {
				out(line);
			}
		}

		explain(teach({kind: 'history', target: args[0]!, psName: image.title}));
	},
};
