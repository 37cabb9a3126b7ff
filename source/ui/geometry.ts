import {createContext, type RefObject} from 'react';
import type {DOMElement} from 'ink';
import type {Pane} from './keymap.js';
import type {PlacedSlot} from './layout.js';

/**
 * Where things were drawn, for the mouse: the panes where layout.ts placed
 * them (the arrangement the body is drawn from), and the list inside each,
 * with the row at its top. A list's box is kept as a ref and measured only
 * when a click comes (Ink's measureElement needs a finished layout). Both are
 * written afresh at each frame: only what is on screen now is hit.
 */
export type DrawnList = {box: RefObject<DOMElement | null>; top: number; cursor: number; count: number};

export type Geometry = {
	slots: PlacedSlot[];
	lists: Map<Pane, DrawnList>;
};

export function emptyGeometry(): Geometry {
	return {slots: [], lists: new Map()};
}

/** The app's record of what it drew; absent (a pane rendered alone in a test), nothing is recorded. */
export const GeometryContext = createContext<Geometry | undefined>(undefined);

/** Which pane the components below belong to, so a list knows whose rows it draws. */
export const SlotContext = createContext<Pane | undefined>(undefined);
