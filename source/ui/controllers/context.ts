import {ConflictError, errorMessage} from '../../core/errors.js';
import type {Backend} from '../../core/backend/backend.js';
import type {SendToEngine} from '../../core/backend/backend-pair.js';
import {asRefused, teach as teachAction, type Action as TeachAction, type Equivalents} from '../../core/teach.js';
import {resolveCursors, type Cursors, type Derived} from '../derived.js';
import type {Action, Served} from '../keymap.js';
import type {Dialog, Outcome, UiState} from '../state.js';

export type ControllerDeps = {
	backend: Backend;
	state: () => UiState;
	update: (change: (state: UiState) => UiState) => void;
	derived: () => Derived;
	/** Re-reads the store now (the watch would, a little later). */
	refresh: () => void;
	exit: () => void;
	/** The help line where a pane's own keys begin: help opens there. */
	helpStart?: (pane: UiState['pane']) => number;
	/** Flips the app between the store and the engine, when both are there. */
	switchBackend?: () => void;
	/** Store images into the engine, when this backend is the store and an engine is configured. */
	send?: SendToEngine;
	/** The lesson panel's keys (use-lesson.ts): show or hide it, move on a step. */
	lesson?: {toggle: () => void; next: () => void};
	/** What the backend serves: the command palette offers only those actions. */
	served?: Served;
	/** Copies the command the teaching lines show (y). */
	copyCommand?: () => void;
};

/** One pane's (or the dialogs') key handler: true when it took the action. */
export type PaneController = (action: Action, input?: string) => boolean;

/**
 * What every controller shares: the live state and what is on screen, and
 * the few ways of changing it (a dialog, a prompt, a core call with its
 * outcome on the teaching line). No pane's actions live here.
 */
export type Context = ControllerDeps & {
	teach: (action: TeachAction) => Equivalents;
	set: (change: Partial<UiState>) => void;
	dialog: (next: Dialog | undefined) => void;
	cursors: () => Cursors;
	run: (busy: string, work: () => Promise<Outcome>, after?: () => void, tried?: Equivalents) => Promise<void>;
	prompt: (title: string, label: string, value: string, submit: (value: string) => string | void, preview?: Extract<Dialog, {kind: 'prompt'}>['preview']) => void;
	/** Every controller's way back to the router (the palette and the mouse run actions as keys). */
	dispatch: (action: Action, input?: string) => void;
};

export function makeContext(deps: ControllerDeps, dispatch: Context['dispatch']): Context {
	const {backend, update} = deps;
	const set = (change: Partial<UiState>) => {
		update(state => ({...state, ...change}));
	};

	const dialog = (next: Dialog | undefined) => {
		set({dialog: next});
	};

	/** Runs a core operation with a busy note; its outcome lands on the teaching line, a refusal or error in a dialog. */
	const run: Context['run'] = async (busy, work, after, tried) => {
		set({busy});
		try {
			const outcome = await work();
			set({busy: undefined, last: {...outcome, fresh: true}});
			after?.();
		} catch (error) {
			const refused = error instanceof ConflictError;
			// The commands of what was tried stay on the teaching line, marked refused or failed, never "did".
			set({
				busy: undefined,
				last: {
					ok: false,
					outcome: refused ? 'refused' : 'error',
					summary: errorMessage(error),
					...(refused && error.details[0] ? {rule: error.details[0]} : {}),
					...(tried ? {equivalents: refused ? asRefused(tried) : tried, fresh: true} : {}),
				},
				dialog: {kind: 'message', title: refused ? 'Refused — nothing was changed' : 'Error', tone: 'bad', lines: [errorMessage(error), ...(refused ? error.details : [])]},
			});
		} finally {
			deps.refresh();
		}
	};

	return {
		...deps,
		teach: action => teachAction(action, backend.teaching),
		set,
		dialog,
		cursors: () => resolveCursors(deps.state(), deps.derived()),
		run,
		// A prompt whose `submit` may answer with an error: the prompt then stays open, the error under the text.
		prompt(title, label, value, submit, preview) {
			dialog({kind: 'prompt', title, label, value, submit, ...(preview ? {preview} : {})});
		},
		dispatch,
	};
}
