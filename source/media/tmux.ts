import {execFileSync, spawnSync} from 'node:child_process';

/**
 * A real terminal to drive the app in: a detached tmux session, keys sent
 * with send-keys, the screen read with capture-pane. Used by the end-to-end
 * test and by `npm run media`.
 */
export function hasTmux(): boolean {
	return spawnSync('tmux', ['-V'], {stdio: 'ignore'}).status === 0;
}

export type Terminal = {
	readonly name: string;
	/** Keys as tmux names them ('Enter', 'Escape', 'Down', 'BSpace') or literal text with {literal: true}. */
	send: (...keys: string[]) => void;
	type: (text: string) => void;
	/** Bytes as a terminal would send them (an escape sequence: a mouse report), through send-keys -H. */
	sendBytes: (text: string) => void;
	/** The screen as text; with `escapes`, colours and attributes as SGR sequences. */
	capture: (options?: {escapes?: boolean}) => string;
	/** tmux's view of the pane, e.g. '#{alternate_on}'. */
	format: (format: string) => string;
	/** Polls the screen until `test` passes; throws with the last screen after `timeoutMs`. */
	waitFor: (test: string | RegExp | ((screen: string) => boolean), timeoutMs?: number) => Promise<string>;
	resize: (columns: number, rows: number) => void;
	close: () => void;
};

let counter = 0;

export function openTerminal(command: string, options: {columns?: number; rows?: number; env?: Record<string, string | undefined>} = {}): Terminal {
	const name = `dockyard-${process.pid}-${++counter}`;
	const tmux = (...args: string[]) => execFileSync('tmux', args, {encoding: 'utf8'});
	// The app's exit status stays on screen, and the pane stays open to be read.
	const shell = `${command}; echo "[exited $?]"; exec sleep 600`;
	const env = Object.entries(options.env ?? {}).flatMap(([key, value]) => value === undefined ? [] : ['-e', `${key}=${value}`]);
	tmux('new-session', '-d', '-s', name, '-x', String(options.columns ?? 100), '-y', String(options.rows ?? 30), ...env, shell);
	const capture = (captureOptions: {escapes?: boolean} = {}) => tmux('capture-pane', '-p', ...(captureOptions.escapes ? ['-e'] : []), '-t', name);
	return {
		name,
		send(...keys) {
			for (const key of keys) {
				tmux('send-keys', '-t', name, key);
			}
		},
		type(text) {
			tmux('send-keys', '-t', name, '-l', text);
		},
		sendBytes(text) {
			tmux('send-keys', '-t', name, '-H', ...[...Buffer.from(text, 'utf8')].map(byte => byte.toString(16).padStart(2, '0')));
		},
		capture,
		format: format => tmux('display-message', '-p', '-t', name, format).trim(),
		async waitFor(test, timeoutMs = 10_000) {
			const passes = typeof test === 'function' ? test : (screen: string) => (typeof test === 'string' ? screen.includes(test) : test.test(screen));
			const deadline = Date.now() + timeoutMs;
			let screen = '';
			for (;;) {
				screen = capture();
				if (passes(screen)) {
					return screen;
				}

				if (Date.now() > deadline) {
					throw new Error(`timed out after ${timeoutMs} ms waiting for ${String(test)}; the screen was:\n${screen}`);
				}

				// eslint-disable-next-line no-await-in-loop
				await new Promise(resolve => {
					setTimeout(resolve, 50);
				});
			}
		},
		resize(columns, rows) {
			tmux('resize-window', '-t', name, '-x', String(columns), '-y', String(rows));
		},
		close() {
			spawnSync('tmux', ['kill-session', '-t', name], {stdio: 'ignore'});
		},
	};
}

/** Local images: opens the filter box (/), types `text`, and waits until the pane shows it as the filter. */
export async function filterTo(terminal: Terminal, text: string): Promise<string> {
	terminal.send('/');
	await terminal.waitFor('Enter/↓ keep');
	terminal.type(text);
	return terminal.waitFor(`filter: ${text}`);
}
