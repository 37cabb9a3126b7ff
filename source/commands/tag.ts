import {teach} from '../core/teach.js';
import type {Command} from './command.js';
import {planTag, planUntag} from './plans.js';

export const tag: Command = {
	name: 'tag',
	aliases: ['image tag'],
	usage: 'Usage: dockyard tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]',
	arity: [2, 2],
	plan: planTag,
	async run({args, backend, explain}) {
		await backend().tag(args[0]!, args[1]!);
		explain(teach({kind: 'tag', source: args[0]!, target: args[1]!}));
	},
};

export const untag: Command = {
	name: 'untag',
	aliases: ['image untag'],
	usage: 'Usage: dockyard untag IMAGE[:TAG] [IMAGE[:TAG]...]',
	arity: [1, Number.POSITIVE_INFINITY],
	plan: planUntag,
	async run({args, backend, out, explain}) {
		for (const reference of args) {
			// eslint-disable-next-line no-await-in-loop
			out(`Untagged: ${await backend().untag(reference)}`);
			explain(teach({kind: 'untag', reference}));
		}
	},
};
