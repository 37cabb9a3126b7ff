import process from 'node:process';
import {render} from 'ink';
import type {BackendPair} from './core/backend/backend-pair.js';
import {openStoreBackend} from './core/backend/store-backend.js';
import {App} from './ui/app.js';
import {keyInput} from './ui/key-stream.js';
import {enterScreen} from './ui/terminal.js';

/**
 * `dockyard` with no verb: the app, full screen, on the backend the CLI's selection chose (the store by default).
 * Resolves with the exit code once the terminal has been given back.
 */
export async function runTui(options: {home?: string; backends?: BackendPair}): Promise<number> {
	const {stdin, stdout} = process;
	if (!stdin.isTTY || !stdout.isTTY) {
		process.stderr.write('Error: the dockyard TUI needs a terminal; run `dockyard --help` for the commands\n');
		return 2;
	}

	const {backend, other, send} = options.backends ?? {backend: openStoreBackend({home: options.home})};
	const screen = enterScreen(stdout, stdin);
	const keys = keyInput(stdin);
	// At a new size the old frame would show through the new one: start from a clean screen.
	const onResize = () => {
		screen.clear();
	};

	stdout.prependListener('resize', onResize);
	try {
		// Ctrl-C is a key the app routes itself (it quits from anywhere, dialogs included).
		const instance = render(<App backend={backend} other={other} send={send} keyGate={keys.gate}/>, {stdin: keys, exitOnCtrlC: false, patchConsole: true});
		await instance.waitUntilExit();
		return 0;
	} finally {
		keys.detach();
		stdout.off('resize', onResize);
		screen.restore();
	}
}
