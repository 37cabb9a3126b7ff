import {readFileSync, writeFileSync} from 'node:fs';
import stringWidth from 'string-width';
import {describe, expect, test, vi} from 'vitest';
import type {Hub, SearchResult} from '../../source/core/hub/hub.js';
import type {IndexData} from '../../source/core/store/records.js';
import {keys, makeStore, renderApp, seeded, type Harness, type TestStore} from './helpers.js';

let app: Harness | undefined;
let store: TestStore | undefined;

const longWords = 'a very long description that goes on and on '.repeat(8);

/** A hub whose names, descriptions and tags carry escape and control sequences. */
const hostileHub: Hub = {
	label: 'hostile \u001B[2Jhub',
	async search(): Promise<SearchResult[]> {
		return [
			{name: 'evil/\u001B]0;pwned\u0007name', description: `\u001B[2J\u001B[Hwipes\rthe\u0008 screen \u001B[31mred\u001B[0m\u0007 \u009B31m ${longWords}`, stars: 7, official: false, automated: true},
			{name: 'plain/tags', description: 'tags with escapes', stars: 2, official: false, automated: false},
			{name: 'wide/漢字漢字漢字漢字漢字漢字漢字漢字', description: '漢字'.repeat(80), stars: 1, official: true, automated: false},
		];
	},
	async tags() {
		return ['v1\u001B[2J\u001B]8;;http://x\u0007', 'latest'];
	},
	async resolve() {
		throw new Error('manifest \u001B]0;owned\u0007unknown\u001B[2J here');
	},
	async openBlob() {
		throw new Error('not in this test');
	},
};

/** Escapes a frame may hold: SGR (style) only; nothing that moves, clears, titles or rings. */
function expectOnlyStyles(raw: string): void {
	expect(raw).not.toMatch(/\u001B\]/);
	expect(raw).not.toMatch(/\u001B\[[\d;?]*[A-Za-ln-z]/);
	// eslint-disable-next-line no-control-regex
	expect(raw).not.toMatch(/[\u0000-\u0009\u000B-\u001A\u001C-\u001F\u007F-\u009F]/);
}

function expectFits(screen: string, columns: number, rows: number): void {
	const lines = screen.split('\n');
	expect(lines.length, screen).toBeLessThanOrEqual(rows);
	const wide = lines.filter(line => stringWidth(line) > columns);
	expect(wide, screen).toEqual([]);
}

describe('robust text', () => {
	test('hub names, descriptions and tags are drawn without their escape and control sequences', async () => {
		store = await makeStore(undefined, {hub: () => hostileHub});
		app = renderApp(store.store, {pane: 'hub', hub: () => hostileHub, columns: 100});
		const screen = await app.waitFor('Tags of evil/name');
		expect(screen).toMatch(/^evil\/name\s+wipes the screen red\s/m);
		expect(screen).toContain('Search (hostile hub)');
		expectOnlyStyles(app.raw());
		expectFits(screen, 100, 30);
		// Long and wide text is cut to its column with an ellipsis, never wrapped.
		expect(screen).toMatch(/^evil\/name .*…\s+7\s/m);
		await app.press('j');
		await app.waitFor('Tags of plain/tags (←/→ choose): v1 [latest]');
		expectOnlyStyles(app.raw());
		// The other tag chosen: the teaching line names it, cleaned too.
		await app.press('h');
		await app.waitFor('[v1] latest');
		expectOnlyStyles(app.raw());
		await app.press('l');
		await app.waitFor('v1 [latest]');
		// The hub's error, in the dialog, the pull's panel and the status line.
		await app.press(keys.enter);
		const failed = await app.waitFor('Esc or Enter closes');
		expect(failed).toMatch(/manifest\s+unknown\s+here/);
		expectOnlyStyles(app.raw());
		await app.press(keys.escape);
		await app.waitFor('Pull of plain/tags:latest failed');
		expectOnlyStyles(app.raw());
		await app.press('j');
		const wide = await app.waitFor('Tags of wide/');
		// NAME is as wide as the longest name (37 cells, wide characters counted twice); the description is cut.
		expect(wide).toMatch(/^wide\/(漢字){8}\s+漢字\S*…\s+1 \[OK]/m);
		expectFits(wide, 100, 30);
		expectOnlyStyles(app.raw());
	});

	test('an image whose config carries escapes (labels, history) is drawn without them', async () => {
		store = await makeStore(async s => {
			await seeded(s, {container: false});
			const data = JSON.parse(readFileSync(s.indexPath, 'utf8')) as IndexData;
			const iis = Object.values(data.images).find(image => image.parent)!;
			const config = JSON.parse((await s.blobs.read(iis.id)).toString('utf8')) as {history?: Array<{created_by?: string; comment?: string}>};
			for (const step of config.history ?? []) {
				step.created_by = `${step.created_by ?? ''} \u001B]0;owned\u0007\u001B[2Jrm -rf`;
				step.comment = 'c\u001B[5mblink';
			}

			const id = await s.blobs.writeBytes(Buffer.from(JSON.stringify(config)));
			data.images[id] = {...iis, id, title: 'ev\u001B[31mil\u0007', publisher: 'CN=\u001B]0;x\u0007Pub', version: '1.0\u001B[2J'};
			data.tags['docker.io/hostile/app:1'] = id;
			writeFileSync(s.indexPath, JSON.stringify(data));
		});
		app = renderApp(store.store);
		await app.waitFor('hostile/app');
		expectOnlyStyles(app.raw());
		await app.press('p');
		await app.waitFor('IsOSImage');
		expect(app.frame()).toMatch(/^\s+evil\s/m);
		expectOnlyStyles(app.raw());
		await app.press('p', '/', ...'hostile', keys.enter, keys.enter);
		const screen = await app.waitFor('rm -rf');
		expect(screen).toMatch(/^[\da-f]{12} .* cblink\s*$/m);
		expectOnlyStyles(app.raw());
	});

	test('a hub that fails says so, without the escapes its error carries', async () => {
		const failing: Hub = {
			...hostileHub,
			async search() {
				throw new Error('registry said \u001B[2J\u001B]0;owned\u0007no');
			},
		};
		store = await makeStore();
		app = renderApp(store.store, {pane: 'hub', hub: () => failing});
		const screen = await app.waitFor('Search failed:');
		expect(screen).toMatch(/Search failed: registry said\s+no/);
		expectOnlyStyles(app.raw());
	});

	test('at 80x24 every pane and dialog fits: no line wider than 80, no more than 24 lines', async () => {
		store = await makeStore(async s => seeded(s));
		app = renderApp(store.store, {terminal: true, columns: 80, rows: 24});
		const states: Array<{keys: string[]; ready: string | RegExp}> = [
			{keys: [], ready: 'microsoft/iis'},
			{keys: ['p'], ready: 'IsOSImage'},
			{keys: ['p', '/', ...'a long filter that does not match anything at all'], ready: 'Nothing matches'},
			{keys: [keys.escape, '2'], ready: 'microsoft/aspnet'},
			{keys: ['/', ...'a search far longer than the box has room for, and then some more'], ready: 'No match: '},
			{keys: [keys.escape, '/', ...'iis', keys.enter], ready: 'Tags of microsoft/iis'},
			{keys: ['i'], ready: 'Install a base OS image'},
			{keys: [keys.escape, '3'], ready: 'Parent chain'},
			{keys: ['t'], ready: 'entries'},
			{keys: ['t', '4'], ready: ' web '},
			{keys: ['?'], ready: 'Keys ('},
			{keys: [keys.escape, '1', 'd'], ready: 'cannot be removed'},
			{keys: [keys.escape, 'G', 'd'], ready: 'Proceed?'},
			{keys: [keys.escape, 't'], ready: '(docker tag)'},
			{keys: [...'x'.repeat(100)], ready: 'xxxxxxxxxx'},
			// A bad tag name keeps its prompt open (with the error): that prompt, then a message from a load of a missing file.
			{keys: [keys.escape, 't', ...'Bad Name', keys.enter], ready: 'invalid reference format'},
			{keys: [keys.escape, 'L', ...'/no/such', keys.enter], ready: 'Esc or Enter closes'},
		];
		for (const state of states) {
			// eslint-disable-next-line no-await-in-loop
			await app.press(...state.keys);
			// eslint-disable-next-line no-await-in-loop
			const screen = await app.waitFor(state.ready);
			expectFits(screen, 80, 24);
		}
	}, 15_000);

	test('a resize redraws the app at the new size', async () => {
		store = await makeStore(async s => seeded(s));
		app = renderApp(store.store, {terminal: true, columns: 100, rows: 30});
		let screen = await app.waitFor('microsoft/iis');
		expect(screen.split('\n')).toHaveLength(29);
		expect(Math.max(...screen.split('\n').map(line => stringWidth(line)))).toBeGreaterThan(80);
		app.resize(80, 24);
		screen = await app.waitFor(frame => frame.split('\n').length === 23);
		expectFits(screen, 80, 24);
		expect(screen).toContain('microsoft/iis');
		app.resize(120, 40);
		screen = await app.waitFor(frame => frame.split('\n').length === 39);
		expect(Math.max(...screen.split('\n').map(line => stringWidth(line)))).toBeGreaterThan(100);
		expectFits(screen, 120, 40);
	});

	test('NO_COLOR=1 draws no colour, in any pane (bold and inverse stay: they carry the cursor)', async () => {
		const saved = process.env['NO_COLOR'];
		const colour = /\u001B\[(?:3\d|4\d|9[0-7]|10[0-7])(?:;[\d;]*)?m/;
		try {
			delete process.env['NO_COLOR'];
			store = await makeStore(async s => seeded(s));
			app = renderApp(store.store);
			await app.waitFor('microsoft/iis');
			// Colours are on without NO_COLOR: the check below can see them.
			expect(app.raw()).toMatch(colour);
			app.unmount();

			process.env['NO_COLOR'] = '1';
			app = renderApp(store.store);
			const states: Array<{keys: string[]; ready: string}> = [
				{keys: [], ready: 'microsoft/iis'},
				{keys: ['2', '/'], ready: 'Enter/↓ results'},
				{keys: [keys.escape], ready: 'microsoft/sqlite'},
				{keys: ['3'], ready: 'Parent chain'},
				{keys: ['4'], ready: ' web '},
				{keys: ['1', 'd'], ready: 'cannot be removed'},
				{keys: [keys.escape, '?'], ready: 'Keys ('},
			];
			for (const state of states) {
				// eslint-disable-next-line no-await-in-loop
				await app.press(...state.keys);
				// eslint-disable-next-line no-await-in-loop
				await app.waitFor(state.ready);
				expect(app.raw(), state.ready).not.toMatch(colour);
			}

			// The cursor is still seen.
			await app.press(keys.escape);
			await app.waitFor(frame => !frame.includes('Keys ('));
			expect(app.highlighted().length).toBeGreaterThan(0);
		} finally {
			if (saved === undefined) {
				delete process.env['NO_COLOR'];
			} else {
				process.env['NO_COLOR'] = saved;
			}
		}
	});

	test('a corrupt index is shown with its path, never reset; q still quits', async () => {
		store = await makeStore(async s => seeded(s, {container: false}));
		writeFileSync(store.store.indexPath, '{"version": 1, "images": ');
		app = renderApp(store.store);
		const screen = await app.waitFor('The store cannot be read; nothing was changed.');
		expect(screen).toContain(`Index: ${store.store.indexPath}`.slice(0, 60));
		// The way out is named (issue 22 #12), and the quit key is one that quits in every pane.
		expect(screen.replaceAll(/\s+/g, ' ')).toContain('dockyard fsck --repair keeps a copy of the index');
		expect(screen).toContain('Ctrl-C quits.');
		expect(screen).not.toContain('q quits');
		expect(readFileSync(store.store.indexPath, 'utf8')).toBe('{"version": 1, "images": ');
		await app.press('q');
		await vi.waitFor(() => {
			expect(app!.exited()).toBe(true);
		}, {timeout: 1000, interval: 5});
	});
});
