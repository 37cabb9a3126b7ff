import {findOsImage} from '../../core/hub/catalog.js';
import {switchHub} from '../hub-switch.js';
import type {Action} from '../keymap.js';
import {listMove, movedInHub} from '../state/moves.js';
import {mustWait, replayed, typedAhead, waitsForResults} from '../state/type-ahead.js';
import {withHubQuery} from '../state/text-boxes.js';
import type {Context, PaneController} from './context.js';
import {installOs, startPull} from './pulls.js';

/** The Hub's keys, its search box's included. */
export function hubController(context: Context): PaneController {
	const {backend, update, derived} = context;

	/** Browsing a repository's tags: back to the registry's repositories, the cursor where it was. */
	const browseUp = (): boolean => {
		const {browse} = context.state().hub;
		if (!derived().hubBrowsing?.repository || !browse) {
			return false;
		}

		update(s => ({...s, hub: {...s.hub, browse: undefined, cursor: browse.back.cursor, key: browse.back.key, ahead: undefined}}));
		return true;
	};

	const pullHighlighted = () => {
		const now = derived();
		const result = now.hubResults[context.cursors().hub];
		if (!result) {
			return;
		}

		const browsing = now.hubBrowsing;
		if (browsing && !browsing.repository) {
			// A registry's repository: Enter lists its tags (the row is HOST/repository).
			const repository = result.name.slice(browsing.domain.length + 1);
			update(s => ({...s, hub: {...s.hub, browse: {query: s.hub.query, repository, back: {cursor: context.cursors().hub, key: result.name}}, cursor: 0, key: undefined, ahead: undefined}}));
			return;
		}

		if (browsing) {
			// A repository's tag: the row is the reference itself.
			const reference = result.name;
			void startPull(context, reference, async (onProgress, signal) => backend.pull(reference, {onProgress, signal}), context.teach({kind: 'pull', reference}));
			return;
		}

		const tag = now.hubTags?.[now.hubTagIndex] ?? 'latest';
		// Base OS images are installed as Install-ContainerImage does: latest unless a version is chosen.
		const osImage = backend.capabilities.osImages ? findOsImage(result.name, tag === 'latest' ? undefined : tag) : undefined;
		if (osImage) {
			installOs(context, osImage.name, tag === 'latest' ? undefined : osImage.version);
			return;
		}

		const reference = `${result.name}:${tag}`;
		void startPull(context, reference, async (onProgress, signal) => backend.pull(reference, {onProgress, signal}), context.teach({kind: 'pull', reference}));
	};

	return (action: Action, input?: string) => {
		const state = context.state();
		// A key typed before what it acts on is drawn (this query's results; for a pull or ←/→, the highlighted
		// result's tags) is kept, and so is any key after it, in order: state/type-ahead.ts hands each back in turn.
		const keptBefore = input !== replayed && state.hub.ahead?.query === state.hub.query && waitsForResults(action);
		if (!state.hub.editing && (mustWait(action, derived()) || keptBefore)) {
			// Typed before this query's results are drawn: done on them once they are, never on an older list
			// (and after any key typed ahead before it, in order).
			update(s => typedAhead(s, action));
			return true;
		}

		const step = listMove(action);
		if (step) {
			update(s => movedInHub(s, derived(), context.cursors(), step));
			return true;
		}

		switch (action) {
			case 'typeSearch': {
				// The Hub's typing rule (hub-typing.ts): the key typed is the new query's first.
				update(s => withHubQuery(s, input ?? '', true));
				return true;
			}

			case 'search': {
				// A fresh query each time: the old one is replaced, not added to.
				update(s => withHubQuery(s, '', true));
				return true;
			}

			case 'accept': {
				update(s => ({...s, hub: {...s.hub, editing: false}}));
				return true;
			}

			case 'clear': {
				if (!browseUp()) {
					update(s => withHubQuery(s, '', false));
				}

				return true;
			}

			case 'browseUp': {
				browseUp();
				return true;
			}

			case 'pull': {
				pullHighlighted();
				return true;
			}

			case 'previousTag':
			case 'nextTag': {
				const now = derived();
				const count = now.hubTags?.length ?? 0;
				if (count > 0) {
					const tagIndex = (now.hubTagIndex + (action === 'nextTag' ? 1 : -1) + count) % count;
					update(s => ({...s, hub: {...s.hub, tagIndex}}));
				}

				return true;
			}

			case 'installOs': {
				context.dialog({kind: 'install', cursor: 0});
				return true;
			}

			case 'cancelPull': {
				state.hub.pull?.abort.abort();
				return true;
			}

			case 'switchHub': {
				const settings = backend.capabilities.settings;
				if (settings) {
					void context.run('switching hub', async () => {
						const {label, command} = switchHub(settings);
						update(s => ({...s, hub: {...s.hub, cursor: 0, key: undefined, tagIndex: -1, ahead: undefined, hubVersion: (s.hub.hubVersion ?? 0) + 1}}));
						return {ok: true, summary: `Hub: ${label} (${command})`};
					});
				}

				return true;
			}

			default: {
				return false;
			}
		}
	};
}
