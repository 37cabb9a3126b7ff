import {createHash} from 'node:crypto';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import chalk from 'chalk';
import {render} from 'ink-testing-library';
import stripAnsi from 'strip-ansi';
import {afterEach} from 'vitest';
import type {Backend} from '../../source/core/backend/backend.js';
import type {SendToEngine} from '../../source/core/backend/backend-pair.js';
import {StoreBackend} from '../../source/core/backend/store-backend.js';
import type {RegistryBrowser} from '../../source/core/hub/registry/browse.js';
import {EngineBackend} from '../../source/core/engine/engine-backend.js';
import {sendToEngine} from '../../source/core/engine/load-from-store.js';
import type {Hub} from '../../source/core/hub/hub.js';
import type {IndexData} from '../../source/core/store/records.js';
import {openStore, Store, type StoreOptions} from '../../source/core/store/store.js';
import type {StoreView} from '../../source/core/store/view.js';
import {App} from '../../source/ui/app.js';
import {escapeWindowMs, type KeyGate} from '../../source/ui/key-stream.js';
import type {Pane} from '../../source/ui/keymap.js';
import type {MouseSource} from '../../source/ui/mouse.js';
import type {LessonSession} from '../../source/ui/use-lesson.js';

// The test process has no terminal, so chalk (Ink's) would draw no escapes at all: the
// raw frames then could not show the cursor row (inverse) or prove NO_COLOR. Basic colours.
chalk.level = 1;

// Every app rendered and every store made in a test goes when the test ends, whatever it asserted.
const endOfTest: Array<() => void> = [];
afterEach(() => {
	for (const end of endOfTest.splice(0).reverse()) {
		end();
	}
});

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
	ctrlP: '\u0010',
	ctrlA: '\u0001',
	ctrlE: '\u0005',
	ctrlK: '\u000B',
	ctrlU: '\u0015',
	ctrlW: '\u0017',
	altB: '\u001Bb',
	altF: '\u001Bf',
	ctrlLeft: '\u001B[1;5D',
	ctrlRight: '\u001B[1;5C',
} as const;

/** What the terminal sends for each token of the keymap's vocabulary (keymap.ts keyToken). */
export const tokenInput: Record<string, string> = {
	tab: keys.tab,
	'shift-tab': keys.shiftTab,
	up: keys.up,
	down: keys.down,
	left: keys.left,
	right: keys.right,
	pageup: keys.pageUp,
	pagedown: keys.pageDown,
	home: keys.home,
	end: keys.end,
	enter: keys.enter,
	esc: keys.escape,
	delete: keys.delete,
	space: keys.space,
	'ctrl-c': keys.ctrlC,
	'ctrl-p': keys.ctrlP,
	'ctrl-a': keys.ctrlA,
	'ctrl-e': keys.ctrlE,
	'ctrl-k': keys.ctrlK,
	'ctrl-u': keys.ctrlU,
	'ctrl-w': keys.ctrlW,
	'alt-b': keys.altB,
	'alt-f': keys.altF,
	'ctrl-left': keys.ctrlLeft,
	'ctrl-right': keys.ctrlRight,
};

export function inputFor(token: string): string {
	return tokenInput[token] ?? token;
}

export type TestStore = {store: Store; home: string; cleanup: () => void; fresh: () => StoreView; index: () => IndexData};

/**
 * A fresh store in a temp dir; `setup` fills it through the core, as the CLI would.
 * The offline catalog is never paced here, whatever DOCKYARD_OFFLINE_RATE says,
 * unless a test asks for a rate.
 */
export async function makeStore(setup?: (store: Store) => Promise<void>, options: StoreOptions = {}): Promise<TestStore> {
	const home = mkdtempSync(path.join(os.tmpdir(), 'dockyard-ui-'));
	// The setup is never paced: only what the test does runs at the rate it asks for.
	await setup?.(openStore({offlineBytesPerSecond: 0, home}));
	const store = openStore({offlineBytesPerSecond: 0, ...options, home});
	const cleanup = () => {
		rmSync(home, {recursive: true, force: true});
	};

	endOfTest.push(cleanup);
	return {
		store,
		home,
		cleanup,
		// What a second process would read now.
		fresh: () => openStore({home}).read(),
		// The index's records as they are on disk.
		index: () => JSON.parse(readFileSync(path.join(home, 'index.json'), 'utf8')) as IndexData,
	};
}

/** The seed's state: WindowsServerCore installed, microsoft/iis pulled, a container from it. */
export async function seeded(store: Store, options: {container?: boolean} = {}): Promise<void> {
	await store.installOs('WindowsServerCore', '10.0.10586.0');
	await store.pull('microsoft/iis');
	if (options.container ?? true) {
		await store.createContainer('microsoft/iis', {name: 'web'});
	}
}

/**
 * `count` child images of an installed NanoServer written straight into the
 * index (as many pulls would leave it): `team<i % 10>/app<i>:v<i % 3>`, the
 * newest first, sizes growing with i.
 */
export async function bigStore(store: Store, count: number): Promise<void> {
	await store.installOs('nanoserver');
	const file = store.indexPath;
	const data = JSON.parse(readFileSync(file, 'utf8')) as IndexData;
	const base = Object.values(data.images)[0]!;
	const start = Date.parse('2020-01-01T00:00:00Z');
	for (let index = 0; index < count; index++) {
		const id = 'sha256:' + createHash('sha256').update(`ui-test-${index}`).digest('hex');
		const created = new Date(start - (index * 60_000)).toISOString();
		data.images[id] = {...base, id, parent: base.id, created, added: created, repoDigests: [], source: 'test', title: `app${index}`, size: base.size + index};
		data.tags[`docker.io/team${index % 10}/app${index}:v${index % 3}`] = id;
	}

	writeFileSync(file, JSON.stringify(data));
}

export type Harness = {
	/** The last frame, without escape sequences. */
	frame: () => string;
	/** The last frame as Ink wrote it. */
	raw: () => string;
	/** Everything written to the terminal so far (frames and the app's own escapes, e.g. OSC 52). */
	written: () => string;
	/** The rows drawn inverse (the cursor) below the tab bar, without escape sequences. */
	highlighted: () => string[];
	/** Sends keys one at a time, each after the app has drawn what the last one did. */
	press: (...input: string[]) => Promise<void>;
	type: (text: string) => Promise<void>;
	waitFor: (test: string | RegExp | ((frame: string) => boolean), timeoutMs?: number) => Promise<string>;
	/** The terminal changes size (only when the app follows the terminal, not a fixed size). */
	resize: (columns: number, rows: number) => void;
	unmount: () => void;
	exited: () => boolean;
};

const nextTurn = async () => new Promise(resolve => {
	setImmediate(resolve);
});

const settle = async (ms = 15) => new Promise(resolve => {
	setTimeout(resolve, ms);
});

/** The size the next fake terminal starts with; `resize` changes one terminal's own. */
let terminalSize: {columns: number; rows: number | undefined} = {columns: 100, rows: undefined};
let sized = false;

/** Makes the fake stdout's columns and rows settable, before the app first reads them. */
function sizeTerminals(): void {
	if (sized) {
		return;
	}

	sized = true;
	const probe = render(<></>);
	type Sized = {sizeOverride?: {columns: number; rows: number}};
	Object.defineProperties(Object.getPrototypeOf(probe.stdout) as object, {
		columns: {
			configurable: true,
			get(this: Sized) {
				return this.sizeOverride?.columns ?? terminalSize.columns;
			},
		},
		rows: {
			configurable: true,
			get(this: Sized) {
				return this.sizeOverride?.rows ?? terminalSize.rows;
			},
		},
	});
	probe.unmount();
}

export type RenderOptions = {
	columns?: number;
	rows?: number;
	pane?: Pane;
	/** The registry browser for `HOST/` in the Hub's box (default: the app's). */
	browser?: (domain: string) => RegistryBrowser;
	hub?: () => Hub;
	/** Let the app read the (fake) terminal's size and follow its resizes, instead of a fixed size. */
	terminal?: boolean;
	/** An engine beside the store: the switch key goes to it, and (from the store) the send key loads into it. */
	engine?: EngineBackend;
	/** As `dockyard lesson` opens the app: the lesson panel on this lesson. */
	lesson?: LessonSession;
	/** Mouse events the test sends (as the key stream would hand them on). */
	mouse?: MouseSource;
	/** How often the idle app is drawn again for its ages. */
	ageRefreshMs?: number;
};

/**
 * A real engine backend at a socket path where nothing listens (a temp dir's,
 * removed when the test ends): every request meets docker's "Cannot connect".
 */
export function absentEngine(): EngineBackend {
	const directory = mkdtempSync(path.join(os.tmpdir(), 'dockyard-no-engine-'));
	endOfTest.push(() => {
		rmSync(directory, {recursive: true, force: true});
	});
	const host = `unix://${path.join(directory, 'docker.sock')}`;
	return new EngineBackend({host, dockerPrefix: `docker -H ${host}`, connectTimeoutMs: 2000});
}

/**
 * The app on ink-testing-library's fake terminal. Keys go in as the real
 * terminal's do through key-stream.ts: one at a time, each after a settling
 * update (the key gate), so a text box's handler has seen the last key.
 */
export function renderApp(store: Store | Backend, options: RenderOptions = {}): Harness {
	// Tests fill a Store through the core; the app holds it as the CLI and the TUI do, behind the Backend seam.
	const backend = store instanceof Store ? new StoreBackend(store) : store;
	const {engine} = options;
	// As backend-pair.ts wires them: the store's images go to the engine through its client.
	const toEngine: SendToEngine | undefined = engine && store instanceof Store
		? {from: backend, docker: engine.teaching.docker, run: async targets => (await sendToEngine(store, await engine.client(), targets)).loaded}
		: undefined;
	const size = {columns: options.columns ?? 100, rows: options.rows ?? 30};
	let settleReact: ((done: () => void) => void) | undefined;
	const gate: KeyGate = {
		attach(settle) {
			settleReact = settle;
			return () => {
				settleReact = undefined;
			};
		},
	};
	// ink-testing-library's stdout has a fixed 100 columns and no rows: give it the size asked for.
	terminalSize = options.terminal ? size : {columns: 100, rows: undefined};
	sizeTerminals();
	const instance = render(<App backend={backend} other={engine} send={toEngine} size={options.terminal ? undefined : size} pane={options.pane} hub={options.hub} browser={options.browser} keyGate={gate} lesson={options.lesson} mouse={options.mouse} ageRefreshMs={options.ageRefreshMs}/>);
	if (options.terminal) {
		Object.assign(instance.stdout, {sizeOverride: {...size}});
	}
	// As key-stream.ts hands keys to Ink: a turn (after a lone Esc, until Ink has let it go), then a
	// settling update, the key once its effect ran.
	let afterEscape = false;
	const send = async (key: string) => {
		await (afterEscape ? settle(escapeWindowMs) : nextTurn());
		afterEscape = key === keys.escape;
		await new Promise<void>(resolve => {
			if (settleReact) {
				settleReact(resolve);
			} else {
				resolve();
			}
		});
		await nextTurn();
		instance.stdin.write(key);
	};

	const setSize = (columns: number, rows: number) => {
		Object.assign(instance.stdout, {sizeOverride: {columns, rows}});
		instance.stdout.emit('resize');
	};

	const raw = () => instance.lastFrame() ?? '';
	const frame = () => stripAnsi(raw());
	const harness: Harness = {
		frame,
		raw,
		written: () => instance.frames.join(''),
		// The tab bar (the first line) shows the focused pane inverse too: not a cursor.
		highlighted: () => raw().split('\n').slice(1).filter(line => line.includes('\u001B[7m')).map(line => stripAnsi(line)),
		// Each key waits for the app to settle after the one before; the last, a moment to draw.
		async press(...input) {
			for (const key of input) {
				// eslint-disable-next-line no-await-in-loop
				await send(key);
			}

			await settle();
		},
		async type(text) {
			for (const character of text) {
				// eslint-disable-next-line no-await-in-loop
				await send(character);
			}

			await settle();
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
				await settle(10);
			}
		},
		resize: setSize,
		unmount() {
			instance.unmount();
		},
		// When the app calls exit(), Ink unmounts and stops reading its stdin.
		exited: () => instance.stdin.listenerCount('readable') === 0,
	};
	endOfTest.push(() => {
		harness.unmount();
	});
	return harness;
}

/** The text inside a dialog's frame, its wrapped lines joined by single spaces. */
export function dialogText(screen: string): string {
	return screen.split('\n')
		.filter(line => line.startsWith('│'))
		.map(line => line.replace(/^│|│$/g, '').trim())
		.filter(Boolean)
		.join(' ');
}

/** The lines of a frame that contain `text`. */
export function linesWith(screen: string, text: string): string[] {
	return screen.split('\n').filter(line => line.includes(text));
}

/** Waits until `condition` holds, polling, failing after `timeoutMs` with `what`. */
export async function until(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) {
			throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		}

		// eslint-disable-next-line no-await-in-loop
		await nextTurn();
	}
}

/** The index without its journal: what a refusal or an error must leave as it was (they are journalled). */
export function withoutJournal(data: IndexData): Omit<IndexData, 'journal'> {
	const {journal: _journal, ...rest} = data;
	return rest;
}
