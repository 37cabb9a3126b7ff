import {errorMessage} from '../../core/errors.js';
import {writeJournalFile} from '../journal-file.js';
import type {Action} from '../keymap.js';
import {initialState, panes} from '../state.js';
import type {Context, PaneController} from './context.js';

const paneKeys: Action[] = ['paneImages', 'paneHub', 'paneHistory', 'paneContainers'];

/** Keys that mean the same everywhere: panes, help, the lesson, the palette, the backend switch, the journal, quit. */
export function globalController(context: Context): PaneController {
	const {update} = context;
	const goTo = (index: number) => {
		update(s => ({...s, pane: panes[(index + panes.length) % panes.length]!}));
	};

	/** Onto the other backend: its own list from the top, no dialog, the view choices kept. */
	const switchBackend = (flip: () => void) => {
		const running = context.state().hub.pull;
		if (running && !running.done) {
			context.set({last: {ok: false, summary: `A pull of ${running.reference} is running (x cancels it)`}});
			return;
		}

		update(s => {
			const fresh = initialState(s.pane);
			return {
				...fresh,
				images: {...fresh.images, powershell: s.images.powershell, sort: s.images.sort},
				hub: {...fresh.hub, query: s.hub.query, hubVersion: (s.hub.hubVersion ?? 0) + 1},
			};
		});
		flip();
	};

	/** J: the journal as a Markdown handout in a file; a message says where (or, in one line, why not). */
	const writeJournal = () => {
		void context.backend.snapshot().then(snapshot => {
			const file = writeJournalFile(snapshot.journal);
			context.dialog({kind: 'message', title: 'Journal written', tone: 'good', lines: [`${snapshot.journal.length} entries, as Markdown (dockyard journal):`, file]});
		}).catch((error: unknown) => {
			context.dialog({kind: 'message', title: 'The journal was not written', tone: 'bad', lines: [errorMessage(error)]});
		});
	};

	return (action: Action) => {
		const state = context.state();
		switch (action) {
			case 'quit': {
				state.hub.pull?.abort.abort();
				context.exit();
				return true;
			}

			case 'help': {
				context.dialog({kind: 'help', top: context.helpStart?.(state.pane) ?? 0});
				return true;
			}

			case 'lesson':
			case 'lessonNext': {
				context.lesson?.[action === 'lesson' ? 'toggle' : 'next']();
				return true;
			}

			case 'nextPane':
			case 'previousPane': {
				goTo(panes.indexOf(state.pane) + (action === 'nextPane' ? 1 : -1));
				return true;
			}

			case 'paneImages':
			case 'paneHub':
			case 'paneHistory':
			case 'paneContainers': {
				goTo(paneKeys.indexOf(action));
				return true;
			}

			case 'switchBackend': {
				if (context.switchBackend) {
					switchBackend(context.switchBackend);
				}

				return true;
			}

			case 'writeJournal': {
				writeJournal();
				return true;
			}

			case 'palette': {
				context.dialog({kind: 'palette', query: '', cursor: 0});
				return true;
			}

			default: {
				return false;
			}
		}
	};
}
