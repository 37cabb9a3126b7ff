/**
 * docker's `--format` as its formatter runs it: `table …` lays the rows out
 * with the tabwriter under a header made by running the same template over
 * the column names, `json` is `{{json .}}` one object a line, anything else
 * is the template run once a row. The default tables are formats too, so a
 * listing and its `--format table …` are the same code.
 */
import {GoTemplate, TemplateError, type GoStruct} from './go-template.js';
import {tabwrite} from './tabwriter.js';

export class FormatError extends Error {}

/** Values are printed with their controls escaped but their tabs kept: a tab is a column to the tabwriter, as in docker. */
// eslint-disable-next-line no-control-regex
const controls = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F]/;
const escapeValue = (text: string) => controls.test(text) ? text.replaceAll(new RegExp(controls, 'g'), character => `\\u${character.codePointAt(0)!.toString(16).padStart(4, '0')}`) : text;

// docker's header functions give the column name back (a header is never split, joined or cased).
const headerFunctions = {
	json: (value: unknown) => value,
	split: (value: unknown) => value,
	join: (value: unknown) => value,
	title: (value: unknown) => value,
	lower: (value: unknown) => value,
	upper: (value: unknown) => value,
	truncate: (value: unknown) => value,
};

export type Formatted = {table: boolean; template: GoTemplate};

/** Parses a `--format` value as docker does (`table` prefix, `json`, `\t` and `\n` as typed); a bad one is docker's `template parsing error`. */
export function parseFormat(format: string): Formatted {
	const table = format.startsWith('table');
	let text = format === 'json' ? '{{json .}}' : table ? format.slice('table'.length) : format;
	text = text.replace(/^ +| +$/g, '').replaceAll('\\t', '\t').replaceAll('\\n', '\n');
	try {
		return {table, template: new GoTemplate(text)};
	} catch (error) {
		throw error instanceof TemplateError ? new FormatError(`template parsing error: ${error.message}`) : error;
	}
}

/** The lines a format prints for these rows (no trailing newline in any). */
export function renderFormat(format: string | Formatted, rows: GoStruct[], headers: Record<string, string>): string[] {
	const {table, template} = typeof format === 'string' ? parseFormat(format) : format;
	let body = '';
	const run = template.runner({escape: escapeValue});
	for (const row of rows) {
		try {
			body += run(row) + '\n';
		} catch (error) {
			throw error instanceof TemplateError ? new FormatError(`template parsing error: ${error.message}`) : error;
		}
	}

	if (!table) {
		return body === '' ? [] : body.slice(0, -1).split('\n');
	}

	let header = '';
	try {
		header = template.execute(headers, {functions: headerFunctions});
	} catch {
		// docker ignores a header the template cannot make; what it made before the error stands, as with Go's partial output.
	}

	// Go writes the header, a newline, then each row with its newline: the text after the last one is empty.
	return tabwrite(header + '\n' + body).slice(0, -1);
}
