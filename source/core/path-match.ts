/**
 * Go's path.Match, which docker's `reference` filter uses: `*` is any run of
 * characters but `/`, `?` one character but `/`, `[…]` a class (`^` negates,
 * `a-z` ranges, `\` escapes), `\c` the character c; the whole name must
 * match. A malformed pattern is refused, as Go's ErrBadPattern, whatever the
 * name, so a typo is never silently an empty list.
 */
export class BadPatternError extends Error {
	constructor() {
		super('syntax error in pattern');
	}
}

const literal = (character: string) => `\\u{${character.codePointAt(0)!.toString(16)}}`;

/** The pattern as an anchored RegExp; throws BadPatternError where Go returns ErrBadPattern. */
export function compilePathPattern(pattern: string): RegExp {
	const characters = [...pattern];
	let source = '';
	for (let index = 0; index < characters.length; index++) {
		const character = characters[index]!;
		if (character === '*') {
			source += '[^/]*';
		} else if (character === '?') {
			source += '[^/]';
		} else if (character === '\\') {
			index++;
			if (index >= characters.length) {
				throw new BadPatternError();
			}

			source += literal(characters[index]!);
		} else if (character === '[') {
			index++;
			let negated = false;
			if (characters[index] === '^') {
				negated = true;
				index++;
			}

			let ranges = '';
			let count = 0;
			for (;;) {
				if (index >= characters.length) {
					throw new BadPatternError();
				}

				if (characters[index] === ']' && count > 0) {
					break;
				}

				const [low, afterLow] = classCharacter(characters, index);
				index = afterLow;
				let high = low;
				if (characters[index] === '-') {
					[high, index] = classCharacter(characters, index + 1);
				}

				if (low.codePointAt(0)! > high.codePointAt(0)!) {
					throw new BadPatternError();
				}

				ranges += low === high ? literal(low) : `${literal(low)}-${literal(high)}`;
				count++;
			}

			source += `[${negated ? '^' : ''}${ranges}]`;
		} else {
			source += literal(character);
		}
	}

	return new RegExp(`^${source}$`, 'u');
}

/** One character of a class: `\c` is c; a bare `-` or `]` where a character must be, or the end, is malformed. */
function classCharacter(characters: string[], index: number): [string, number] {
	let character = characters[index];
	if (character === '-' || character === ']' || character === undefined) {
		throw new BadPatternError();
	}

	if (character === '\\') {
		character = characters[index + 1];
		if (character === undefined) {
			throw new BadPatternError();
		}

		return [character, index + 2];
	}

	return [character, index + 1];
}

export function pathMatch(pattern: string, name: string): boolean {
	return compilePathPattern(pattern).test(name);
}
