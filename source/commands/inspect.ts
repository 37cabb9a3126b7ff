import {teach} from '../core/teach.js';
import {inspectForTemplate} from '../present/inspect-format.js';
import {GoTemplate, TemplateError} from '../present/go-template.js';
import type {Command} from './command.js';

export const inspect: Command = {
	name: 'inspect',
	aliases: ['image inspect'],
	usage: `Usage: dockyard inspect [OPTIONS] IMAGE [IMAGE...]

Options:
  -f, --format string   Format output using a Go template ({{.Id}}, {{json .Config}}, {{index .RepoTags 0}}; see the readme)`,
	options: {format: {type: 'string', short: 'f'}},
	arity: [1, Number.POSITIVE_INFINITY],
	async run({args, flags, backend, out, explain}) {
		const format = typeof flags['format'] === 'string' && flags['format'] !== '' ? flags['format'] : undefined;
		let template: GoTemplate | undefined;
		try {
			template = format === undefined ? undefined : new GoTemplate(format === 'json' ? '{{json .}}' : format.replaceAll('\\t', '\t').replaceAll('\\n', '\n'));
		} catch (error) {
			throw error instanceof TemplateError ? new Error(`template parsing error: ${error.message}`) : error;
		}

		const opened = backend();
		const view = await opened.snapshot();
		const documents = [];
		for (const target of args) {
			const image = view.image(target);
			// eslint-disable-next-line no-await-in-loop
			documents.push(await opened.inspect(image.id, view));
			explain(teach({kind: 'inspect', target, psName: image.title}));
		}

		if (template) {
			// docker runs the template once an object, each followed by a newline; its values escaped, its own text kept.
			for (const document of documents) {
				let text: string;
				try {
					text = template.execute(inspectForTemplate(document), {missingKey: 'error'});
				} catch (error) {
					throw error instanceof TemplateError ? new Error(`template parsing error: ${error.message}`) : error;
				}

				out(text);
			}
		} else {
			out(JSON.stringify(documents, undefined, 4));
		}
	},
};
