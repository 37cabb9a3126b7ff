/**
 * Cursor movement and scrolling for a list, as pure functions: a list draws
 * only the rows from `top` to `top + height`, so ten thousand rows cost no
 * more to draw than twenty.
 */
export type Move = 'up' | 'down' | 'pageUp' | 'pageDown' | 'first' | 'last';

export function moveCursor(cursor: number, move: Move, count: number, page: number): number {
	if (count === 0) {
		return 0;
	}

	const step = Math.max(1, page);
	const next = {
		up: cursor - 1,
		down: cursor + 1,
		pageUp: cursor - step,
		pageDown: cursor + step,
		first: 0,
		last: count - 1,
	}[move];
	return clamp(next, 0, count - 1);
}

/**
 * The first visible row: unchanged while the cursor stays in view, else the
 * least scroll that brings it back (so the view does not jump about).
 */
export function scrollTop(previousTop: number, cursor: number, height: number, count: number): number {
	if (height <= 0 || count <= height) {
		return 0;
	}

	let top = previousTop;
	if (cursor < top) {
		top = cursor;
	} else if (cursor >= top + height) {
		top = cursor - height + 1;
	}

	return clamp(top, 0, count - height);
}

export function clamp(value: number, low: number, high: number): number {
	return Math.min(Math.max(value, low), Math.max(low, high));
}

/**
 * Where the cursor goes after the rows change under it (a filter, a sort, a
 * change from another terminal): to the same row when it is still there,
 * else to the same position.
 */
export function followKey<T extends {key: string}>(rows: T[], key: string | undefined, fallback: number): number {
	if (key !== undefined) {
		const index = rows.findIndex(row => row.key === key);
		if (index >= 0) {
			return index;
		}
	}

	return clamp(fallback, 0, rows.length - 1);
}
