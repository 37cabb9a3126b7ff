import {printable} from '../core/text.js';
import {goHumanDuration, goHumanSize} from '../core/go-units.js';

/** docker's sizes: go-units' HumanSizeWithPrecision(size, 3), decimal units, no space (44.9MB, 0B, 1e+03kB). */
export function humanSize(bytes: number): string {
	return goHumanSize(bytes);
}

/** go-units' HumanDuration, as in docker's CREATED column ("About a minute", "2 weeks"). */
export function humanDuration(milliseconds: number): string {
	return goHumanDuration(milliseconds);
}

export function ago(iso: string, now = Date.now()): string {
	const time = Date.parse(iso);
	return Number.isNaN(time) ? '' : `${humanDuration(Math.max(0, now - time))} ago`;
}

/**
 * docker's Ellipsis: cut to `width` characters (counted on the text as it is
 * printed), the last ones being the mark: "..." as the seed's docker search
 * printed it, "…" (one character) as docker 28's history and ps print it.
 */
export function ellipsis(text: string, width: number, mark: '...' | '…' = '...'): string {
	const characters = [...printable(text)];
	return characters.length <= width ? text : characters.slice(0, width - mark.length).join('') + mark;
}

/**
 * A table as docker's tabwriter lays it out (minimum cell width 10, padding 3):
 * the same columns line up when put beside `docker images`.
 */
export function table(headers: string[], rows: string[][], options: {minWidth?: number; padding?: number} = {}): string[] {
	const minWidth = options.minWidth ?? 10;
	const padding = options.padding ?? 3;
	// A cell is one line of printable text, measured as it will be printed, so that a newline in a message cannot draw a row.
	const printed = rows.map(row => row.map(cell => printable(cell)));
	const widths = headers.map((header, column) => Math.max(minWidth, ...[header, ...printed.map(row => row[column] ?? '')].map(cell => [...cell].length + padding)));
	// Not trimmed: docker's tabwriter pads every cell but the last, so an empty last column leaves the padding before it.
	const render = (cells: string[]) => cells.map((cell, column) => column === cells.length - 1 ? cell : cell.padEnd(widths[column]!)).join('');
	return [render(headers), ...printed.map(row => render(row))];
}

/** PowerShell's Format-Table: header, a dashed rule under each header, one space between columns. */
export function powershellTable(headers: string[], rows: string[][]): string[] {
	const printed = rows.map(row => row.map(cell => printable(cell)));
	const widths = headers.map((header, column) => Math.max(header.length, ...printed.map(row => (row[column] ?? '').length)));
	const render = (cells: string[]) => cells.map((cell, column) => column === cells.length - 1 ? cell : cell.padEnd(widths[column]!)).join(' ').trimEnd();
	return [render(headers), render(headers.map(header => '-'.repeat(header.length))), ...printed.map(row => render(row))];
}
