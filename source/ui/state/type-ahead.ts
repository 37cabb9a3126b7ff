import type {Action} from '../keymap.js';
import type {UiState} from '../state.js';

/** Keys of the Hub's list that act on its results: typed before the results of their query are drawn, they wait for them. */
const onResults = new Set<Action>(['up', 'down', 'pageUp', 'pageDown', 'first', 'last', 'pull', 'previousTag', 'nextTag']);

export function waitsForResults(action: Action): boolean {
	return onResults.has(action);
}

/** The action kept until the results of the query now in the box arrive. */
export function typedAhead(state: UiState, action: Action): UiState {
	const ahead = state.hub.ahead?.query === state.hub.query ? state.hub.ahead.actions : [];
	return {...state, hub: {...state.hub, ahead: {query: state.hub.query, actions: [...ahead, action]}}};
}

/**
 * The keys typed ahead for `query`, taken out of the state once its results
 * are there; keys typed for an older query are dropped (the state moved on).
 */
export function takeTypedAhead(state: UiState, answered: string): {state: UiState; actions: Action[]} {
	const ahead = state.hub.ahead;
	if (!ahead) {
		return {state, actions: []};
	}

	const actions = ahead.query === answered && state.hub.query === answered ? ahead.actions : [];
	if (actions.length === 0 && ahead.query === state.hub.query) {
		// Still waiting for this query's answer.
		return {state, actions: []};
	}

	return {state: {...state, hub: {...state.hub, ahead: undefined}}, actions};
}
