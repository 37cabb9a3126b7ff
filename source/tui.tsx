import {render} from 'ink';
import type {BackendPair} from './core/backend/backend-pair.js';
import {openStoreBackend} from './core/backend/store-backend.js';
import {App} from './ui/app.js';
import {takeKeysEarly} from './ui/early-keys.js';
import {keyInput} from './ui/key-stream.js';
import {mouseOff, mouseOn} from './ui/mouse.js';
import {restoreOnCrash} from './ui/terminal.js';
import type {LessonSession} from './ui/use-lesson.js';
import {setTheme} from './ui/theme.js';
import {keepYoungGenerationSmall} from './ui/young-generation.js';
import {mouseEnabled, tuiTheme, type TuiFlags, type TuiSettings} from './ui/tui-options.js';

/**
 * `dockyard` with no verb: the app, full screen, on the backend the CLI's selection chose (the store by default).
 * Resolves with the exit code once the terminal has been given back.
 */
export async function runTui(options: {home?: string; backends?: BackendPair; lesson?: LessonSession; flags?: TuiFlags}): Promise<number> {
	const {stdin, stdout} = process;
	if (!stdin.isTTY || !stdout.isTTY) {
		process.stderr.write('Error: the dockyard TUI needs a terminal; run `dockyard --help` for the commands\n');
		return 2;
	}

	// Before the store is read: the read is what would grow it.
	keepYoungGenerationSmall();
	// Raw mode first, then the rest (opening the store reads it): a key typed meanwhile is not echoed.
	takeKeysEarly(stdin, stdout);
	const {backend, other, send} = options.backends ?? {backend: openStoreBackend({home: options.home})};
	// The settings file may say mouse or theme; one that cannot be read leaves the defaults (the panes say why).
	let settings: TuiSettings = {};
	try {
		settings = backend.capabilities.settings?.read() ?? {};
	} catch {}

	const flags = options.flags ?? {};
	setTheme(tuiTheme(flags, settings));
	const mouse = mouseEnabled(flags, settings);
	const keys = keyInput(stdin);
	// Mouse reporting is the terminal's state, not Ink's: turned off on every way out (a crash, an exit, a signal's exit).
	let reporting = false;
	const stopReporting = () => {
		if (reporting) {
			reporting = false;
			stdout.write(mouseOff);
		}
	};

	// A signal ends the app through Ink's signal-exit, which gives the screen back but knows nothing of the
	// mouse: reporting goes off first, then the signal is raised again and ends the process as it would have
	// (while this listener is there, signal-exit leaves the signal to it).
	const endOnSignal = (signal: NodeJS.Signals) => {
		stopReporting();
		process.off('SIGTERM', endOnSignal);
		process.off('SIGHUP', endOnSignal);
		process.kill(process.pid, signal);
	};

	// On before the first frame: a click on what is drawn is reported from the start.
	if (mouse) {
		reporting = true;
		stdout.write(mouseOn);
		process.once('exit', stopReporting);
		process.on('SIGTERM', endOnSignal);
		process.on('SIGHUP', endOnSignal);
	}

	// Ctrl-C is a key the app routes itself (it quits from anywhere, dialogs included).
	// Both ends are terminals (checked above): interactive even where CI is set, which
	// would make Ink draw only a last frame and ignore the alternate screen.
	const instance = render(<App backend={backend} other={other} send={send} keyGate={keys.gate} lesson={options.lesson} mouse={mouse ? keys.mouse : undefined}/>, {
		stdin: keys,
		exitOnCtrlC: false,
		patchConsole: true,
		alternateScreen: true,
		interactive: true,
	});
	const stopGuard = restoreOnCrash(() => {
		stopReporting();
		instance.unmount();
	});
	try {
		await instance.waitUntilExit();
		return 0;
	} finally {
		stopReporting();
		process.off('exit', stopReporting);
		process.off('SIGTERM', endOnSignal);
		process.off('SIGHUP', endOnSignal);
		stopGuard();
		keys.detach();
	}
}
