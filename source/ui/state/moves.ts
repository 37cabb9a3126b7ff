import type {Action} from '../keymap.js';
import type {Move} from '../list.js';

const moves: Partial<Record<Action, Move>> = {up: 'up', down: 'down', pageUp: 'pageUp', pageDown: 'pageDown', first: 'first', last: 'last'};

/** The list move an action is, if it is one (↑/↓, PgUp/PgDn, g/G). */
export function listMove(action: Action): Move | undefined {
	return moves[action];
}
