import {createInterface} from 'node:readline/promises';

/**
 * One y/N on the terminal; No is the default. Not as a terminal: readline
 * would leave its keypress decoder on stdin, which the TUI reads next (lesson).
 */
export async function confirm(question: string): Promise<boolean> {
	const prompt = createInterface({input: process.stdin, output: process.stdout, terminal: false});
	try {
		return /^y(es)?$/i.test((await prompt.question(question)).trim());
	} finally {
		prompt.close();
	}
}
