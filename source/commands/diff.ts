import {need} from '../core/backend/backend.js';
import {changeLine} from '../core/analysis/container-changes.js';
import {teach} from '../core/teach.js';
import type {Command} from './command.js';

export const diff: Command = {
	name: 'diff',
	aliases: ['container diff'],
	usage: `Usage: dockyard diff CONTAINER

Inspect changes to files or directories on a container's filesystem
(A: added, C: changed, D: deleted)`,
	arity: [1, 1],
	async run({args, backend, out, explain}) {
		for (const change of await need(backend(), 'containerChanges', 'dockyard diff')(args[0]!)) {
			out(changeLine(change));
		}

		explain(teach({kind: 'diff', container: args[0]!}));
	},
};
