import {fuzzyScore} from './fuzzy.js';
import {keymap, scopeTitles, type Binding, type Pane, type Scope, type Served} from './keymap.js';
import {panes} from './state.js';

/**
 * The command palette's entries: every action of the keymap that works
 * outside a dialog or a text box (so no yes/no/close, which only mean
 * something inside their own dialog), as the help lists them, and only
 * those the backend serves. Nothing here names a key: the keymap does.
 */
const paletteScopes: Scope[] = ['global', 'list', 'images', 'hub', 'history', 'containers'];

export type PaletteEntry = {binding: Binding; title: string; text: string};

export function paletteEntries(served?: Served): PaletteEntry[] {
	return keymap
		.filter(binding => paletteScopes.includes(binding.scope) && binding.action !== 'palette')
		.filter(binding => !binding.requires || !served || served.has(binding.requires))
		.map(binding => ({binding, title: scopeTitles[binding.scope], text: `${binding.description} ${scopeTitles[binding.scope]}`}));
}

/** The entries the query matches, best first; an empty query keeps the keymap's order. */
export function filterPalette(entries: PaletteEntry[], query: string): PaletteEntry[] {
	const scored = entries.flatMap((entry, index) => {
		const score = fuzzyScore(query, entry.text);
		return score === undefined ? [] : [{entry, score, index}];
	});
	scored.sort((a, b) => (b.score - a.score) || (a.index - b.index));
	return scored.map(({entry}) => entry);
}

/** The pane an entry's action belongs to, if any: running it there goes to that pane first. */
export function entryPane(binding: Binding): Pane | undefined {
	return (panes as Scope[]).includes(binding.scope) ? binding.scope as Pane : undefined;
}
