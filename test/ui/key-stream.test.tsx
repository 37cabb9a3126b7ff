import {EventEmitter} from 'node:events';
import {render} from 'ink';
import stripAnsi from 'strip-ansi';
import {expect, test} from 'vitest';
import {StoreBackend} from '../../source/core/backend/store-backend.js';
import {App} from '../../source/ui/app.js';
import {keyInput, keySplitter, splitKeys} from '../../source/ui/key-stream.js';
import {bigStore, makeStore, until, type TestStore} from './helpers.js';

let store: TestStore | undefined;

/** A terminal as tui.tsx drives one: a raw stdin read through keyInput, a 100x30 stdout. */
function fakeTerminal() {
	const stdin = Object.assign(new EventEmitter(), {
		isTTY: true,
		setRawMode() {},
		setEncoding() {},
		ref() {},
		unref() {},
		pause() {},
		resume() {},
	});
	let last = '';
	const stdout = Object.assign(new EventEmitter(), {
		columns: 100,
		rows: 30,
		isTTY: true,
		write(frame: string) {
			last = frame;
			return true;
		},
	});
	return {stdin, stdout, frame: () => stripAnsi(last)};
}

test('splitKeys cuts a read into keys: letters, CSI and SS3 sequences, a lone Esc', () => {
	expect(splitKeys('jj\r')).toEqual(['j', 'j', '\r']);
	expect(splitKeys('\u001B[A\u001B[5~x\u001BOH')).toEqual(['\u001B[A', '\u001B[5~', 'x', '\u001BOH']);
	expect(splitKeys('\u001B')).toEqual(['\u001B']);
	expect(splitKeys('\u001B\u001B[B')).toEqual(['\u001B', '\u001B[B']);
});

test('splitKeys: Esc then a key in one read is Esc, then the key (but Alt-B, Alt-F: a word left, right)', () => {
	expect(splitKeys('\u001Bb\u001Bf')).toEqual(['\u001Bb', '\u001Bf']);
	expect(splitKeys('\u001B2')).toEqual(['\u001B', '2']);
	expect(splitKeys('x\u001Bq')).toEqual(['x', '\u001B', 'q']);
	expect(splitKeys('\u001B\u001B')).toEqual(['\u001B', '\u001B']);
});

test('splitKeys keeps a bracketed paste whole, also when it comes in several reads', () => {
	expect(splitKeys('/\u001B[200~a b\r\u001B[201~\r')).toEqual(['/', '\u001B[200~a b\r\u001B[201~', '\r']);
	const splitter = keySplitter();
	expect(splitter.push('j\u001B[200~ab')).toEqual(['j']);
	expect(splitter.push('cd')).toEqual([]);
	expect(splitter.push('e\u001B[201~kk')).toEqual(['\u001B[200~abcde\u001B[201~', 'k', 'k']);
});

test('a whole word in one read, as tmux send-keys or a fast typist sends it, reaches the filter intact', async () => {
	store = await makeStore(async s => bigStore(s, 200));
	const terminal = fakeTerminal();
	const keys = keyInput(terminal.stdin as unknown as NodeJS.ReadStream);
	const instance = render(<App backend={new StoreBackend(store.store)} keyGate={keys.gate}/>, {
		stdin: keys,
		stdout: terminal.stdout as unknown as NodeJS.WriteStream,
		debug: true,
		exitOnCtrlC: false,
		patchConsole: false,
	});
	try {
		await until(() => terminal.frame().includes('1/202'), 'the first frame');
		for (const word of ['app199', 'team3/app103']) {
			terminal.stdin.emit('data', `/${word}\r`);
			// eslint-disable-next-line no-await-in-loop
			await until(() => terminal.frame().includes(`filter: ${word}`) && terminal.frame().includes('d remove'), `the filter ${word}`, 10_000);
			expect(terminal.frame()).toContain('1/1 of 202');
			terminal.stdin.emit('data', '\u001B');
			// eslint-disable-next-line no-await-in-loop
			await until(() => !terminal.frame().includes('filter:'), 'the filter to clear');
		}
	} finally {
		instance.unmount();
		keys.detach();
	}
}, 20_000);

/** The app on a fake terminal, read through keyInput as tui.tsx reads the real one, with `count` images. */
async function appOnTerminal(count: number) {
	store = await makeStore(async s => bigStore(s, count));
	const terminal = fakeTerminal();
	const keys = keyInput(terminal.stdin as unknown as NodeJS.ReadStream);
	const instance = render(<App backend={new StoreBackend(store.store)} keyGate={keys.gate}/>, {
		stdin: keys,
		stdout: terminal.stdout as unknown as NodeJS.WriteStream,
		debug: true,
		exitOnCtrlC: false,
		patchConsole: false,
	});
	await until(() => terminal.frame().includes(`1/${count + 2}`), 'the first frame');
	return {
		terminal,
		end() {
			instance.unmount();
			keys.detach();
		},
	};
}

test('Esc, then 2 a moment later (inside Ink\'s Esc window) or in the same read: the filter closes, then the hub opens', async () => {
	const {terminal, end} = await appOnTerminal(20);
	try {
		for (const reads of [['\u001B', '2'], ['\u001B2']]) {
			terminal.stdin.emit('data', '/app1');
			// eslint-disable-next-line no-await-in-loop
			await until(() => terminal.frame().includes('filter: app1'), 'the filter');
			// Esc and 2 as separate reads, 2 well within the 20 ms Ink holds a lone Esc; or both in one.
			for (const read of reads) {
				terminal.stdin.emit('data', read);
			}

			// eslint-disable-next-line no-await-in-loop
			await until(() => terminal.frame().includes('Search (offline catalog)'), `the hub after ${JSON.stringify(reads)}`, 10_000);
			expect(terminal.frame()).not.toContain('app12');
			terminal.stdin.emit('data', '1');
			// eslint-disable-next-line no-await-in-loop
			await until(() => terminal.frame().includes('sort: created'), 'Local images again');
			// The filter was cleared by Esc, not extended with a 2 (the highlight stays on the row it was on).
			expect(terminal.frame()).not.toContain('filter:');
			expect(terminal.frame()).toMatch(/\b\d+\/22\b/);
		}
	} finally {
		end();
	}
}, 30_000);

test('a lone Esc alone still acts, once Ink lets it go: the filter is cleared', async () => {
	const {terminal, end} = await appOnTerminal(20);
	try {
		terminal.stdin.emit('data', '/app1');
		await until(() => terminal.frame().includes('filter: app1'), 'the filter');
		terminal.stdin.emit('data', '\u001B');
		await until(() => !terminal.frame().includes('filter:'), 'the filter to clear');
	} finally {
		end();
	}
}, 30_000);

test('a paste through the key stream reaches the filter box as one string', async () => {
	const {terminal, end} = await appOnTerminal(200);
	try {
		terminal.stdin.emit('data', '/');
		await until(() => terminal.frame().includes('filter:'), 'the filter box');
		// In two reads, as a long paste may come; its Enter is text, not a key.
		terminal.stdin.emit('data', '\u001B[200~team3/');
		terminal.stdin.emit('data', 'app103\r\u001B[201~');
		await until(() => terminal.frame().includes('filter: team3/app103'), 'the pasted filter', 10_000);
		expect(terminal.frame()).toContain('1/1 of 202');
		expect(terminal.frame()).toContain('Enter/↓ keep');
		// The Enter in it is not drawn either: the box holds text, no control characters.
		expect(terminal.frame()).not.toContain('\r');
	} finally {
		end();
	}
}, 30_000);
