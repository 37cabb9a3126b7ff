import type {Derived} from '../derived.js';
import type {Action} from '../keymap.js';
import type {UiState} from '../state.js';

/** Keys of the Hub's list that act on its results: typed before the results of their query are drawn, they wait for them. */
const onResults = new Set<Action>(['up', 'down', 'pageUp', 'pageDown', 'first', 'last', 'pull', 'previousTag', 'nextTag']);
/** Keys that act on the highlighted result's tags: they wait for those too. */
const onTags = new Set<Action>(['pull', 'previousTag', 'nextTag']);

/** What a key typed ahead is handed back with, so that it is done, not kept again. */
export const replayed = '\u0000typed-ahead';

export function waitsForResults(action: Action): boolean {
	return onResults.has(action);
}

/** Whether `action` would act on something not drawn yet: this query's results, or the highlighted result's tags. */
export function mustWait(action: Action, derived: Derived): boolean {
	return waitsForResults(action) && (derived.hubPending || (onTags.has(action) && derived.hubResults.length > 0 && derived.hubTags === undefined));
}

/** The action kept until what it acts on is drawn, after any kept before it (keys keep their order). */
export function typedAhead(state: UiState, action: Action): UiState {
	const ahead = state.hub.ahead?.query === state.hub.query ? state.hub.ahead.actions : [];
	return {...state, hub: {...state.hub, ahead: {query: state.hub.query, actions: [...ahead, action]}}};
}

/**
 * The next key typed ahead, once what it acts on is on screen, and the state
 * without it: one key a frame, so each acts on what the one before left
 * drawn. Keys typed for an older query are dropped (the state moved on).
 */
export function nextTypedAhead(state: UiState, derived: Derived): {state: UiState; action?: Action} | undefined {
	const ahead = state.hub.ahead;
	if (!ahead) {
		return undefined;
	}

	if (ahead.query !== state.hub.query || ahead.actions.length === 0) {
		return {state: {...state, hub: {...state.hub, ahead: undefined}}};
	}

	const [action, ...rest] = ahead.actions;
	if (mustWait(action!, derived)) {
		return undefined;
	}

	return {state: {...state, hub: {...state.hub, ahead: rest.length > 0 ? {query: ahead.query, actions: rest} : undefined}}, action};
}
