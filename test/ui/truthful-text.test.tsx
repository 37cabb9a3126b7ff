import {afterEach, describe, expect, test} from 'vitest';
import {footerLines} from '../../source/ui/chrome.js';
import {helpLines} from '../../source/ui/keymap.js';
import {outcomeText} from '../../source/ui/teaching-rows.js';
import {keys, makeStore, renderApp, seeded, type Harness, type TestStore} from './helpers.js';

/** Help, footer and status say only what is true (issue 22 #10). */
let app: Harness | undefined;
let store: TestStore | undefined;
afterEach(() => {
	app?.unmount();
	app = undefined;
	store?.cleanup();
	store = undefined;
});

describe('the footer names the quit key that works where the keys go', () => {
	test('in the Hub q is a letter: the footer says C-c quit', async () => {
		expect(footerLines(['hub', 'list', 'global'], 200).join(' ')).toContain('C-c quit');
		expect(footerLines(['hub', 'list', 'global'], 200).join(' ')).not.toContain('q quit');
		expect(footerLines(['images', 'list', 'global'], 200).join(' ')).toContain('q quit');
		store = await makeStore(async s => seeded(s, {container: false}));
		app = renderApp(store.store);
		await app.waitFor('microsoft/iis');
		await app.press('2');
		const screen = await app.waitFor('C-c quit');
		expect(screen).not.toContain('q quit');
	});
});

describe('the status line says each thing once, and only what happened', () => {
	test('a refusal is "refused" once, whatever its summary starts with', () => {
		const text = outcomeText({ok: false, outcome: 'refused', summary: 'Refused: microsoft/iis:latest needs the base OS image WindowsServerCore 10.0.10586.0'});
		expect(text).toBe('✘ refused: microsoft/iis:latest needs the base OS image WindowsServerCore 10.0.10586.0');
	});

	test('a cancelled confirmation is neither ✔ nor ✘', async () => {
		store = await makeStore(async s => seeded(s, {container: false}));
		app = renderApp(store.store);
		await app.waitFor('microsoft/iis');
		await app.press('d');
		await app.waitFor('Proceed? [y/N]');
		await app.press('n');
		const screen = await app.waitFor('Cancelled: nothing was changed');
		expect(screen).not.toMatch(/[✔✘] Cancelled/);
	});

	test('a removal confirmation says what will be done, not what was', async () => {
		store = await makeStore(async s => seeded(s, {container: false}));
		app = renderApp(store.store);
		await app.waitFor('microsoft/iis');
		await app.press('d');
		const screen = await app.waitFor('Proceed? [y/N]');
		expect(screen).toContain('Will untag microsoft/iis:latest');
		expect(screen).toMatch(/Will delete sha256:/);
		expect(screen).not.toMatch(/Untagged:|Deleted:/);
	});
});

describe('help lists every way out and scrolls with the list keys', () => {
	test('help names Ctrl-C', () => {
		expect(helpLines().some(line => /C-c/.test(line) && /quit/.test(line))).toBe(true);
	});

	test('G, g, PgDn and PgUp scroll help', async () => {
		store = await makeStore(async s => seeded(s, {container: false}));
		app = renderApp(store.store, {rows: 24, columns: 80});
		await app.waitFor('microsoft/iis');
		await app.press('?');
		const top = await app.waitFor('Keys (');
		const last = helpLines().at(-1)!.trim();
		expect(top).not.toContain(last);
		await app.press('G');
		await app.waitFor(last);
		await app.press('g');
		await app.waitFor(screen => !screen.includes(last) && screen.includes(helpLines()[1]!.trim()));
		await app.press(keys.pageDown);
		await app.waitFor(screen => !screen.includes(helpLines()[1]!.trim()));
		await app.press(keys.pageUp);
		await app.waitFor(helpLines()[1]!.trim());
	});
});
