import {expect, test} from 'vitest';
import {applySgr, parseScreen} from '../../source/media/ansi-svg.js';

test('SGR attributes switch on and off, 22 clears bold and dim together', () => {
	let style = applySgr({}, '1;2;3;4;7;9');
	expect(style).toEqual({bold: true, dim: true, italic: true, underline: true, inverse: true, strike: true});
	style = applySgr(style, '22;23;24;27;29');
	expect(style).toEqual({bold: false, dim: false, italic: false, underline: false, inverse: false, strike: false});
	expect(applySgr(style, '0')).toEqual({});
	expect(applySgr({bold: true}, '')).toEqual({});
});

test('16, 256 and true colours; 39 and 49 reset', () => {
	expect(applySgr({}, '31').fg).toMatch(/^#[\da-f]{6}$/);
	expect(applySgr({}, '38;5;196').fg).toBe('#ff0000');
	expect(applySgr({}, '48;5;232').bg).toBe('#080808');
	expect(applySgr({}, '38;2;1;2;3;1')).toEqual({fg: '#010203', bold: true});
	expect(applySgr({fg: '#010203', bg: '#040506'}, '39;49')).toEqual({fg: undefined, bg: undefined});
});

test('a screen is a grid of cells, wide characters taking two', () => {
	const screen = parseScreen('\u001B[1mab\u001B[0m漢\n', 6, 2);
	expect(screen).toHaveLength(2);
	expect(screen[0]!.slice(0, 2).map(cell => [cell.text, cell.style.bold])).toEqual([['a', true], ['b', true]]);
	expect(screen[0]![2]).toMatchObject({text: '漢', width: 2, style: {}});
});
