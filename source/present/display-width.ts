import {createRequire} from 'node:module';

/**
 * The columns a cell takes on a terminal, as string-width measures them.
 * Nearly every cell a table holds is printable ASCII, one column a
 * character: string-width is loaded only for the others, because loading it
 * builds an Intl.Segmenter and Unicode-property regexes, some 15–30 ms of
 * every command's start. (require, not import: the tables are laid out
 * synchronously; Node 22.13 and later load an ES module that way.)
 */
const load = createRequire(import.meta.url);
let stringWidth: ((text: string) => number) | undefined;

const printableAscii = /^[\u0020-\u007E]*$/;

export function displayWidth(text: string): number {
	if (printableAscii.test(text)) {
		return text.length;
	}

	stringWidth ??= (load('string-width') as {default: (text: string) => number}).default;
	return stringWidth(text);
}
