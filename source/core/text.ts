import stripAnsi from 'strip-ansi';

/**
 * Text from a hub or a registry, safe to print: escape sequences and control
 * characters removed (a description must not move the cursor or retitle the
 * terminal), runs of white space folded to one space.
 */
export function cleanText(text: string): string {
	return stripAnsi(text)
		// eslint-disable-next-line no-control-regex
		.replaceAll(/[\u0000-\u001F\u007F-\u009F]+/g, ' ')
		.replaceAll(/\s+/g, ' ')
		.trim();
}
