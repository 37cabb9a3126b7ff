import type {Pane} from './keymap.js';

/**
 * Which arrangement of panes the terminal has room for, as a pure function
 * of its size and the focused pane (so it is tested without Ink).
 *
 * - `single`: one pane at a time behind 1–4, as on an 80x24 terminal.
 * - `wide`: Local images on the left, and on the right the History of its
 *   highlighted row — or the Hub or Containers while one of those has focus.
 * - `tall`: the same two panes one above the other, on a narrow but tall terminal.
 */
export type LayoutKind = 'single' | 'wide' | 'tall';

/** One pane's place in the body: its outer size, and whether it has the keys. */
export type Slot = {pane: Pane; width: number; height: number; focused: boolean};

export type Layout = {kind: LayoutKind; slots: Slot[]};

/** From this many columns the two panes stand side by side (each keeps docker's columns). */
export const wideColumns = 120;
/** From this many body rows a narrower terminal stacks the two panes. */
export const tallBodyRows = 40;
/** Below this the body is too short to split at all. */
const minimumSplitRows = 12;

export function layoutKind(columns: number, bodyRows: number): LayoutKind {
	if (bodyRows < minimumSplitRows) {
		return 'single';
	}

	if (columns >= wideColumns) {
		return 'wide';
	}

	return bodyRows >= tallBodyRows ? 'tall' : 'single';
}

/** The pane beside Local images: the focused one, unless that is Local images itself, then History. */
export function companionPane(focused: Pane): Pane {
	return focused === 'images' ? 'history' : focused;
}

/**
 * The slots of the body (`columns` wide, `bodyRows` high) for a focused pane.
 * In a split, Local images gets a little over half the width (its columns are
 * the widest), the companion the rest; stacked, the rows are shared evenly.
 */
export function arrange(columns: number, bodyRows: number, focused: Pane): Layout {
	const kind = layoutKind(columns, bodyRows);
	if (kind === 'single') {
		return {kind, slots: [{pane: focused, width: columns, height: bodyRows, focused: true}]};
	}

	const companion = companionPane(focused);
	if (kind === 'wide') {
		const left = Math.floor(columns * 0.52);
		return {
			kind,
			slots: [
				{pane: 'images', width: left, height: bodyRows, focused: focused === 'images'},
				{pane: companion, width: columns - left, height: bodyRows, focused: focused === companion},
			],
		};
	}

	const top = Math.floor(bodyRows / 2);
	return {
		kind,
		slots: [
			{pane: 'images', width: columns, height: top, focused: focused === 'images'},
			{pane: companion, width: columns, height: bodyRows - top, focused: focused === companion},
		],
	};
}

/** A slot where it is drawn on the screen: columns from the left, rows from the top. */
export type PlacedSlot = Slot & {x: number; y: number};

/**
 * The slots at their places, for a body whose first row is `top`: the same
 * arrangement PaneArrangement draws, so the mouse finds the pane that is
 * drawn under it (one pane alone, side by side, or stacked).
 */
export function placeSlots(layout: Layout, top: number): PlacedSlot[] {
	let x = 0;
	let y = top;
	return layout.slots.map(slot => {
		const placed = {...slot, x, y};
		if (layout.kind === 'wide') {
			x += slot.width;
		} else {
			y += slot.height;
		}

		return placed;
	});
}

/** The pane drawn at (x, y), if any. */
export function paneAt(slots: PlacedSlot[], x: number, y: number): Pane | undefined {
	return slots.find(slot => x >= slot.x && x < slot.x + slot.width && y >= slot.y && y < slot.y + slot.height)?.pane;
}
