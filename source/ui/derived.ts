import type {SearchResult} from '../core/hub/hub.js';
import type {HistoryRow, JournalEntry} from '../core/backend/model.js';
import type {Snapshot, SnapshotContainer} from '../core/backend/snapshot.js';
import type {ImageRow} from './image-rows.js';
import {clamp, followKey} from './list.js';
import type {UiState} from './state.js';

/**
 * What the panes show this render, with the cursors resolved against it.
 * The key handler acts on this (kept in a ref), so a key always applies to
 * what is on the screen.
 */
export type Derived = {
	view?: Snapshot;
	imageRows: ImageRow[];
	imagesTotal: number;
	containers: SnapshotContainer[];
	hubResults: SearchResult[];
	/** Tags of the highlighted hub result, when known. */
	hubTags?: string[];
	hubTagIndex: number;
	historyRows?: HistoryRow[];
	journal: JournalEntry[];
	/** Rows a page moves in the focused list. */
	page: number;
	/** Help lines in view: help scrolls no further than its last line at the bottom. */
	helpRoom: number;
};

/** The tag Enter pulls: the one chosen with ←/→, else `latest` when there is one, else the first. */
export function defaultTagIndex(tags: string[] | undefined, chosen: number): number {
	if (!tags || tags.length === 0) {
		return 0;
	}

	if (chosen >= 0) {
		return Math.min(chosen, tags.length - 1);
	}

	const latest = tags.indexOf('latest');
	return latest >= 0 ? latest : 0;
}

export type Cursors = {images: number; containers: number; hub: number; history: number; journal: number};

/**
 * Where each list's cursor is, from the live state and the rows on screen.
 * The key handler calls this too: a second key that arrives before the
 * redraw moves on from where the first one left the cursor.
 */
export function resolveCursors(state: UiState, derived: Derived): Cursors {
	return {
		images: followKey(derived.imageRows, state.images.key, state.images.cursor),
		containers: followKey(derived.containers.map(container => ({key: container.id})), state.containers.key, state.containers.cursor),
		hub: clamp(state.hub.cursor, 0, derived.hubResults.length - 1),
		history: clamp(state.history.cursor, 0, (derived.historyRows?.length ?? 1) - 1),
		journal: clamp(state.history.journalCursor, 0, derived.journal.length - 1),
	};
}
