import type {Action, Served} from './keymap.js';
import {moveCursor} from './list.js';
import {entryPane, filterPalette, paletteEntries} from './palette.js';
import type {Dialog, UiState} from './state.js';

type PaletteDialog = Extract<Dialog, {kind: 'palette'}>;

/**
 * A key in the open palette: ↑/↓ move, Esc closes, Enter closes it and runs
 * the highlighted action through `dispatch` — the controller's own path for
 * a key — after going to the pane the action belongs to.
 */
export function paletteAction(current: PaletteDialog, action: Action, deps: {served?: Served; update: (change: (state: UiState) => UiState) => void; dispatch: (action: Action) => void}): void {
	const shown = filterPalette(paletteEntries(deps.served), current.query);
	switch (action) {
		case 'up':
		case 'down': {
			const cursor = moveCursor(current.cursor, action, shown.length, 1);
			deps.update(s => ({...s, dialog: {...current, cursor}}));
			break;
		}

		case 'accept': {
			const entry = shown[Math.min(current.cursor, shown.length - 1)];
			deps.update(s => ({...s, dialog: undefined}));
			if (entry) {
				const pane = entryPane(entry.binding);
				if (pane) {
					deps.update(s => ({...s, pane}));
				}

				deps.dispatch(entry.binding.action);
			}

			break;
		}

		case 'close': {
			deps.update(s => ({...s, dialog: undefined}));
			break;
		}

		default: {
			break;
		}
	}
}
