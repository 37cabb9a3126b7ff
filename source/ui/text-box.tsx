import {useRef, useState} from 'react';
import {Text, useInput, usePaste} from 'ink';
import {keyToken, lookup, type Action} from './keymap.js';
import {editLine, insertText, type EditAction, type Line} from './state/line-edit.js';
import {clean} from './text.js';

type Props = {value: string; onChange: (value: string) => void};

/** Keys a box leaves to the app: they accept, leave or move between fields. */
const leftToTheApp = (key: {return: boolean; escape: boolean; tab: boolean; upArrow: boolean; downArrow: boolean; pageUp: boolean; pageDown: boolean}) =>
	key.return || key.escape || key.tab || key.upArrow || key.downArrow || key.pageUp || key.pageDown;

/**
 * One line of text that edits as a shell does: its editing keys are the
 * keymap's `edit` scope (Ctrl-A/E/U/W/K, Home/End, ←/→, Alt-B/F, Ctrl-←/→,
 * rules in state/line-edit.ts), anything else printable goes in at the caret.
 * While a box has the keys the terminal is in bracketed-paste mode (Ink's
 * usePaste): a paste arrives as one string, not as keys, so a newline in it
 * is not Enter and a letter in it is not a binding; it is drawn without
 * control characters, its line breaks as spaces.
 */
export function TextBox({value, onChange}: Props) {
	// The caret is the box's own; the text is its owner's. Text changed from outside puts the caret at its end.
	const line = useRef<Line>({value, caret: [...value].length});
	if (line.current.value !== value) {
		line.current = {value, caret: [...value].length};
	}

	const [, redraw] = useState(0);
	const apply = (next: Line) => {
		const changed = next.value !== line.current.value;
		line.current = next;
		if (changed) {
			onChange(next.value);
		}

		redraw(count => count + 1);
	};

	useInput((input, key) => {
		const binding = lookup(['edit'], keyToken(input, key));
		if (binding) {
			apply(editLine(line.current, binding.action as Extract<Action, EditAction>));
			return;
		}

		if (leftToTheApp(key) || key.ctrl || key.meta || key.leftArrow || key.rightArrow || key.home || key.end || key.delete || key.backspace) {
			return;
		}

		// A key typed: printable characters only (a space included).
		// eslint-disable-next-line no-control-regex
		const typed = input.replaceAll(/[\u0000-\u001F\u007F-\u009F]/g, '');
		if (typed) {
			apply(insertText(line.current, typed));
		}
	});
	usePaste(text => {
		const pasted = clean(text);
		if (pasted) {
			apply(insertText(line.current, pasted));
		}
	});
	const characters = [...line.current.value];
	const caret = Math.min(line.current.caret, characters.length);
	return (
		<Text>
			{characters.slice(0, caret).join('')}
			<Text inverse>{characters[caret] ?? ' '}</Text>
			{characters.slice(caret + 1).join('')}
		</Text>
	);
}
