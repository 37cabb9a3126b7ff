import {describe, expect, test} from 'vitest';
import {editLine, insertText, type Line} from '../../source/ui/state/line-edit.js';

const at = (text: string): Line => {
	// `|` marks the caret.
	const caret = [...text].indexOf('|');
	return {value: text.replace('|', ''), caret};
};

const shown = (line: Line) => {
	const characters = [...line.value];
	return [...characters.slice(0, line.caret), '|', ...characters.slice(line.caret)].join('');
};

describe('a text box edits as readline does', () => {
	test.each([
		['lineStart', 'abc d|ef', '|abc def'],
		['lineEnd', 'ab|c def', 'abc def|'],
		['charLeft', '|abc', '|abc'],
		['charRight', 'abc|', 'abc|'],
		['wordLeft', 'team/app:v1|', 'team/app:|v1'],
		['wordLeft', 'team/app:|v1', 'team/|app:v1'],
		['wordRight', '|team/app', 'team|/app'],
		['wordRight', 'team|/app', 'team/app|'],
		['deleteBack', '|abc', '|abc'],
		['deleteBack', 'ab|c', 'a|c'],
		['cutToStart', 'abc d|ef', '|ef'],
		['cutToEnd', 'abc d|ef', 'abc d|'],
		// Ctrl-W: back to a space, as bash's unix-word-rubout (a reference goes in one piece).
		['cutWordBack', 'pull team/app:v1|', 'pull |'],
		['cutWordBack', 'pull team/app:v1  |', 'pull |'],
		['cutWordBack', 'a b|c', 'a |c'],
	] as const)('%s: %s → %s', (action, before, after) => {
		expect(shown(editLine(at(before), action))).toBe(after);
	});

	test('text goes in at the caret; wide and astral characters count as one', () => {
		expect(shown(insertText(at('ab|d'), 'c'))).toBe('abc|d');
		expect(shown(editLine(at('日本|語'), 'deleteBack'))).toBe('日|語');
		expect(shown(editLine(at('a😀|b'), 'charLeft'))).toBe('a|😀b');
	});
});
