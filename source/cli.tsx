#!/usr/bin/env node
import {applyGlobalFlags} from './commands/global-flags.js';
import {globalHelp, runCommand} from './commands/run.js';
import type {EngineFlags} from './core/engine/host.js';
import {errorMessage} from './core/errors.js';
import {printable} from './core/text.js';
import {takeTuiFlags} from './ui/tui-options.js';

let argv = process.argv.slice(2);
const engineFlags: EngineFlags = {};

async function main(): Promise<number> {
	try {
		argv = applyGlobalFlags(argv, process.env, engineFlags);
	} catch (error) {
		process.stderr.write(`Error: ${printable(errorMessage(error))}\n`);
		return 2;
	}

	let tuiFlags;
	try {
		({argv, flags: tuiFlags} = takeTuiFlags(argv));
	} catch (error) {
		process.stderr.write(`Error: ${printable(errorMessage(error))}\n`);
		return 2;
	}

	if (argv.length === 0 || (argv.length === 1 && argv[0] === 'tui')) {
		// The TUI pulls in React and Ink: loaded only when it is wanted, so verbs start fast.
		// React's development build times every render into the performance timeline, which
		// grows without end and made each key slower at 10,000 images: users get the production build
		// (the bundle has it built in; unbundled, React reads this on import).
		process.env['NODE' + '_ENV'] ??= 'production';
		// Raw mode before React and Ink load (they take a while): keys typed meanwhile are not echoed.
		const {takeKeysEarly} = await import('./ui/early-keys.js');
		const giveKeysBack = takeKeysEarly(process.stdin, process.stdout);
		const {runTui} = await import('./tui.js');
		const {backendPair} = await import('./core/backend/backend-pair.js');
		// The same selection as the verbs' (-H, --context, DOCKER_HOST, …); a bad one is one line before the screen is taken.
		let backends;
		try {
			backends = await backendPair(engineFlags, process.env);
		} catch (error) {
			giveKeysBack();
			process.stderr.write(`Error: ${printable(errorMessage(error))}\n`);
			return 1;
		}

		return runTui({backends, flags: tuiFlags});
	}

	quietOnBrokenPipe();
	if (argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
		console.log(globalHelp());
		return 0;
	}

	if (argv[0] === '--version' || argv[0] === '-v') {
		const {packageVersion} = await import('./core/package-root.js');
		console.log(packageVersion());
		return 0;
	}

	// Every line a verb prints goes through here: whatever text from outside it holds, no control character reaches the terminal.
	return runCommand(argv, {
		engineFlags,
		out(line = '') {
			holdStdout();
			process.stdout.write(printable(line, {keepNewlines: true, keepTabs: true}) + '\n');
		},
		err(line) {
			releaseStdout();
			process.stderr.write(printable(line, {keepNewlines: true}) + '\n');
		},
	});
}

/**
 * The lines a verb prints in one go leave in one write, not one system call
 * each (a write a line cost some 7 ms per thousand lines): stdout is corked
 * until the end of the current tick. A line for stderr releases it first, so
 * on a terminal the two streams keep their order.
 */
let stdoutHeld = false;

function holdStdout(): void {
	if (!stdoutHeld) {
		stdoutHeld = true;
		process.stdout.cork();
		process.nextTick(releaseStdout);
	}
}

function releaseStdout(): void {
	if (stdoutHeld) {
		stdoutHeld = false;
		process.stdout.uncork();
	}
}

/**
 * `dockyard images | head -1`: once the reader has gone, docker dies of
 * SIGPIPE without a word, and a shell reports 141 (128 + SIGPIPE). Node
 * ignores SIGPIPE and reports EPIPE as an 'error' event instead, which would
 * crash with a stack trace: end the same way docker does.
 */
function quietOnBrokenPipe(): void {
	for (const stream of [process.stdout, process.stderr]) {
		stream.on('error', (error: NodeJS.ErrnoException) => {
			if (error.code === 'EPIPE') {
				process.exit(141);
			}

			process.stderr.write(`Error: cannot write the output (${error.code ?? error.message})\n`);
			process.exit(1);
		});
	}
}

main().then(code => {
	process.exitCode = code;
}, (error: unknown) => {
	// Anything not foreseen still gets one line, and the stack only when asked for.
	const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
	process.stderr.write(`Error: ${printable(message ?? '')}\n`);
	if (process.env['DOCKYARD_DEBUG'] && error instanceof Error) {
		process.stderr.write(`${error.stack}\n`);
	}

	process.exitCode = 1;
});
