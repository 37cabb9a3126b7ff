import {measureElement} from 'ink';
import type {DrawnList, Geometry} from './geometry.js';
import {paneAt} from './layout.js';
import type {Action, Pane} from './keymap.js';
import type {MouseEvent} from './mouse.js';
import {panes, paneTitles, scopesFor, type UiState} from './state.js';

const paneActions: Record<Pane, Action> = {images: 'paneImages', hub: 'paneHub', history: 'paneHistory', containers: 'paneContainers'};

/** The tab under column `x` of the tab bar, laid out as chrome.tsx's TabBar draws it. */
export function tabAt(x: number): Pane | undefined {
	let left = 'dockyard '.length;
	for (const [index, pane] of panes.entries()) {
		const width = ` ${index + 1} ${paneTitles[pane]} `.length;
		if (x >= left && x < left + width) {
			return pane;
		}

		left += width + 1;
	}

	return undefined;
}

type Deps = {
	geometry: Geometry;
	state: () => UiState;
	/** The controller's action dispatch: the mouse does what keys would. */
	dispatch: (action: Action) => void;
	/** As if this key (a keymap token) were pressed: a double click is Enter. */
	press: (token: string) => void;
};

function inside(ref: DrawnList['box'], x: number, y: number) {
	const node = ref.current;
	if (!node) {
		return undefined;
	}

	const box = measureElement(node);
	return x >= box.x && x < box.x + box.width && y >= box.y && y < box.y + box.height ? box : undefined;
}


/**
 * A click focuses the pane under it and moves that list's cursor to the row
 * clicked; a double click then does the row's Enter; the wheel moves the
 * cursor of the list under the pointer. Each becomes the actions its keys
 * are (1–4, ↑/↓, Enter), so the rules stay the controller's. With a dialog
 * or a text box open the wheel moves its list and clicks do nothing.
 */
export function mouseAction(event: MouseEvent, clicks: 1 | 2, deps: Deps): void {
	const state = deps.state();
	const [scope] = scopesFor(state);
	if (state.dialog || scope === 'filter' || scope === 'search') {
		if (event.kind === 'wheel' && state.dialog) {
			deps.dispatch(event.direction);
		}

		return;
	}

	if (event.kind === 'release' || (event.kind === 'press' && event.button !== 'left')) {
		return;
	}

	if (event.y === 0 && event.kind === 'press') {
		const tab = tabAt(event.x);
		if (tab) {
			deps.dispatch(paneActions[tab]);
		}

		return;
	}

	// The pane under the pointer as the layout placed it: the same arrangement the body was drawn from.
	const pane = paneAt(deps.geometry.slots, event.x, event.y);
	if (!pane) {
		return;
	}

	if (pane !== state.pane) {
		deps.dispatch(paneActions[pane]);
	}

	if (event.kind === 'wheel') {
		deps.dispatch(event.direction);
		return;
	}

	const list = deps.geometry.lists.get(pane);
	const box = list ? inside(list.box, event.x, event.y) : undefined;
	if (!list || !box) {
		return;
	}

	const index = list.top + (event.y - box.y);
	if (index >= list.count) {
		return;
	}

	const delta = index - list.cursor;
	// While History shows a layer's files the list keys move in their tree: a click on a layer moves the layers.
	const layers = pane === 'history' && state.history.tab === 'layers' && state.history.files;
	for (let step = 0; step < Math.abs(delta); step++) {
		deps.dispatch(layers ? (delta > 0 ? 'nextLayer' : 'previousLayer') : (delta > 0 ? 'down' : 'up'));
	}

	if (clicks === 2) {
		deps.press('enter');
	}
}
