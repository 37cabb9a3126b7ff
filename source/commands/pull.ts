import {UsageError} from '../core/errors.js';
import type {Command} from './command.js';
import {pullProgressPrinter} from './progress.js';
import {planPull} from './plans.js';

export const pull: Command = {
	name: 'pull',
	aliases: ['image pull'],
	usage: `Usage: dockyard pull [OPTIONS] NAME[:TAG|@DIGEST]

Download an image from the offline catalog or a registry

Options:
      --platform string   os/arch[/variant] to pull from a multi-platform image
      --concurrency n     Layers downloaded at once (default: the setting, 4)
  -q, --quiet             Print only the image reference`,
	options: {
		platform: {type: 'string'},
		concurrency: {type: 'string'},
		quiet: {type: 'boolean', short: 'q'},
	},
	arity: [1, 1],
	async plan(context) {
		return planPull(context, typeof context.flags['platform'] === 'string' ? parsePlatform(context.flags['platform']) : undefined);
	},
	async run({args, flags, backend, out, explain}) {
		const printer = pullProgressPrinter(out, Boolean(flags['quiet']));
		const platform = typeof flags['platform'] === 'string' ? parsePlatform(flags['platform']) : undefined;
		const concurrency = flags['concurrency'] === undefined ? undefined : Number(flags['concurrency']);
		if (concurrency !== undefined && (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64)) {
			throw new UsageError(`invalid --concurrency ${String(flags['concurrency'])}: a whole number from 1 to 64`);
		}

		const result = await backend().pull(args[0]!, {onProgress: printer.onProgress, platform, concurrency});
		printer.finish(result.lines);
		explain(result.teach);
	},
};

function parsePlatform(text: string): {os: string; architecture: string; variant?: string} {
	const [os = '', architecture = '', variant, ...rest] = text.split('/');
	if (!os || !architecture || rest.length > 0) {
		throw new UsageError(`invalid platform ${text}: use os/arch[/variant], e.g. linux/amd64`);
	}

	return variant ? {os, architecture, variant} : {os, architecture};
}
