import {describe, expect, test} from 'vitest';
import {keys, linesWith, makeStore, renderApp} from './helpers.js';

/** The Hub's search box as drawn: what follows `Search (hub) ` and the position. */
function searchLine(screen: string): string {
	return linesWith(screen, 'Search (')[0] ?? '';
}

describe('hub search is predictable', () => {
	test('a second / starts a fresh query', async () => {
		const {store} = await makeStore();
		const app = renderApp(store, {pane: 'hub'});
		await app.waitFor('microsoft/iis');
		await app.press('/');
		await app.type('iis');
		await app.press(keys.enter);
		await app.waitFor(screen => !screen.includes('microsoft/nginx'));
		await app.press('/');
		await app.type('nginx');
		const screen = await app.waitFor('microsoft/nginx');
		expect(searchLine(screen)).not.toContain('iisnginx');
		expect(searchLine(screen)).toContain('nginx');
	});

	test('in the results, a letter no key claims starts a new search; q does not quit', async () => {
		const {store} = await makeStore();
		const app = renderApp(store, {pane: 'hub'});
		await app.waitFor('microsoft/iis');
		// q starts a search for q (no result), it does not quit.
		await app.press('q');
		await app.waitFor(frame => /\) q(\s+\d+\/\d+)?\s*$/.test(searchLine(frame)));
		expect(app.exited()).toBe(false);
		await app.press(keys.escape);
		await app.waitFor('microsoft/aspnet');
		// s is no Hub key: "sql" typed in the results is a search for sql.
		await app.type('sql');
		const screen = await app.waitFor(frame => frame.includes('microsoft/sqlite') && !frame.includes('microsoft/aspnet'));
		expect(searchLine(screen)).toContain('sql');
		expect(app.exited()).toBe(false);
	});

	test('n/18 and a sign of the rows below', async () => {
		const {store} = await makeStore();
		const app = renderApp(store, {pane: 'hub', rows: 16});
		const screen = await app.waitFor('microsoft/aspnet');
		expect(searchLine(screen)).toMatch(/1\/18/);
		expect(screen).toMatch(/↓ \d+ more below/);
		await app.press('G');
		const end = await app.waitFor(frame => searchLine(frame).includes('18/18'));
		expect(end).not.toMatch(/more below/);
	});
});

describe('a pull\'s outcome', () => {
	test('a cancelled pull says cancelled, not failed', async () => {
		const {store} = await makeStore(undefined, {offlineBytesPerSecond: 50_000});
		const app = renderApp(store, {pane: 'hub'});
		await app.waitFor('microsoft/iis');
		await app.press('/');
		await app.type('nanoserver');
		await app.press(keys.enter);
		await app.waitFor('Tags of nanoserver');
		await app.press(keys.enter);
		await app.waitFor('x cancels');
		await app.press('x');
		const screen = await app.waitFor('cancelled');
		expect(screen).toMatch(/Pull of \S+ cancelled/i);
		expect(screen).not.toMatch(/Pull of .* failed/);
	});

	test('a pull that finds everything there does not say "Downloaded in"; an ended pull gives the results their rows back', async () => {
		const {store} = await makeStore();
		const app = renderApp(store, {pane: 'hub', rows: 30});
		await app.waitFor('microsoft/iis');
		await app.press('/');
		await app.type('nanoserver');
		await app.press(keys.enter);
		await app.waitFor('Tags of nanoserver');
		await app.press('i');
		await app.waitFor('Install a base OS image');
		await app.press(keys.enter);
		await app.waitFor('Status: Downloaded newer image', 20_000);
		await app.press(keys.escape);
		const results = await app.waitFor('microsoft/sqlite');
		// Two rows for the ended pull: every result but the last fits in 30 rows.
		expect(results.split('\n').filter(line => line.startsWith('microsoft/')).length).toBeGreaterThanOrEqual(15);
		await app.press('g', 'G');
		await app.press('/');
		await app.type('nanoserver');
		await app.press(keys.enter);
		await app.press('i', keys.enter);
		const again = await app.waitFor('Status: Image is up to date', 20_000);
		expect(linesWith(again, 'Status: Image is up to date').join('\n')).not.toContain('Downloaded in');
	});
});
