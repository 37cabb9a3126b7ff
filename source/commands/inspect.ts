import {teach} from '../core/teach.js';
import type {Command} from './command.js';

export const inspect: Command = {
	name: 'inspect',
	aliases: ['image inspect'],
	summary: 'Display detailed information on one or more images (JSON)',
	usage: 'Usage: dockyard inspect IMAGE [IMAGE...]',
	arity: [1, Number.POSITIVE_INFINITY],
	async run({args, backend, out, explain}) {
		const opened = backend();
		const view = await opened.snapshot();
		const documents = [];
		for (const target of args) {
			const image = view.image(target);
			// eslint-disable-next-line no-await-in-loop
			documents.push(await opened.inspect(image.id, view));
			explain(teach({kind: 'inspect', target, psName: image.title}));
		}

		out(JSON.stringify(documents, undefined, 4));
	},
};
