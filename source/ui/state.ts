import type {SearchResult} from '../core/hub/hub.js';
import type {Refusal} from '../core/backend/removal.js';
import type {JournalOutcome, LayerStatus} from '../core/backend/model.js';
import type {Equivalents} from '../core/teach.js';
import type {SortKey} from './image-rows.js';
import type {Action, Pane, Scope} from './keymap.js';

export const panes: Pane[] = ['images', 'hub', 'history', 'containers'];

export const paneTitles: Record<Pane, string> = {
	images: 'Local images',
	hub: 'Hub',
	history: 'History',
	containers: 'Containers',
};

export type Dialog =
	| {kind: 'help'; top: number}
	/** `replan`: a removal's targets, planned again when the store changes while it is open. */
	| {kind: 'confirm'; title: string; lines: string[]; equivalents: Equivalents; run: () => Promise<void>; question?: string; replan?: {targets: string[]; force: boolean}}
	| {kind: 'refusal'; title: string; refusals: Refusal[]}
	/** `more`: where the whole text is, when it is longer than the dialog. */
	| {kind: 'message'; title: string; lines: string[]; tone: 'bad' | 'good'; more?: string}
	/** `preview`: the command being built from the text typed so far, for the teaching line (from core/teach). */
	| {kind: 'prompt'; title: string; label: string; value: string; submit: (value: string) => string | void; error?: string; preview?: (value: string) => {label: string; equivalents: Equivalents}}
	| {kind: 'install'; cursor: number}
	| {kind: 'palette'; query: string; cursor: number};

export type LayerProgress = {id: string; status: LayerStatus; current?: number; total?: number};

export type PullState = {
	reference: string;
	/** A push shows the same per-layer view (Local images), with its own words. */
	verb?: 'push';
	layers: LayerProgress[];
	/** docker's status lines: `Using default tag`, `Digest:`, `Status:`. */
	messages: string[];
	done: boolean;
	failed?: string;
	/** Stopped with x: said as cancelled, not as failed. */
	cancelled?: boolean;
	abort: AbortController;
};

/** The outcome of the last action: what happened and the commands that would have done it. */
export type Outcome = {
	ok: boolean;
	summary: string;
	equivalents?: Equivalents;
	/** Done, refused by a rule, or failed; absent: done when ok. */
	outcome?: JournalOutcome;
	/** The rule that refused it, in plain words. */
	rule?: string;
	/** The user said no (or x): nothing was done and nothing went wrong, so neither ✔ nor ✘. */
	cancelled?: boolean;
	/** Just happened: the teaching lines show its commands until the next key. */
	fresh?: boolean;
};

/**
 * A repository opened in the registry browser (`HOST/` in the box): for the
 * query it was opened in only, and where the cursor was among the
 * repositories, to go back to.
 */
export type HubBrowse = {query: string; repository: string; back: {cursor: number; key?: string}};

export type UiState = {
	pane: Pane;
	dialog?: Dialog;
	images: {cursor: number; key?: string; filter: string; editing: boolean; sort: SortKey; marks: Map<string, string>; powershell: boolean; push?: PullState; outdated?: Set<string>; tree?: boolean};
	/** `key`, in Local images and Containers: the highlighted row's identity (image id and reference; container id); `cursor` only its place. */
	containers: {cursor: number; key?: string};
	/**
	 * `files`: the detail under the layers lists the highlighted layer's files, not its command.
	 * `cursor` is a layer of the image `image` (its id): another image's History starts at its top.
	 */
	history: {tab: 'layers' | 'journal'; cursor: number; image?: string; journalCursor: number; files?: boolean; tree?: LayerTreeState};
	/**
	 * `key`: the highlighted result's name (`cursor` only where it was, if it is gone).
	 * `ahead`: list keys typed before the results of `query` were drawn, done on those results when they come.
	 * `hubVersion` counts hub switches (H): the Hub pane asks the newly chosen hub.
	 */
	hub: {query: string; editing: boolean; cursor: number; key?: string; tagIndex: number; pull?: PullState; hubVersion?: number; ahead?: {query: string; actions: Action[]}; browse?: HubBrowse};
	last?: Outcome;
	busy?: string;
};

/**
 * The files tree of one layer (`key`: image id @ history step): another
 * layer starts unfolded, unfiltered, on its first page, at its top.
 */
export type LayerTreeState = {key: string; cursor: number; folded: string[]; changedOnly: boolean; page: number};

export function initialState(pane: Pane = 'images'): UiState {
	return {
		pane,
		images: {cursor: 0, filter: '', editing: false, sort: 'created', marks: new Map(), powershell: false},
		containers: {cursor: 0},
		history: {tab: 'layers', cursor: 0, journalCursor: 0},
		hub: {query: '', editing: false, cursor: 0, tagIndex: -1},
	};
}

/** Who gets a key, in order: an open dialog alone; a text box alone; else the pane, its list, then global keys. */
export function scopesFor(state: UiState): Scope[] {
	if (state.dialog) {
		return [state.dialog.kind];
	}

	if (state.pane === 'images' && state.images.editing) {
		return ['filter'];
	}

	if (state.pane === 'hub' && state.hub.editing) {
		return ['search'];
	}

	return [state.pane, 'list', 'global'];
}

export type {SearchResult};
