import {powershellCommands, type Equivalents} from '../core/teach.js';
import {clean} from './text.js';

/**
 * The escape that asks the terminal to put `text` on the clipboard (OSC 52,
 * "c": the clipboard selection). Terminals that know it copy; others ignore
 * it. tmux passes it on only with `set-clipboard on`.
 */
export function osc52(text: string): string {
	return `\u001B]52;c;${Buffer.from(text, 'utf8').toString('base64')}\u0007`;
}

/** The commands `y` copies: PowerShell's in the PowerShell columns, else docker's; the other when one side has none. */
export function commandsToCopy(equivalents: Equivalents | undefined, powershell: boolean): string | undefined {
	if (!equivalents) {
		return undefined;
	}

	const cmdlets = powershellCommands(equivalents);
	const [first, second] = powershell ? [cmdlets, equivalents.docker] : [equivalents.docker, cmdlets];
	const lines = first.length > 0 ? first : second;
	// Names in commands may come from a hub: no control character reaches the clipboard (and a paste).
	return lines.length > 0 ? lines.map(line => clean(line)).join('\n') : undefined;
}
