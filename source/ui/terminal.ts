/**
 * What Ink 8 does not do for a full-screen app: Ink enters and leaves the
 * alternate screen itself (render's `alternateScreen`), also when a signal
 * ends the process (it unmounts through signal-exit), but a crash it leaves
 * to Node, which prints the error on the alternate screen — gone the moment
 * the screen is left. So on a crash the app is unmounted first (the terminal
 * gets its screen, cursor and cooked mode back), then the error is printed
 * where the user can read it.
 */
export function restoreOnCrash(unmount: () => void): () => void {
	let crashed = false;
	const onCrash = (error: unknown) => {
		if (crashed) {
			return;
		}

		crashed = true;
		try {
			unmount();
		} catch {
			// Ink may be half torn down already; the message matters more.
		}

		process.stderr.write(`dockyard crashed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
		process.exit(70);
	};

	process.on('uncaughtException', onCrash);
	process.on('unhandledRejection', onCrash);
	return () => {
		process.off('uncaughtException', onCrash);
		process.off('unhandledRejection', onCrash);
	};
}
