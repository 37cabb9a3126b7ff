/**
 * Takes the keys before anything else loads: raw mode first, so a key typed
 * while the app starts is neither echoed by the terminal nor left in the
 * line (it waits in the terminal's queue and reaches the app as a key). What
 * the terminal echoed before even this ran is wiped from the line, so the
 * shell does not show it after the app and the first frame does not start
 * where the echo left the cursor. Returns what undoes it, for an exit before
 * the app has the terminal.
 */
export function takeKeysEarly(stdin: NodeJS.ReadStream, stdout: NodeJS.WriteStream): () => void {
	if (!stdin.isTTY || !stdout.isTTY) {
		return () => undefined;
	}

	stdin.setRawMode(true);
	stdout.write('\r\u001B[K');
	return () => {
		stdin.setRawMode(false);
	};
}
