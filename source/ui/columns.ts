import {clean, fit} from './text.js';

export type Column = {
	header: string;
	/** A fixed width, in cells. */
	width?: number;
	/** A share of what the fixed columns leave. */
	flex?: number;
	/** Fewest cells a flexible column gets. */
	min?: number;
	align?: 'left' | 'right';
};

const gap = 1;

/**
 * Widths for a table `total` cells wide: fixed columns first, the rest shared
 * out by flex. When even that does not fit, flexible columns shrink to their
 * minimum and the row is cut at the edge rather than wrapped.
 */
export function layoutColumns(columns: Column[], total: number): number[] {
	const fixed = columns.reduce((sum, column) => sum + (column.width ?? 0), 0) + (gap * (columns.length - 1));
	const flexTotal = columns.reduce((sum, column) => sum + (column.flex ?? 0), 0);
	const spare = Math.max(0, total - fixed);
	const widths = columns.map(column => column.width ?? Math.max(column.min ?? 1, Math.floor(spare * (column.flex ?? 0) / (flexTotal || 1))));
	// Rounding leaves a few cells: give them to the first flexible column.
	const used = widths.reduce((sum, width) => sum + width, 0) + (gap * (columns.length - 1));
	const first = columns.findIndex(column => column.flex);
	if (first >= 0 && used < total) {
		widths[first]! += total - used;
	}

	return widths;
}

/**
 * One table line: each cell fitted to its column, cut to `total`. Cells may
 * come from a hub (labels, history steps): drawn without escape sequences.
 */
export function formatRow(cells: string[], columns: Column[], widths: number[]): string {
	return cells.map((cell, index) => fit(clean(cell), widths[index] ?? 0, columns[index]?.align)).join(' '.repeat(gap));
}
