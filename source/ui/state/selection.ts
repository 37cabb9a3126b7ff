import type {Derived} from '../derived.js';
import type {UiState} from '../state.js';

/**
 * Selections are identities, never row numbers: Local images' row key (image
 * id and reference), a container's id, a hub result's name. A row number is
 * kept beside each only as the place to fall back to when the row is gone.
 */
export function withImageSelected(state: UiState, key: string): UiState {
	return state.images.key === key ? state : {...state, images: {...state.images, key}};
}

/**
 * The identities of what is highlighted on screen now, written into the
 * state: a list that was never moved (the top row at start, the first match
 * of a filter) holds its row by identity too, so rows added above it later
 * (a tag, a commit, another terminal's pull) do not move the highlight.
 * Returns the same state when nothing changes.
 */
export function pinSelections(state: UiState, derived: Derived, cursors: {images: number; containers: number; hub: number}): UiState {
	if (!derived.view) {
		// Nothing read yet (an engine not answering): nothing to hold on to, nothing lost.
		return state;
	}

	let next = state;
	const image = derived.imageRows[cursors.images]?.key;
	// A key whose row left the store (not one the filter hides) gives way to the row shown in its place.
	const gone = state.images.key !== undefined && !derived.knownRow(state.images.key);
	if ((image !== undefined && state.images.key === undefined) || (gone && image !== state.images.key)) {
		next = {...next, images: {...next.images, key: image}};
	}

	const container = derived.containers[cursors.containers]?.id;
	if (container !== undefined && state.containers.key === undefined) {
		next = {...next, containers: {...next.containers, key: container}};
	}

	const result = derived.hubResults[cursors.hub]?.name;
	if (result !== undefined && state.hub.key === undefined) {
		next = {...next, hub: {...next.hub, key: result}};
	}

	return next;
}
