import {createContext, type RefObject} from 'react';
import type {DOMElement} from 'ink';
import type {Pane} from './keymap.js';

/**
 * Where things were drawn, for the mouse: each pane's box and the list inside
 * it, with the row at its top. Boxes are kept as refs and measured only when
 * a click comes (Ink's measureElement needs a finished layout).
 */
export type DrawnList = {box: RefObject<DOMElement | null>; top: number; cursor: number; count: number};

export type Geometry = {
	panes: Map<Pane, RefObject<DOMElement | null>>;
	lists: Map<Pane, DrawnList>;
};

export function emptyGeometry(): Geometry {
	return {panes: new Map(), lists: new Map()};
}

/** The app's record of what it drew; absent (a pane rendered alone in a test), nothing is recorded. */
export const GeometryContext = createContext<Geometry | undefined>(undefined);

/** Which pane the components below belong to, so a list knows whose rows it draws. */
export const SlotContext = createContext<Pane | undefined>(undefined);
