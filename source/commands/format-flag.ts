import type {GoStruct} from '../present/go-template.js';
import {renderFormat} from '../present/docker-format.js';
import type {Flags} from './command.js';

/** `--format STRING`, as docker's listing verbs take it. */
export const formatOption = {format: {type: 'string'}} as const;

export const formatUsage = '      --format string   Format output using a custom template: \'table\', \'table TEMPLATE\', \'json\', or a Go template (see the readme for the subset)';

/** The `--format` given, or the verb's default table when there is none or it is the bare word `table`. */
export function chosenFormat(flags: Flags, defaultTable: string): string {
	const format = flags['format'];
	return typeof format === 'string' && format !== '' && format !== 'table' ? format : defaultTable;
}

export function printFormatted(out: (line?: string) => void, format: string, rows: GoStruct[], headers: Record<string, string>): void {
	for (const line of renderFormat(format, rows, headers)) {
		out(line);
	}
}
