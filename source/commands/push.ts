import {need} from '../core/backend/backend.js';
import type {Command} from './command.js';
import {pullProgressPrinter} from './progress.js';
import {planPush} from './plans.js';

export const push: Command = {
	name: 'push',
	aliases: ['image push'],
	usage: `Usage: dockyard push [OPTIONS] NAME[:TAG]

Upload an image from the store to a registry

Options:
  -q, --quiet   Suppress verbose output`,
	options: {quiet: {type: 'boolean', short: 'q'}},
	arity: [1, 1],
	plan: planPush,
	async run({args, flags, backend, out, explain}) {
		const printer = pullProgressPrinter(out, Boolean(flags['quiet']));
		const result = await need(backend(), 'push', 'dockyard push')(args[0]!, {onProgress: printer.onProgress});
		printer.finish(result.lines);
		explain(result.teach);
	},
};
