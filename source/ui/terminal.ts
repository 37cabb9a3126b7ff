/**
 * The alternate screen, entered and left by hand (Ink 6 has no option for
 * it). Whatever ends the app — q, Ctrl-C, a signal, a crash — the terminal
 * gets its own screen, its cursor and cooked mode back, exactly once.
 */
const enterAlternate = '\u001B[?1049h';
const leaveAlternate = '\u001B[?1049l';
const showCursor = '\u001B[?25h';
const clearScreen = '\u001B[2J\u001B[H';

export type Screen = {
	/** Leaves the alternate screen; safe to call more than once. */
	restore: () => void;
	/** Wipes the screen before a redraw at a new size, so no old frame shows through. */
	clear: () => void;
};

type Stream = NodeJS.WriteStream & {fd?: number};

export function enterScreen(stdout: Stream, stdin: NodeJS.ReadStream): Screen {
	let restored = false;
	const write = (text: string) => {
		try {
			stdout.write(text);
		} catch {
			// The terminal is gone (hang-up): nothing left to restore.
		}
	};

	const restore = () => {
		if (restored) {
			return;
		}

		restored = true;
		if (stdin.isTTY) {
			try {
				stdin.setRawMode(false);
			} catch {}
		}

		write(showCursor + leaveAlternate);
		listen('off');
	};

	const onSignal = (signal: NodeJS.Signals) => {
		restore();
		// The conventional exit status for death by a signal.
		process.exit(128 + (signalNumbers[signal] ?? 1));
	};

	const onCrash = (error: unknown) => {
		restore();
		process.stderr.write(`dockyard crashed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
		process.exit(70);
	};

	// Every way out of the process puts the terminal back: quit, a signal, a crash.
	function listen(how: 'on' | 'off') {
		process[how]('exit', restore);
		for (const signal of signals) {
			process[how](signal, onSignal);
		}

		process[how]('uncaughtException', onCrash);
		process[how]('unhandledRejection', onCrash);
	}

	write(enterAlternate + clearScreen);
	listen('on');
	return {restore, clear: () => write(clearScreen)};
}

const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'];
const signalNumbers: Partial<Record<NodeJS.Signals, number>> = {SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGTERM: 15};
