import {describe, expect, test} from 'vitest';
import {fuzzyScore} from '../../source/ui/fuzzy.js';
import {keymap, keyToken} from '../../source/ui/keymap.js';
import {filterPalette, paletteEntries} from '../../source/ui/palette.js';
import {keys, makeStore, renderApp, seeded} from './helpers.js';

const ctrlP = '\u0010';

describe('fuzzy matching', () => {
	test('the query\'s characters in order, case ignored; runs and word starts score higher', () => {
		expect(fuzzyScore('srt', 'sort: created, name, size')).toBeDefined();
		expect(fuzzyScore('SORT', 'sort: created')).toBeDefined();
		expect(fuzzyScore('tros', 'sort')).toBeUndefined();
		expect(fuzzyScore('', 'anything')).toBe(0);
		expect(fuzzyScore('pull', 'pull (or install)')!).toBeGreaterThan(fuzzyScore('pull', 'previous tag: use all')!);
	});
});

describe('the palette\'s entries, from the keymap', () => {
	const paneScopes = new Set(['global', 'list', 'images', 'hub', 'history', 'containers']);

	test('every action of the keymap outside dialogs and text boxes is an entry, and typing its name finds it first', () => {
		const entries = paletteEntries();
		for (const binding of keymap.filter(binding => paneScopes.has(binding.scope) && binding.action !== 'palette')) {
			expect(entries.map(entry => entry.binding)).toContain(binding);
		}

		for (const entry of entries) {
			expect(filterPalette(entries, entry.text)[0]).toBe(entry);
		}
	});

	test('only what the backend serves', () => {
		const entries = paletteEntries(new Set(['journal']));
		expect(entries.some(entry => entry.binding.requires === 'journal')).toBe(true);
		expect(entries.some(entry => entry.binding.requires && entry.binding.requires !== 'journal')).toBe(false);
	});

	test('Ctrl-P is a token of its own', () => {
		expect(keyToken('p', {ctrl: true} as never)).toBe('ctrl-p');
		expect(keyToken('c', {ctrl: true} as never)).toBe('ctrl-c');
	});
});

describe('the command palette in the app', () => {
	test(': opens it; typing narrows the list; Enter runs the action as its key would; Esc closes', async () => {
		const store = await makeStore(async s => seeded(s));
		const app = renderApp(store.store);
		await app.waitFor('microsoft/iis');
		await app.press(':');
		let screen = await app.waitFor('Command palette (');
		const all = Number(/Command palette \((\d+)\)/.exec(screen)![1]);
		expect(all).toBeGreaterThan(20);
		expect(screen).toContain('quit');
		await app.type('sort');
		screen = await app.waitFor(frame => {
			const match = /Command palette \((\d+)\)/.exec(frame);
			return match !== null && Number(match[1]) < all;
		});
		expect(screen).toContain('sort: created, name, size');
		expect(screen).not.toMatch(/^│\s*quit\s/m);
		await app.press(keys.enter);
		// The same as s: the sort moves on from created to name.
		await app.waitFor('sort: name');
		expect(app.frame()).not.toContain('Command palette');

		await app.press(ctrlP);
		await app.waitFor('Command palette (');
		await app.press(keys.escape);
		await app.waitFor(frame => !frame.includes('Command palette') && frame.includes('Local images'));
	});

	test('an action of another pane goes to that pane first, then runs', async () => {
		const store = await makeStore(async s => seeded(s));
		const app = renderApp(store.store);
		await app.waitFor('microsoft/iis');
		await app.press(':');
		await app.waitFor('Command palette (');
		await app.type('new from an image');
		await app.waitFor(/new from an image\s+Containers/);
		await app.press(keys.enter);
		await app.waitFor('Create a container (docker create)');
		await app.press(keys.escape);
		await app.waitFor('CONTAINER ID');
	});
});
