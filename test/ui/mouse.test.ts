import {EventEmitter} from 'node:events';
import {describe, expect, test} from 'vitest';
import {keyInput, splitKeys} from '../../source/ui/key-stream.js';
import {clickCounter, parseMouse, type MouseEvent} from '../../source/ui/mouse.js';
import {tabAt} from '../../source/ui/mouse-action.js';
import {mouseEnabled, takeTuiFlags, tuiTheme} from '../../source/ui/tui-options.js';

describe('SGR mouse reports', () => {
	test('press, release and the wheel, at 0-based cells; drags and other buttons of the wheel are not events', () => {
		expect(parseMouse('\u001B[<0;11;5M')).toEqual({kind: 'press', button: 'left', x: 10, y: 4});
		expect(parseMouse('\u001B[<2;1;1M')).toEqual({kind: 'press', button: 'right', x: 0, y: 0});
		expect(parseMouse('\u001B[<0;11;5m')).toEqual({kind: 'release', x: 10, y: 4});
		expect(parseMouse('\u001B[<64;3;7M')).toEqual({kind: 'wheel', direction: 'up', x: 2, y: 6});
		expect(parseMouse('\u001B[<65;3;7M')).toEqual({kind: 'wheel', direction: 'down', x: 2, y: 6});
		// Shift (4) held: still a press (the terminal selects text itself before it reports).
		expect(parseMouse('\u001B[<4;2;2M')).toEqual({kind: 'press', button: 'left', x: 1, y: 1});
		expect(parseMouse('\u001B[<32;2;2M')).toBeUndefined();
		expect(parseMouse('\u001B[A')).toBeUndefined();
		expect(parseMouse('\u001B[<0;0;0M')).toBeUndefined();
	});

	test('a report stays one key for the splitter, between other keys', () => {
		expect(splitKeys('j\u001B[<0;11;5M\u001B[<0;11;5mk')).toEqual(['j', '\u001B[<0;11;5M', '\u001B[<0;11;5m', 'k']);
	});

	test('the key stream hands reports to the mouse listeners, never to Ink as keys', async () => {
		const stdin = Object.assign(new EventEmitter(), {isTTY: true, setRawMode() {}, setEncoding() {}, ref() {}, unref() {}, pause() {}, resume() {}});
		const input = keyInput(stdin as unknown as NodeJS.ReadStream);
		const events: MouseEvent[] = [];
		const stop = input.mouse.subscribe(event => events.push(event));
		stdin.emit('data', 'a\u001B[<65;3;7Mb');
		const read: string[] = [];
		for (let turn = 0; turn < 50 && read.length < 2; turn++) {
			// eslint-disable-next-line no-await-in-loop
			await new Promise(resolve => {
				setImmediate(resolve);
			});
			const key = input.read();
			if (key !== null) {
				read.push(key);
			}
		}

		expect(read).toEqual(['a', 'b']);
		expect(events).toEqual([{kind: 'wheel', direction: 'down', x: 2, y: 6}]);
		stop();
		input.detach();
	});

	test('two presses on one cell close together are a double click; a third starts over', () => {
		const count = clickCounter();
		expect(count(1, 1, 1000)).toBe(1);
		expect(count(1, 1, 1100)).toBe(2);
		expect(count(1, 1, 1200)).toBe(1);
		expect(count(2, 1, 1300)).toBe(1);
		expect(count(2, 1, 5000)).toBe(1);
	});

	test('the tab bar\'s tabs, where TabBar draws them', () => {
		expect(tabAt(3)).toBeUndefined();
		expect(tabAt(10)).toBe('images');
		expect(tabAt(26)).toBe('hub');
		expect(tabAt(34)).toBe('history');
		expect(tabAt(47)).toBe('containers');
	});
});

describe('the TUI\'s flags and settings', () => {
	test('--no-mouse, DOCKYARD_MOUSE=0 or "mouse": false turn reporting off; on otherwise', () => {
		expect(mouseEnabled({}, {}, {})).toBe(true);
		expect(mouseEnabled({noMouse: true}, {}, {})).toBe(false);
		expect(mouseEnabled({}, {}, {DOCKYARD_MOUSE: '0'})).toBe(false);
		expect(mouseEnabled({}, {mouse: false}, {})).toBe(false);
		expect(mouseEnabled({}, {mouse: false}, {DOCKYARD_MOUSE: '1'})).toBe(true);
	});

	test('--theme and --no-mouse are taken only when the TUI opens; a theme other than light or dark is wrong usage', () => {
		expect(takeTuiFlags(['--no-mouse', '--theme', 'light'])).toEqual({argv: [], flags: {noMouse: true, theme: 'light'}});
		expect(takeTuiFlags(['tui', '--theme=dark'])).toEqual({argv: ['tui'], flags: {theme: 'dark'}});
		expect(takeTuiFlags(['images', '--no-mouse'])).toEqual({argv: ['images', '--no-mouse'], flags: {}});
		expect(() => takeTuiFlags(['--theme', 'purple'])).toThrow('invalid value "purple" for --theme: use dark or light');
		expect(tuiTheme({}, {theme: 'light'}, {})).toBe('light');
		expect(tuiTheme({theme: 'dark'}, {theme: 'light'}, {COLORFGBG: '0;15'})).toBe('dark');
	});
});
