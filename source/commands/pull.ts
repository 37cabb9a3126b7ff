import {UsageError} from '../core/errors.js';
import {currentPlatform} from '../core/hub/registry/platform.js';
import {parsePlatform} from '../core/platform.js';
import type {Command} from './command.js';
import {pullProgressPrinter} from './progress.js';
import {applyTlsVerify, referenceDomain, tlsVerifyOption, tlsVerifyUsage} from './tls-verify-flag.js';
import {planPull} from './plans.js';

export const pull: Command = {
	name: 'pull',
	aliases: ['image pull'],
	usage: `Usage: dockyard pull [OPTIONS] NAME[:TAG|@DIGEST]

Download an image from the offline catalog or a registry

Options:
      --platform string   os/arch[/variant] to pull from a multi-platform image
                          (aliases as docker's: arm64, linux/aarch64, x86_64)
      --concurrency n     Layers downloaded at once (default: the setting, 4)
  -q, --quiet             Print only the image reference
${tlsVerifyUsage}`,
	options: {
		platform: {type: 'string'},
		concurrency: {type: 'string'},
		quiet: {type: 'boolean', short: 'q'},
		...tlsVerifyOption,
	},
	arity: [1, 1],
	async plan(context) {
		return planPull(context, typeof context.flags['platform'] === 'string' ? parsePlatform(context.flags['platform']) : undefined);
	},
	async run({args, flags, backend, out, explain}) {
		applyTlsVerify(flags, referenceDomain(args[0]));
		const printer = pullProgressPrinter(out, Boolean(flags['quiet']));
		const platform = typeof flags['platform'] === 'string' ? parsePlatform(flags['platform'], currentPlatform()) : undefined;
		const concurrency = flags['concurrency'] === undefined ? undefined : Number(flags['concurrency']);
		if (concurrency !== undefined && (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64)) {
			throw new UsageError(`invalid --concurrency ${String(flags['concurrency'])}: a whole number from 1 to 64`);
		}

		const result = await backend().pull(args[0]!, {onProgress: printer.onProgress, platform, concurrency});
		printer.finish(result.lines);
		explain(result.teach);
	},
};
