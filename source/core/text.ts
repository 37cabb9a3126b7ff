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

/**
 * Text from outside made safe to print without losing any of it: every C0
 * control (ESC, CR, LF, BEL, …), DEL and C1 control is written as its JSON
 * escape (`\u001b`), so a sequence shows what it is and never acts on the
 * terminal. `keepNewlines` keeps LF for the CLI's own multi-line output. JSON
 * stays valid and means the same: a raw control can only be inside one of
 * its strings, where the escape stands for the same character.
 */
export function printable(text: string, options: {keepNewlines?: boolean; keepTabs?: boolean} = {}): string {
	const pattern = options.keepTabs ? (options.keepNewlines ? controlsButNewlineAndTab : controlsButTab) : (options.keepNewlines ? controlsButNewline : controls);
	return text.replace(pattern, character => `\\u${character.codePointAt(0)!.toString(16).padStart(4, '0')}`);
}

// eslint-disable-next-line no-control-regex
const controls = /[\u0000-\u001F\u007F-\u009F]/g;
// eslint-disable-next-line no-control-regex
const controlsButNewline = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/g;
// A tab moves the cursor and nothing else: kept where a --format the user typed holds one, as docker prints it.
// eslint-disable-next-line no-control-regex
const controlsButNewlineAndTab = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
// eslint-disable-next-line no-control-regex
const controlsButTab = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F]/g;

/** Whether text holds a character `printable` would escape. */
export function hasControls(text: string): boolean {
	// eslint-disable-next-line no-control-regex
	return /[\u0000-\u001F\u007F-\u009F]/.test(text);
}
