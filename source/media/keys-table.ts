import {keymap, scopeTitles, type Scope} from '../ui/keymap.js';

/**
 * The readme's keys table, drawn from the one keymap (as the help overlay
 * is): `npm run media` writes it between the markers in readme.md, and
 * `node dist/media/keys-table.js` prints it.
 */
export const keysStart = '<!-- keys:start (written by npm run media from source/ui/keymap.ts) -->';
export const keysEnd = '<!-- keys:end -->';

const keyNames: Record<string, string> = {
	up: '↑',
	down: '↓',
	left: '←',
	right: '→',
	pageup: 'PgUp',
	pagedown: 'PgDn',
	home: 'Home',
	end: 'End',
	enter: 'Enter',
	esc: 'Esc',
	tab: 'Tab',
	'shift-tab': 'Shift-Tab',
	space: 'Space',
	delete: 'Delete',
	'ctrl-c': 'Ctrl-C',
	'ctrl-p': 'Ctrl-P',
};

/** A token as a key is written: `ctrl-a` Ctrl-A, `alt-b` Alt-B, `ctrl-left` Ctrl-←. */
function keyName(token: string): string {
	const known = keyNames[token];
	if (known) {
		return known;
	}

	const modified = /^(ctrl|alt)-(.+)$/.exec(token);
	return modified ? `${modified[1] === 'ctrl' ? 'Ctrl' : 'Alt'}-${keyNames[modified[2]!] ?? modified[2]!.toUpperCase()}` : token;
}

function cell(text: string): string {
	return text.replaceAll('|', '\\|');
}

/** Every key of every binding (not only the footer's label), grouped by where it works. */
export function keysTable(): string {
	const lines = ['| where | keys | does |', '|---|---|---|'];
	for (const scope of Object.keys(scopeTitles) as Scope[]) {
		for (const [index, binding] of keymap.filter(entry => entry.scope === scope).entries()) {
			// A rule rather than keys (the Hub's typing): its label says which.
			const keys = binding.keys.length > 0 ? binding.keys.map(key => `\`${cell(keyName(key))}\``).join(' ') : cell(binding.label);
			lines.push(`| ${index === 0 ? `**${scopeTitles[scope]}**` : ''} | ${keys} | ${cell(binding.description)} |`);
		}
	}

	return lines.join('\n');
}

/** `text` with the table between the markers replaced; undefined when the markers are missing. */
export function withKeysTable(text: string): string | undefined {
	const start = text.indexOf(keysStart);
	const end = text.indexOf(keysEnd);
	if (start < 0 || end < start) {
		return undefined;
	}

	return `${text.slice(0, start + keysStart.length)}\n${keysTable()}\n${text.slice(end)}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
	console.log(keysTable());
}
