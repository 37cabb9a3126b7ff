import type {Action} from '../keymap.js';
import {listMove, movedInHistory} from '../state/moves.js';
import type {Context, PaneController} from './context.js';

/** History's keys: its two tabs, and a layer's command or files. */
export function historyController(context: Context): PaneController {
	const {update, derived} = context;
	return (action: Action) => {
		const step = listMove(action);
		if (step) {
			// The layer is held with the image it belongs to: another image's History starts at its top.
			update(s => movedInHistory(s, derived(), context.cursors(), step));
			return true;
		}

		switch (action) {
			case 'switchTab': {
				update(s => ({...s, history: {...s.history, tab: s.history.tab === 'layers' ? 'journal' : 'layers'}}));
				return true;
			}

			case 'layerFiles': {
				// From the journal too: the layers come back, showing their files.
				update(s => ({...s, history: {...s.history, tab: 'layers', files: s.history.tab === 'layers' ? !s.history.files : true}}));
				return true;
			}

			default: {
				return false;
			}
		}
	};
}
