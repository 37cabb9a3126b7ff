import {need} from '../core/backend/backend.js';
import {canonicalString, parseReference, withDefaultTag} from '../core/reference.js';
import type {Command} from './command.js';
import {pullProgressPrinter} from './progress.js';
import {applyTlsVerify, referenceDomain, tlsVerifyOption, tlsVerifyUsage} from './tls-verify-flag.js';
import {planPush} from './plans.js';

export const push: Command = {
	name: 'push',
	aliases: ['image push'],
	usage: `Usage: dockyard push [OPTIONS] NAME[:TAG]

Upload an image from the store to a registry

Options:
  -q, --quiet             Suppress verbose output
${tlsVerifyUsage}`,
	options: {quiet: {type: 'boolean', short: 'q'}, ...tlsVerifyOption},
	arity: [1, 1],
	plan: planPush,
	async run({args, flags, backend, out, explain}) {
		applyTlsVerify(flags, referenceDomain(args[0]));
		const quiet = Boolean(flags['quiet']);
		const printer = pullProgressPrinter(out, quiet);
		const result = await need(backend(), 'push', 'dockyard push')(args[0]!, {onProgress: printer.onProgress});
		if (quiet) {
			// As docker push -q: the full name pushed, and nothing else.
			out(canonicalString(withDefaultTag(parseReference(result.reference))));
		} else {
			printer.finish(result.lines);
		}

		explain(result.teach);
	},
};
