import type {Action} from '../keymap.js';
import {moveCursor} from '../list.js';
import {listMove, movedInHistory} from '../state/moves.js';
import type {LayerTreeState, UiState} from '../state.js';
import type {Context, PaneController} from './context.js';

/** The tree's state for the layer shown: what is kept, if it is that layer's, or a fresh start. */
export function treeStateFor(state: UiState, key: string): LayerTreeState {
	const tree = state.history.tree;
	return tree?.key === key ? tree : {key, cursor: 0, folded: [], changedOnly: false, page: 0};
}

/** History's keys: its two tabs, and a layer's command or its files as a tree (the list keys then move in the tree). */
export function historyController(context: Context): PaneController {
	const {update, derived} = context;
	const changeTree = (change: (tree: LayerTreeState) => LayerTreeState) => {
		const shown = derived().layerTree;
		if (!shown) {
			return false;
		}

		update(s => ({...s, history: {...s.history, tree: change(treeStateFor(s, shown.key))}}));
		return true;
	};

	return (action: Action) => {
		const step = listMove(action);
		const tree = derived().layerTree;
		if (step && tree) {
			return changeTree(t => ({...t, cursor: moveCursor(Math.min(t.cursor, Math.max(0, tree.rows.length - 1)), step, tree.rows.length, derived().page)}));
		}

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

			case 'fold': {
				return changeTree(t => {
					const node = tree?.rows[Math.min(t.cursor, tree.rows.length - 1)]?.node;
					if (!node?.directory || node.children.length === 0) {
						return t;
					}

					return {...t, folded: t.folded.includes(node.path) ? t.folded.filter(path => path !== node.path) : [...t.folded, node.path]};
				});
			}

			case 'changedOnly': {
				return changeTree(t => ({...t, changedOnly: !t.changedOnly, cursor: 0}));
			}

			case 'nextPage': {
				return changeTree(t => (tree && tree.more > 0 ? {...t, page: t.page + 1, cursor: 0, folded: []} : t));
			}

			case 'previousPage': {
				return changeTree(t => (t.page > 0 ? {...t, page: t.page - 1, cursor: 0, folded: []} : t));
			}

			case 'previousLayer':
			case 'nextLayer': {
				update(s => movedInHistory(s, derived(), context.cursors(), action === 'previousLayer' ? 'up' : 'down'));
				return true;
			}

			default: {
				return false;
			}
		}
	};
}
