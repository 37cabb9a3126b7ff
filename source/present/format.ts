import prettyBytes from 'pretty-bytes';
import {printable} from '../core/text.js';

/** docker's sizes: three significant digits, decimal units, no space (44.9MB, 0B). */
export function humanSize(bytes: number): string {
	return prettyBytes(bytes, {space: false});
}

/** go-units' HumanDuration, as in docker's CREATED column ("About a minute", "2 weeks"). */
export function humanDuration(milliseconds: number): string {
	const seconds = Math.floor(milliseconds / 1000);
	const minutes = Math.floor(seconds / 60);
	const hours = Math.floor(milliseconds / 3_600_000 + 0.5);
	if (seconds < 1) {
		return 'Less than a second';
	}

	if (seconds === 1) {
		return '1 second';
	}

	if (seconds < 60) {
		return `${seconds} seconds`;
	}

	if (minutes === 1) {
		return 'About a minute';
	}

	if (minutes < 60) {
		return `${minutes} minutes`;
	}

	if (hours === 1) {
		return 'About an hour';
	}

	if (hours < 48) {
		return `${hours} hours`;
	}

	if (hours < 24 * 7 * 2) {
		return `${Math.floor(hours / 24)} days`;
	}

	if (hours < 24 * 30 * 2) {
		return `${Math.floor(hours / 24 / 7)} weeks`;
	}

	if (hours < 24 * 365 * 2) {
		return `${Math.floor(hours / 24 / 30)} months`;
	}

	return `${Math.floor(hours / 24 / 365)} years`;
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
