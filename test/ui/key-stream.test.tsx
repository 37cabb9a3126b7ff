import {EventEmitter} from 'node:events';
import {render} from 'ink';
import stripAnsi from 'strip-ansi';
import {expect, test} from 'vitest';
import {StoreBackend} from '../../source/core/backend/store-backend.js';
import {App} from '../../source/ui/app.js';
import {keyInput, splitKeys} from '../../source/ui/key-stream.js';
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
