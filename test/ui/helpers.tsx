import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {render} from 'ink-testing-library';
import stripAnsi from 'strip-ansi';
import {openStore, type Store} from '../../source/core/store/store.js';
import {App} from '../../source/ui/app.js';
import type {Pane} from '../../source/ui/keymap.js';

export const keys = {
	up: '\u001B[A',
	down: '\u001B[B',
	right: '\u001B[C',
	left: '\u001B[D',
	enter: '\r',
	escape: '\u001B',
	tab: '\t',
	shiftTab: '\u001B[Z',
	delete: '\u001B[3~',
	backspace: '\u007F',
	pageUp: '\u001B[5~',
	pageDown: '\u001B[6~',
	home: '\u001B[H',
	end: '\u001B[F',
	space: ' ',
	ctrlC: '\u0003',
} as const;

export type TestStore = {store: Store; home: string; cleanup: () => void};

/** A fresh store in a temp dir; `setup` fills it through the core, as the CLI would. */
export async function makeStore(setup?: (store: Store) => Promise<void>): Promise<TestStore> {
	const home = mkdtempSync(path.join(os.tmpdir(), 'dockyard-ui-'));
	const store = openStore({home});
	await setup?.(store);
	return {store, home, cleanup: () => rmSync(home, {recursive: true, force: true})};
}

/** The seed's state: WindowsServerCore installed, microsoft/iis pulled, a container from it. */
export async function seeded(store: Store, options: {container?: boolean} = {}): Promise<void> {
	await store.installOs('WindowsServerCore', '10.0.10586.0');
	await store.pull('microsoft/iis');
	if (options.container ?? true) {
		await store.createContainer('microsoft/iis', {name: 'web'});
	}
}

export type Harness = {
	frame: () => string;
	/** Sends keys one at a time, each after the app has drawn what the last one did. */
	press: (...input: string[]) => Promise<void>;
	type: (text: string) => Promise<void>;
	waitFor: (test: string | RegExp | ((frame: string) => boolean), timeoutMs?: number) => Promise<string>;
	unmount: () => void;
	exited: () => boolean;
};

const settle = async () => new Promise(resolve => {
	setTimeout(resolve, 15);
});

export function renderApp(store: Store, options: {columns?: number; rows?: number; pane?: Pane} = {}): Harness {
	let exited = false;
	const instance = render(<App store={store} size={{columns: options.columns ?? 100, rows: options.rows ?? 30}} pane={options.pane}/>);
	const frame = () => stripAnsi(instance.lastFrame() ?? '');
	void instance.stdout;
	const harness: Harness = {
		frame,
		async press(...input) {
			for (const key of input) {
				instance.stdin.write(key);
				// eslint-disable-next-line no-await-in-loop
				await settle();
			}
		},
		async type(text) {
			for (const character of text) {
				instance.stdin.write(character);
				// eslint-disable-next-line no-await-in-loop
				await settle();
			}
		},
		async waitFor(test, timeoutMs = 5000) {
			const passes = typeof test === 'function' ? test : (screen: string) => (typeof test === 'string' ? screen.includes(test) : test.test(screen));
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				const screen = frame();
				if (passes(screen)) {
					return screen;
				}

				if (Date.now() > deadline) {
					throw new Error(`timed out after ${timeoutMs} ms waiting for ${String(test)}; the frame was:\n${screen}`);
				}

				// eslint-disable-next-line no-await-in-loop
				await new Promise(resolve => {
					setTimeout(resolve, 10);
				});
			}
		},
		unmount() {
			instance.unmount();
		},
		exited: () => exited,
	};
	return harness;
}
