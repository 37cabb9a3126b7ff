import type {Action, Pane} from './keymap.js';
import {makeContext, type ControllerDeps, type PaneController} from './controllers/context.js';
import {containersController} from './controllers/containers.js';
import {dialogsController} from './controllers/dialogs.js';
import {globalController} from './controllers/global.js';
import {historyController} from './controllers/history.js';
import {hubController} from './controllers/hub.js';
import {imagesController} from './controllers/images.js';

export type {ControllerDeps} from './controllers/context.js';

/**
 * The key router: an action goes to the open dialog alone, else to the
 * focused pane's controller (controllers/<pane>.ts), else to the global one.
 * Every rule lives in the core; the controllers only ask it, show its answer,
 * and say what the equivalent commands are (core/teach).
 */
export function createController(deps: ControllerDeps): (action: Action, input?: string) => void {
	const handle = (action: Action, input?: string): void => {
		if (action === 'copyCommand') {
			// Before the teaching lines go back to the highlighted row: what is on screen is copied.
			deps.copyCommand?.();
			return;
		}

		if (deps.state().last?.fresh) {
			// Any key after an action: the teaching lines go back to what is highlighted.
			deps.update(s => ({...s, last: {...s.last!, fresh: false}}));
		}

		const state = deps.state();
		// Ctrl-C reaches here as quit whatever has the keys: a dialog or a prompt does not hold it.
		if (state.dialog && action !== 'quit') {
			dialogs(state.dialog, action);
			return;
		}

		if (!paneControllers[state.pane](action, input)) {
			global(action);
		}
	};

	const context = makeContext(deps, handle);
	const paneControllers: Record<Pane, PaneController> = {
		images: imagesController(context),
		hub: hubController(context),
		history: historyController(context),
		containers: containersController(context),
	};
	const dialogs = dialogsController(context);
	const global = globalController(context);
	return handle;
}
