import type {UiState} from '../state.js';

/**
 * What typing in each text box changes. A new filter or query starts its
 * list from the top, with nothing chosen yet: the first row it shows is the
 * highlight (and is pinned by identity once drawn, state/selection.ts).
 */
export function withImageFilter(state: UiState, filter: string): UiState {
	return state.images.filter === filter ? state : {...state, images: {...state.images, filter, cursor: 0, key: undefined}};
}

/** A new query: no result chosen yet, and keys typed ahead for the old one dropped. */
export function withHubQuery(state: UiState, query: string, editing = state.hub.editing): UiState {
	return {...state, hub: {...state.hub, editing, query, cursor: 0, key: undefined, tagIndex: -1, ahead: undefined, browse: undefined}};
}

export function withPromptValue(state: UiState, value: string): UiState {
	return state.dialog?.kind === 'prompt' ? {...state, dialog: {...state.dialog, value}} : state;
}

export function withPaletteQuery(state: UiState, query: string): UiState {
	return state.dialog?.kind === 'palette' ? {...state, dialog: {...state.dialog, query, cursor: 0}} : state;
}
