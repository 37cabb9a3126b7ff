/**
 * A line of text and the caret in it, edited as a shell (readline) edits:
 * Ctrl-A/Home and Ctrl-E/End go to the ends, Ctrl-U cuts to the start,
 * Ctrl-K to the end, Ctrl-W the word before the caret, Alt-B/F and
 * Ctrl-←/→ move a word. Pure, so each rule is tested alone.
 */
export type Line = {value: string; caret: number};

export type EditAction =
	| 'lineStart' | 'lineEnd' | 'charLeft' | 'charRight' | 'wordLeft' | 'wordRight'
	| 'deleteBack' | 'deleteForward' | 'cutToStart' | 'cutToEnd' | 'cutWordBack';

const isWordCharacter = (character: string | undefined) => character !== undefined && /[\p{L}\p{N}_]/u.test(character);

/** Where a word starts before `caret`: spaces and punctuation skipped, then the word (readline's backward-word). */
function wordStartBefore(characters: string[], caret: number): number {
	let index = caret;
	while (index > 0 && !isWordCharacter(characters[index - 1])) {
		index--;
	}

	while (index > 0 && isWordCharacter(characters[index - 1])) {
		index--;
	}

	return index;
}

/** Where the word after `caret` ends (readline's forward-word). */
function wordEndAfter(characters: string[], caret: number): number {
	let index = caret;
	while (index < characters.length && !isWordCharacter(characters[index])) {
		index++;
	}

	while (index < characters.length && isWordCharacter(characters[index])) {
		index++;
	}

	return index;
}

/** Ctrl-W cuts back to the previous space, as bash's unix-word-rubout does (a path or reference goes in one piece). */
function spaceWordStartBefore(characters: string[], caret: number): number {
	let index = caret;
	while (index > 0 && characters[index - 1] === ' ') {
		index--;
	}

	while (index > 0 && characters[index - 1] !== ' ') {
		index--;
	}

	return index;
}

/** The line after an editing key. The caret counts characters (code points), not UTF-16 units. */
export function editLine(line: Line, action: EditAction): Line {
	const characters = [...line.value];
	const caret = Math.min(Math.max(0, line.caret), characters.length);
	const cut = (from: number, to: number): Line => ({value: [...characters.slice(0, from), ...characters.slice(to)].join(''), caret: from});
	switch (action) {
		case 'lineStart': {
			return {value: line.value, caret: 0};
		}

		case 'lineEnd': {
			return {value: line.value, caret: characters.length};
		}

		case 'charLeft': {
			return {value: line.value, caret: Math.max(0, caret - 1)};
		}

		case 'charRight': {
			return {value: line.value, caret: Math.min(characters.length, caret + 1)};
		}

		case 'wordLeft': {
			return {value: line.value, caret: wordStartBefore(characters, caret)};
		}

		case 'wordRight': {
			return {value: line.value, caret: wordEndAfter(characters, caret)};
		}

		case 'deleteBack': {
			return caret === 0 ? {value: line.value, caret} : cut(caret - 1, caret);
		}

		case 'deleteForward': {
			return cut(caret, Math.min(characters.length, caret + 1));
		}

		case 'cutToStart': {
			return cut(0, caret);
		}

		case 'cutToEnd': {
			return cut(caret, characters.length);
		}

		case 'cutWordBack': {
			return cut(spaceWordStartBefore(characters, caret), caret);
		}
	}
}

/** Text typed or pasted at the caret. */
export function insertText(line: Line, text: string): Line {
	const characters = [...line.value];
	const caret = Math.min(Math.max(0, line.caret), characters.length);
	const added = [...text];
	return {value: [...characters.slice(0, caret), ...added, ...characters.slice(caret)].join(''), caret: caret + added.length};
}
