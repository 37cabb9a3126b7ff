/**
 * Go's text/tabwriter as docker's CLI uses it for every table (minimum width
 * 10, padding 3, padded with spaces, widths measured as a terminal shows
 * them): elastic tabstops, where a tab ends a cell, the text after a line's
 * last tab is not a cell and is never padded, and a column lines up only
 * over the run of adjacent lines that have a cell in it. So a tab inside a
 * comment makes one more column on its own line, as docker prints it.
 */
import stringWidth from 'string-width';

export type TabwriterOptions = {minWidth?: number; padding?: number};

type Cell = {text: string; width: number};

/** Lays out text whose lines hold tab-terminated cells; returns the lines, without their newline. */
export function tabwrite(text: string, options: TabwriterOptions = {}): string[] {
	const minWidth = options.minWidth ?? 10;
	const padding = options.padding ?? 3;
	const lines: Cell[][] = text.split('\n').map(line => line.split('\t').map(cell => ({text: cell, width: stringWidth(cell)})));
	const output: string[] = [];
	const widths: number[] = [];

	const writeLines = (from: number, to: number) => {
		for (let index = from; index < to; index++) {
			const line = lines[index]!;
			output.push(line.map((cell, column) => column < widths.length ? cell.text + ' '.repeat(Math.max(0, widths[column]! - cell.width)) : cell.text).join(''));
		}
	};

	// The column blocks, as Go's format(): recursive over the columns, a block being the adjacent lines with a cell in this column.
	const format = (first: number, last: number) => {
		const column = widths.length;
		let start = first;
		for (let index = first; index < last; index++) {
			if (column >= lines[index]!.length - 1) {
				continue;
			}

			writeLines(start, index);
			start = index;
			let width = minWidth;
			for (; index < last && column < lines[index]!.length - 1; index++) {
				width = Math.max(width, lines[index]![column]!.width + padding);
			}

			widths.push(width);
			format(start, index);
			widths.pop();
			start = index;
			// The outer loop's increment would skip the line that ended this block.
			index--;
		}

		writeLines(start, last);
	};

	format(0, lines.length);
	return output;
}
