import {shortId} from '../core/digest.js';
import {need} from '../core/backend/backend.js';
import {formatPlatform} from '../core/platform.js';
import {platformFlag} from './platform-flag.js';
import {teach} from '../core/teach.js';
import type {Command} from './command.js';
import {historyContext, historyHeaders, historyTableFormat} from '../present/docker-contexts.js';
import {ago} from '../present/format.js';
import {chosenFormat, formatOption, formatUsage, printFormatted} from './format-flag.js';

export const history: Command = {
	name: 'history',
	aliases: ['image history'],
	usage: `Usage: dockyard history [OPTIONS] IMAGE

Show the history of an image, newest first

Options:
${formatUsage}
      --json       Print JSON
      --no-trunc   Don't truncate output
      --platform string   Show history for the given platform. Formatted as
                          "os[/arch[/variant]]" (e.g., "linux/amd64")
  -q, --quiet      Only show image IDs`,
	options: {
		'no-trunc': {type: 'boolean'},
		platform: {type: 'string'},
		quiet: {type: 'boolean', short: 'q'},
		...formatOption,
	},
	arity: [1, 1],
	async run({args, flags, backend, out, explain}) {
		const snapshot = await backend().snapshot();
		const platform = platformFlag(flags);
		const image = platform ? snapshot.image(await need(backend(), 'platforms', 'dockyard history --platform').image(args[0]!, platform)) : snapshot.image(args[0]!);
		const rows = await backend().history(image.id, snapshot);
		const noTrunc = Boolean(flags['no-trunc']);
		const id = (value: string) => value === '<missing>' || noTrunc ? value : shortId(value);
		if (flags['json']) {
			out(JSON.stringify(rows.map(row => ({ID: row.id, CreatedAt: row.created, CreatedSince: ago(row.created), CreatedBy: row.createdBy, Size: row.size, Comment: row.comment})), undefined, 2));
		} else {
			const format = chosenFormat(flags, flags['quiet'] ? '{{.ID}}' : historyTableFormat);
			printFormatted(out, format, rows.map(row => historyContext(row, {trunc: !noTrunc})), historyHeaders);
		}

		explain(teach({kind: 'history', target: args[0]!, psName: image.title, platform: platform && formatPlatform(platform)}));
	},
};
