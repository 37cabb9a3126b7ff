import type {Scope} from './keymap.js';

/**
 * The Hub's typing rule: in its result list, a printable character that no
 * key of the Hub, the list or everywhere claims starts a new search with it
 * (the search box opens and keeps the keys from then on), and so does `q`,
 * which would otherwise quit in the middle of a word. Ctrl-C still quits.
 */
export function startsHubSearch(scopes: Scope[], token: string | undefined, bound: boolean): boolean {
	if (scopes[0] !== 'hub' || token === undefined || [...token].length !== 1) {
		return false;
	}

	return token === 'q' || (!bound && /^[\p{L}\p{N}._-]$/u.test(token));
}
