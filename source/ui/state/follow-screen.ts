import {useEffect, useLayoutEffect} from 'react';
import type {Snapshot} from '../../core/backend/snapshot.js';
import {resolveCursors, type Derived} from '../derived.js';
import type {Action} from '../keymap.js';
import type {UiState} from '../state.js';
import {pinSelections} from './selection.js';
import {nextTypedAhead, replayed} from './type-ahead.js';

type Deps = {
	stateRef: {readonly current: UiState};
	update: (change: (state: UiState) => UiState) => void;
	derivedRef: {readonly current: Derived};
	handle: (action: Action, input?: string) => void;
	/** A new read of the store is drawn: an open removal confirmation is planned again on it. */
	storeChanged: () => void;
	view: Snapshot | undefined;
};

/**
 * After each frame, the state catches up with what the screen shows:
 * - what is highlighted is held by its identity (state/selection.ts), so rows
 *   added above it later do not move the highlight;
 * - the image History showed, removed by another command, is said so;
 * - keys typed ahead for the Hub's query run once its results (and, for a
 *   pull, the highlighted result's tags) are drawn;
 * - an open removal confirmation is planned again when the store changed.
 */
export function useStateFollowsScreen({stateRef, update, derivedRef, handle, storeChanged, view}: Deps): void {
	useLayoutEffect(() => {
		const state = stateRef.current;
		const derived = derivedRef.current;
		const pinned = pinSelections(state, derived, resolveCursors(state, derived));
		if (pinned === state) {
			return;
		}

		const lost = state.images.key !== undefined && !derived.knownRow(state.images.key)
			? removedElsewhere(state, derived, pinned.images.key)
			: undefined;
		update(() => lost ? {...pinned, last: {ok: false, summary: lost}} : pinned);
	});

	// After every frame: the next key typed ahead whose results (and tags) are drawn now, one a frame.
	useEffect(() => {
		const next = nextTypedAhead(stateRef.current, derivedRef.current);
		if (next) {
			update(() => next.state);
			if (next.action) {
				handle(next.action, replayed);
			}
		}
	});

	useEffect(() => {
		storeChanged();
	}, [view]);
}

/** What History says when the image it showed was removed by another command: never a silent switch to another image. */
function removedElsewhere(state: UiState, derived: Derived, now: string | undefined): string | undefined {
	if (state.pane !== 'history' || state.busy !== undefined || state.last?.fresh) {
		// Not on screen, or the app's own action (its outcome says what it removed).
		return undefined;
	}

	const was = state.images.key!.split(' ').slice(1).join(' ') || state.images.key!.slice(7, 19);
	const shown = derived.imageRows.find(row => row.key === now)?.name;
	return `${was} is no longer in the store (removed by another command)${shown ? `: History shows ${shown} now` : ''}`;
}
