/**
 * Go's text/tabwriter as docker's CLI uses it for every table (minimum width
 * 10, padding 3, padded with spaces, widths measured as a terminal shows
 * them): elastic tabstops, where a tab ends a cell, the text after a line's
 * last tab is not a cell and is never padded, and a column lines up only
 * over the run of adjacent lines that have a cell in it. So a tab inside a
 * comment makes one more column on its own line, as docker prints it.
 */
import {displayWidth} from './display-width.js';

export type TabwriterOptions = {minWidth?: number; padding?: number};

/** A line's cells and their widths, side by side (one array each, not an object a cell: a listing has tens of thousands). */
type Line = {cells: string[]; widths: number[]};

/** Blanks to pad with, cut to length: faster than building each run anew. */
let blanks = ' '.repeat(256);
function pad(count: number): string {
	if (count <= 0) {
		return '';
	}

	if (count > blanks.length) {
		blanks = ' '.repeat(count);
	}

	return blanks.slice(0, count);
}

/** Lays out text whose lines hold tab-terminated cells; returns the lines, without their newline. */
export function tabwrite(text: string, options: TabwriterOptions = {}): string[] {
	const minWidth = options.minWidth ?? 10;
	const padding = options.padding ?? 3;
	const lines: Line[] = text.split('\n').map(line => {
		const cells = line.split('\t');
		return {cells, widths: cells.map(cell => displayWidth(cell))};
	});
	const output: string[] = [];
	const widths: number[] = [];

	const writeLines = (from: number, to: number) => {
		for (let index = from; index < to; index++) {
			const {cells, widths: cellWidths} = lines[index]!;
			let written = '';
			for (let column = 0; column < cells.length; column++) {
				written += column < widths.length ? cells[column]! + pad(widths[column]! - cellWidths[column]!) : cells[column]!;
			}

			output.push(written);
		}
	};

	// The column blocks, as Go's format(): recursive over the columns, a block being the adjacent lines with a cell in this column.
	const format = (first: number, last: number) => {
		const column = widths.length;
		let start = first;
		for (let index = first; index < last; index++) {
			if (column >= lines[index]!.cells.length - 1) {
				continue;
			}

			writeLines(start, index);
			start = index;
			let width = minWidth;
			for (; index < last && column < lines[index]!.cells.length - 1; index++) {
				width = Math.max(width, lines[index]!.widths[column]! + padding);
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
