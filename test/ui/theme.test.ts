import {afterEach, describe, expect, test} from 'vitest';
import {chooseTheme, guessFromColorFgBg, setTheme, tint} from '../../source/ui/theme.js';

afterEach(() => {
	setTheme('dark');
});

describe('themes', () => {
	test('dark and light palettes: the light one has no yellow or cyan, which wash out on white', () => {
		expect(tint('warn', {}, 'dark')).toBe('yellow');
		expect(tint('accent', {}, 'dark')).toBe('cyan');
		const light = (['accent', 'muted', 'good', 'warn', 'bad', 'base'] as const).map(role => tint(role, {}, 'light'));
		expect(light).not.toContain('yellow');
		expect(light).not.toContain('cyan');
		expect(new Set(light).size).toBe(light.length);
	});

	test('NO_COLOR turns every colour off, in either theme', () => {
		for (const theme of ['dark', 'light'] as const) {
			expect(tint('accent', {NO_COLOR: '1'}, theme)).toBeUndefined();
			expect(tint('bad', {NO_COLOR: '1'}, theme)).toBeUndefined();
		}

		// Present but empty is not set, as the spec says.
		expect(tint('accent', {NO_COLOR: ''}, 'dark')).toBe('cyan');
	});

	test('COLORFGBG: a light background (7, 9–15) guesses light, a dark one dark, nothing or nonsense no guess', () => {
		expect(guessFromColorFgBg({COLORFGBG: '0;15'})).toBe('light');
		expect(guessFromColorFgBg({COLORFGBG: '0;7'})).toBe('light');
		expect(guessFromColorFgBg({COLORFGBG: 'default;default;15'})).toBe('light');
		expect(guessFromColorFgBg({COLORFGBG: '15;0'})).toBe('dark');
		expect(guessFromColorFgBg({COLORFGBG: '7;8'})).toBe('dark');
		expect(guessFromColorFgBg({})).toBeUndefined();
		expect(guessFromColorFgBg({COLORFGBG: 'default;default'})).toBeUndefined();
	});

	test('the flag wins over the setting, the setting over the guess; dark when nothing says', () => {
		expect(chooseTheme({flag: 'light', setting: 'dark', environment: {COLORFGBG: '15;0'}})).toBe('light');
		expect(chooseTheme({setting: 'light', environment: {COLORFGBG: '15;0'}})).toBe('light');
		expect(chooseTheme({environment: {COLORFGBG: '0;15'}})).toBe('light');
		expect(chooseTheme({environment: {}})).toBe('dark');
		expect(chooseTheme({setting: 'purple', environment: {}})).toBe('dark');
	});

	test('the chosen theme is what tint uses', () => {
		setTheme('light');
		expect(tint('accent', {})).toBe('blue');
		setTheme('dark');
		expect(tint('accent', {})).toBe('cyan');
	});
});
