import {osImages} from '../core/hub/catalog.js';
import {teach, type Equivalents, type TeachContext} from '../core/teach.js';
import type {UiState} from './state.js';

/**
 * The teaching line of what stands in front of the pane: an open dialog or
 * the search box. Undefined when nothing does, and the pane's highlighted
 * row speaks (teachingNow in app.tsx).
 */
export function teachingInFront(state: UiState, context: TeachContext): {label: string; equivalents: Equivalents} | undefined {
	const dialog = state.dialog;
	if (dialog?.kind === 'install') {
		// Find-ContainerImage's list: the row Enter would install.
		const entry = osImages()[dialog.cursor];
		return entry
			? {label: 'Enter installs', equivalents: teach({kind: 'os-install', name: entry.name, version: entry.version, repository: entry.repository}, context)}
			: undefined;
	}

	if (dialog?.kind === 'prompt' && dialog.preview) {
		// The command being built, as it is typed (a tag, a commit's name, a path).
		return dialog.preview(dialog.value);
	}

	if (dialog?.kind === 'confirm') {
		// What y would do: the marked set, not the row under the cursor.
		return {label: 'y does', equivalents: dialog.equivalents};
	}

	if (!dialog && state.pane === 'hub' && state.hub.editing) {
		// The results as they are typed are a search, the empty box the default `*` one.
		return {label: 'search', equivalents: teach({kind: 'search', term: state.hub.query.trim() || '*'}, context)};
	}

	return undefined;
}
