import type {TreeRow} from './layer-tree.js';
import {osImages} from '../core/hub/catalog.js';
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
	/** Whether a Local images row (by key) is in the store, filtered out or not. */
	knownRow: (key: string) => boolean;
	imagesTotal: number;
	containers: SnapshotContainer[];
	/** The results of the query now in the box: none while that query has not been answered. */
	hubResults: SearchResult[];
	/** The query in the box has not been answered yet: list keys wait for its results (state/type-ahead.ts). */
	hubPending: boolean;
	/** Tags of the highlighted hub result, when known. */
	hubTags?: string[];
	hubTagIndex: number;
	/** The registry browsed (`HOST/` in the box), and the repository whose tags are listed. */
	hubBrowsing?: {domain: string; repository?: string};
	historyRows?: HistoryRow[];
	/** The image whose layers historyRows are. */
	historyImage?: string;
	/** The files tree while History shows it (`key`: image id @ step), its rows as drawn. */
	layerTree?: {key: string; rows: TreeRow[]; more: number};
	journal: JournalEntry[];
	/** Rows a page moves in the focused list. */
	page: number;
	/** Help lines in view: help scrolls no further than its last line at the bottom. */
	helpRoom: number;
	/** Help's lines as drawn at this width. */
	helpLength: number;
	/** The terminal's columns. */
	width: number;
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
		hub: followKey(derived.hubResults.map(result => ({key: result.name})), state.hub.key, state.hub.cursor),
		// A layer is one of an image's: shown for another image, History starts at the top.
		history: state.history.image === derived.historyImage ? clamp(state.history.cursor, 0, (derived.historyRows?.length ?? 1) - 1) : 0,
		journal: clamp(state.history.journalCursor, 0, derived.journal.length - 1),
	};
}

/** Base OS images already in the store, as `repository:version`. */
export function installedOsImages(derived: Derived): Set<string> {
	const tags = new Set(derived.view?.images.flatMap(image => image.tags) ?? []);
	return new Set(osImages().map(entry => `${entry.repository}:${entry.version}`).filter(key => tags.has(key)));
}
