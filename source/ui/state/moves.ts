import type {Cursors, Derived} from '../derived.js';
import type {Action} from '../keymap.js';
import {moveCursor, type Move} from '../list.js';
import type {UiState} from '../state.js';

const moves: Partial<Record<Action, Move>> = {up: 'up', down: 'down', pageUp: 'pageUp', pageDown: 'pageDown', first: 'first', last: 'last'};

/** The list move an action is, if it is one (↑/↓, PgUp/PgDn, g/G). */
export function listMove(action: Action): Move | undefined {
	return moves[action];
}

/*
 * A move lands on a row, and the state keeps that row's identity beside the
 * place: the image row's key, the container's id, the hub result's name, the
 * layer with its image's id.
 */

export function movedInImages(state: UiState, derived: Derived, cursors: Cursors, step: Move): UiState {
	const cursor = moveCursor(cursors.images, step, derived.imageRows.length, derived.page);
	return {...state, images: {...state.images, cursor, key: derived.imageRows[cursor]?.key}};
}

export function movedInContainers(state: UiState, derived: Derived, cursors: Cursors, step: Move): UiState {
	const cursor = moveCursor(cursors.containers, step, derived.containers.length, derived.page);
	return {...state, containers: {cursor, key: derived.containers[cursor]?.id}};
}

/** Another result: the tag chosen with ←/→ was that result's, so it goes back to the default. */
export function movedInHub(state: UiState, derived: Derived, cursors: Cursors, step: Move): UiState {
	const cursor = moveCursor(cursors.hub, step, derived.hubResults.length, derived.page);
	const key = derived.hubResults[cursor]?.name;
	return {...state, hub: {...state.hub, cursor, key, tagIndex: key === state.hub.key ? state.hub.tagIndex : -1}};
}

export function movedInHistory(state: UiState, derived: Derived, cursors: Cursors, step: Move): UiState {
	if (state.history.tab === 'layers') {
		const cursor = moveCursor(cursors.history, step, derived.historyRows?.length ?? 0, derived.page);
		return {...state, history: {...state.history, cursor, image: derived.historyImage}};
	}

	const journalCursor = moveCursor(cursors.journal, step, derived.journal.length, derived.page);
	return {...state, history: {...state.history, journalCursor}};
}
