import {need} from '../core/backend/backend.js';
import {compareImages} from '../core/analysis/compare-images.js';
import {comparisonLines} from '../present/comparison.js';
import {teach} from '../core/teach.js';
import type {Command} from './command.js';

export const compare: Command = {
	name: 'compare',
	usage: `Usage: dockyard compare [OPTIONS] IMAGE_A IMAGE_B

Compare two images: the layers they share, the config fields that differ
(Env, Cmd, Entrypoint, Labels, WorkingDir, ExposedPorts, User), and the files
B adds (A), removes (D) and changes (C) in the final file system of A

Options:
      --json   Print JSON`,
	arity: [2, 2],
	async run({args, flags, backend, out, explain}) {
		const read = need(backend(), 'imageLayers', 'dockyard compare');
		const comparison = await compareImages(await read(args[0]!), await read(args[1]!));
		if (flags['json']) {
			out(JSON.stringify(comparison, undefined, 2));
			return;
		}

		for (const line of comparisonLines(comparison, {a: args[0]!, b: args[1]!})) {
			out(line);
		}

		explain(teach({kind: 'compare', a: args[0]!, b: args[1]!}));
	},
};
