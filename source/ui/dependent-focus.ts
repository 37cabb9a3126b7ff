import type {Refusal} from '../core/backend/removal.js';
import type {Dependent} from '../core/backend/snapshot.js';
import type {Derived} from './derived.js';
import type {UiState} from './state.js';

/** The dependent a refusal's `o` goes to: the first one named. */
export function firstDependent(refusals: Refusal[]): Dependent | undefined {
	return refusals.flatMap(refusal => refusal.dependents)[0];
}

/** The refusal closed and `dependent` highlighted in its own pane: a container in Containers, a child image in Local images. */
export function focusDependent(state: UiState, derived: Derived, dependent: Dependent): UiState {
	if (dependent.kind === 'container') {
		const cursor = Math.max(0, derived.containers.findIndex(container => container.id === dependent.id));
		return {...state, dialog: undefined, pane: 'containers', containers: {cursor, key: dependent.id}};
	}

	// The filter could hide it: cleared, and the cursor follows the row's key once the rows are drawn again.
	const row = derived.imageRows.find(candidate => candidate.image.id === dependent.id);
	const key = row?.key ?? `${dependent.id} ${dependent.tags[0] ?? '<none>:<none>'}`;
	return {...state, dialog: undefined, pane: 'images', images: {...state.images, filter: row ? state.images.filter : '', editing: false, key, cursor: row ? derived.imageRows.indexOf(row) : 0}};
}
