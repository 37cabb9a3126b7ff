import {osImages} from '../../core/hub/catalog.js';
import {firstDependent, focusDependent} from '../dependent-focus.js';
import type {Action} from '../keymap.js';
import {moveCursor} from '../list.js';
import {paletteAction} from '../palette-action.js';
import type {Dialog} from '../state.js';
import type {Context} from './context.js';
import {installOs} from './pulls.js';

/** Keys while a dialog is open: it alone has them (Ctrl-C, quit, is the router's). */
export function dialogsController(context: Context): (current: Dialog, action: Action) => void {
	const {update, derived} = context;
	return (current, action) => {
		switch (current.kind) {
			case 'help': {
				if (action === 'close') {
					context.dialog(undefined);
				} else {
					// No further than the last line at the bottom, so ↑ at the end moves at once.
					const room = derived().helpRoom;
					const length = derived().helpLength;
					const step = {up: -1, down: 1, pageUp: -room, pageDown: room, first: -length, last: length}[action as 'up'];
					if (step !== undefined) {
						context.dialog({...current, top: Math.max(0, Math.min(length - room, current.top + step))});
					}
				}

				break;
			}

			case 'confirm': {
				if (action === 'yes') {
					context.dialog(undefined);
					void current.run();
				} else if (action === 'no') {
					context.set({dialog: undefined, last: {ok: true, cancelled: true, summary: 'Cancelled: nothing was changed'}});
				}

				break;
			}

			case 'prompt': {
				if (action === 'accept') {
					context.dialog(undefined);
					const problem = current.submit(current.value);
					if (typeof problem === 'string') {
						context.dialog({...current, error: problem});
					}
				} else if (action === 'close') {
					context.dialog(undefined);
				}

				break;
			}

			case 'install': {
				const entries = osImages();
				if (action === 'up' || action === 'down') {
					context.dialog({...current, cursor: moveCursor(current.cursor, action, entries.length, 1)});
				} else if (action === 'accept') {
					const entry = entries[current.cursor];
					context.dialog(undefined);
					if (entry) {
						update(s => ({...s, pane: 'hub'}));
						installOs(context, entry.name, entry.version);
					}
				} else if (action === 'close') {
					context.dialog(undefined);
				}

				break;
			}

			case 'refusal':
			case 'message': {
				const dependent = current.kind === 'refusal' && action === 'openDependent' ? firstDependent(current.refusals) : undefined;
				if (dependent) {
					update(s => focusDependent(s, derived(), dependent));
				} else if (action === 'close') {
					context.dialog(undefined);
				}

				break;
			}

			case 'palette': {
				paletteAction(current, action, {served: context.served, update, dispatch: context.dispatch});
				break;
			}
		}
	};
}
