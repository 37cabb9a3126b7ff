import {EventEmitter} from 'node:events';
import {describe, expect, test} from 'vitest';
import type {Searcher} from '../../source/core/backend/backend.js';
import {StoreBackend} from '../../source/core/backend/store-backend.js';
import type {Hub} from '../../source/core/hub/hub.js';
import {openStore} from '../../source/core/store/store.js';
import type {MouseEvent, MouseSource} from '../../source/ui/mouse.js';
import {keys, linesWith, makeStore, renderApp, seeded, until, type Harness} from './helpers.js';

/** What another terminal's store sees and changes: the same home, its own Store. */
function elsewhere(home: string) {
	return openStore({home, offlineBytesPerSecond: 0});
}

/** The offline catalog's search, whose answers to the terms the test holds come only when it lets them through. */
function heldHub(real: Searcher) {
	const holding = new Set<string>();
	const waiting = new Map<string, () => void>();
	const hub = {
		label: real.label,
		async search(term: string, options: {limit: number}) {
			if (holding.has(term)) {
				await new Promise<void>(resolve => {
					waiting.set(term, resolve);
				});
			}

			return real.search(term, options);
		},
	};
	return {
		hub: () => hub as unknown as Hub,
		hold(term: string) {
			holding.add(term);
		},
		asked: (term: string) => waiting.has(term),
		release(term: string) {
			holding.delete(term);
			waiting.get(term)?.();
			waiting.delete(term);
		},
	};
}

/** Mouse events the test sends, as the key stream hands them to the app. */
function testMouse(): MouseSource & {send: (event: MouseEvent) => void} {
	const events = new EventEmitter();
	return {
		subscribe(listener) {
			events.on('mouse', listener);
			return () => {
				events.off('mouse', listener);
			};
		},
		send(event) {
			events.emit('mouse', event);
		},
	};
}

/** The row the cursor is on (drawn inverse), trimmed. */
function cursorRow(app: Harness): string {
	return app.highlighted().at(-1)?.trim() ?? '';
}

describe('keys typed ahead act on the results of the query they follow (defect 1)', () => {
	test('2, then / i i s Enter Enter in one burst, before the hub answers: the top result of iis is pulled, never the older list\'s', async () => {
		const {store, fresh} = await makeStore(async s => {
			await s.installOs('WindowsServerCore', '10.0.10586.0');
		});
		const real = new StoreBackend(store).searchHub();
		const [top] = await real.search('iis', {limit: 100});
		const [oldTop] = await real.search('*', {limit: 100});
		expect(top!.name).not.toBe(oldTop!.name);
		const held = heldHub(real);
		const app = renderApp(store, {hub: held.hub});
		await app.waitFor('windowsservercore');
		held.hold('iis');
		await app.press('2', '/', 'i', 'i', 's', keys.enter, keys.enter);
		await until(() => held.asked('iis'), 'the search for iis');
		// Not answered yet: no older list is drawn to act on, and nothing was pulled.
		expect(app.frame()).toContain('Searching…');
		expect(app.frame()).not.toContain(oldTop!.name);
		expect(fresh().images.flatMap(image => image.tags).some(tag => tag.includes(oldTop!.name))).toBe(false);
		held.release('iis');
		await app.waitFor(/Status: (Downloaded newer image|Image is up to date) for/, 15_000);
		const tags = fresh().images.flatMap(image => image.tags);
		expect(tags.some(tag => tag.startsWith(`${top!.name}:`))).toBe(true);
		expect(tags.some(tag => tag.includes(oldTop!.name))).toBe(false);
	}, 30_000);

	test('a key typed ahead for a query that was then replaced is dropped', async () => {
		const {store, fresh} = await makeStore(async s => {
			await s.installOs('WindowsServerCore', '10.0.10586.0');
		});
		const real = new StoreBackend(store).searchHub();
		const held = heldHub(real);
		const app = renderApp(store, {pane: 'hub', hub: held.hub});
		await app.waitFor('Search (');
		held.hold('iis');
		await app.press('/', 'i', 'i', 's', keys.enter, keys.enter);
		await until(() => held.asked('iis'), 'the search for iis');
		// Esc clears the search before its answer: the Enter typed for it goes with it.
		await app.press(keys.escape);
		await app.waitFor('press / to search');
		held.release('iis');
		await app.waitFor(screen => !screen.includes('Searching…'));
		await app.press('j');
		expect(app.frame()).not.toMatch(/pulling|Status:/);
		expect(fresh().images).toHaveLength(1);
	});
});

test('a tag chosen (→) and Enter typed before the result\'s tags are known: the tag chosen is pulled', async () => {
	const {store, fresh} = await makeStore(async s => {
		await s.installOs('WindowsServerCore', '10.0.10586.0');
	});
	// The hub's tags come only when the test lets them through.
	let release: () => void = () => {};
	const released = new Promise<void>(resolve => {
		release = resolve;
	});
	let asked = false;
	class HeldTags extends StoreBackend {
		override async tags(repository: string): Promise<string[]> {
			asked = true;
			await released;
			return super.tags(repository);
		}
	}

	const app = renderApp(new HeldTags(store), {pane: 'hub'});
	await app.waitFor('Search (');
	// microsoft/iis has 10.0 and latest; latest is the default, → goes round to 10.0.
	await app.press('/', ...'iis', keys.enter, 'l', keys.enter);
	await until(() => asked, 'the tags asked for');
	expect(app.frame()).not.toMatch(/pulling|Status:/);
	release();
	await app.waitFor(/Status: (Downloaded newer image|Image is up to date) for/, 15_000);
	const tags = fresh().images.flatMap(image => image.tags);
	expect(tags.some(tag => tag.endsWith('microsoft/iis:10.0'))).toBe(true);
	expect(tags.some(tag => tag.endsWith('microsoft/iis:latest'))).toBe(false);
}, 30_000);

describe('the highlight is an identity, not a row number (defect 2)', () => {
	test('a row removed elsewhere, then a tag that adds a row above: the highlight stays on the tagged image', async () => {
		const {store, home} = await makeStore(async s => {
			await s.installOs('NanoServer');
			await s.installOs('WindowsServerCore', '10.0.10586.0');
			await s.tag('nanoserver', 'o/third:one');
		});
		const app = renderApp(store);
		await app.waitFor('o/third');
		// Sorted by name: nanoserver…, o/third, windowsservercore….
		await app.press('s');
		await app.waitFor('sort: name');
		const rows = app.frame().split('\n').filter(line => /^\s+(nanoserver|o\/third|windowsservercore)\s/.test(line)).map(line => line.trim());
		const third = rows.findIndex(line => line.startsWith('o/third'));
		expect(third).toBeGreaterThan(0);
		await app.press(...Array.from({length: third}, () => 'j'));
		expect(cursorRow(app)).toMatch(/^o\/third/);
		// Another terminal removes that tag: the row below takes its place under the cursor.
		await elsewhere(home).untag('o/third:one');
		await app.waitFor(screen => !screen.includes('o/third'));
		expect(cursorRow(app)).toMatch(/^windowsservercore/);
		// Tagged in one burst with a name that sorts above every row.
		await app.press('t', ...'aaa/demo:1', keys.enter);
		await app.waitFor('✔ Tagged');
		expect(cursorRow(app)).toMatch(/^windowsservercore\s+10\.0/);
		// What d would remove is that image's tag.
		await app.press('j', 'k');
		expect(app.frame()).toMatch(/d removes: \$ docker rmi windowsservercore:10\.0\.10586\.0/);
	});
});

describe('the mouse hits the pane drawn under it, in one pane at 100x30 (defect 3)', () => {
	for (const pane of ['hub', 'history'] as const) {
		test(`the wheel and a click in ${pane === 'hub' ? 'the Hub' : 'History'} stay there`, async () => {
			const {store} = await makeStore(async s => seeded(s, {container: false}));
			const mouse = testMouse();
			const app = renderApp(store, {columns: 100, rows: 30, mouse});
			await app.waitFor('microsoft/iis');
			await app.press(pane === 'hub' ? '2' : '3');
			const ready = await app.waitFor(pane === 'hub' ? 'microsoft/aspnet' : 'Parent chain');
			const tab = linesWith(ready, 'dockyard')[0]!;
			mouse.send({kind: 'wheel', direction: 'down', x: 10, y: 5});
			mouse.send({kind: 'press', button: 'left', x: 10, y: 6});
			await app.press();
			const after = app.frame();
			// Still the same pane: the tab bar and the pane's own lines.
			expect(linesWith(after, 'dockyard')[0]).toBe(tab);
			expect(after).not.toContain('REPOSITORY');
			expect(after).toContain(pane === 'hub' ? 'Search (' : 'Parent chain');
		});
	}

	test('in the Hub, a click selects the row under it', async () => {
		const {store} = await makeStore();
		const mouse = testMouse();
		const app = renderApp(store, {columns: 100, rows: 30, mouse, pane: 'hub'});
		const screen = await app.waitFor('microsoft/aspnet');
		const lines = screen.split('\n');
		const row = lines.findIndex((line, index) => index > 2 && /^\S+\/\S+\s/.test(line) && !line.includes('aspnet'));
		const name = lines[row]!.trim().split(/\s+/)[0]!;
		mouse.send({kind: 'press', button: 'left', x: 3, y: row});
		await app.press();
		expect(cursorRow(app)).toMatch(new RegExp(`^${name.replaceAll('/', '\\/')}\\s`));
	});
});

describe('prompts edit as a shell does, and teach the command being built (defect 9)', () => {
	test('Ctrl-A/E/U/W/K, Home/End, Alt-B/F and Ctrl-←/→ edit the tag; the teaching line is the docker tag being typed', async () => {
		const {store} = await makeStore(async s => seeded(s, {container: false}));
		const app = renderApp(store);
		await app.waitFor('microsoft/iis');
		await app.press('/', ...'iis', keys.enter, 't');
		await app.waitFor('New repository[:tag]');
		const box = () => (linesWith(app.frame(), '> ')[0] ?? '').replace(/^.*> /, '').replace(/\s*│?\s*$/, '');
		await app.press(...'world', keys.ctrlA, ...'hello/', keys.ctrlE, ...':1');
		expect(box()).toBe('hello/world:1');
		expect(app.frame()).toMatch(/Enter tags: \$ docker tag microsoft\/iis:latest hello\/world:1/);
		expect(app.frame()).not.toContain('d removes');
		// A word left twice (Alt-B, Ctrl-←: past "1", then past "world"), then Ctrl-K cuts from there.
		await app.press(keys.altB, keys.ctrlLeft, keys.ctrlK);
		expect(box()).toBe('hello/');
		// Home, a word right (Alt-F), a letter; Ctrl-→ to the end, a letter.
		await app.press(keys.home, keys.altF, 'X', keys.ctrlRight, 'y');
		expect(box()).toBe('helloX/y');
		await app.press(keys.home, 'x', keys.end, 'z');
		expect(box()).toBe('xhelloX/yz');
		// Ctrl-W cuts the word before the caret (back to a space, as bash does).
		await app.press(' ', ...'two', keys.ctrlW);
		expect(box()).toBe('xhelloX/yz');
		// Ctrl-U cuts to the start.
		await app.press(keys.left, keys.left, keys.ctrlU);
		expect(box()).toBe('z');
		// Letters typed, not keys: Ctrl-A and friends never put a letter in.
		expect(app.frame()).not.toMatch(/> .*\b[aeukw]y/);
	});

	test('while a commit name is typed, the teaching line is the docker commit being built', async () => {
		const {store} = await makeStore(async s => seeded(s));
		const app = renderApp(store, {pane: 'containers'});
		await app.waitFor(' web ');
		await app.press('c', ...'team/app');
		const screen = await app.waitFor('team/app');
		expect(screen).toMatch(/Enter commits: \$ docker commit \S+ team\/app/);
	});

	test('the search box edits the same way', async () => {
		const {store} = await makeStore();
		const app = renderApp(store, {pane: 'hub'});
		await app.waitFor('microsoft/aspnet');
		await app.press('/', ...'server', keys.ctrlA, ...'nano');
		await app.waitFor(screen => linesWith(screen, 'Search (')[0]?.includes('nanoserver') ?? false);
	});
});

describe('what is drawn stays true while the app is idle (defect 11)', () => {
	test('ages are drawn again without a key', async () => {
		const {store} = await makeStore(async s => seeded(s));
		const app = renderApp(store, {pane: 'containers', ageRefreshMs: 300});
		await app.waitFor(' web ');
		// No key: the age the container was drawn with moves on by itself.
		const screen = await app.waitFor(/\d+ seconds? ago/, 8000);
		// Its CREATED column is docker's widest age: never cut (defect 8).
		expect(screen).not.toMatch(/Less than a s\S*\s/);
	}, 15_000);

	test('an open removal confirmation is planned again when another terminal changes the store', async () => {
		const {store, home} = await makeStore(async s => seeded(s, {container: false}));
		const app = renderApp(store);
		await app.waitFor('microsoft/iis');
		await app.press('/', ...'iis', keys.enter, 'd');
		await app.waitFor('Remove microsoft/iis:latest?');
		await elsewhere(home).createContainer('microsoft/iis', {name: 'late'});
		const screen = await app.waitFor('The store changed');
		expect(screen).not.toContain('Remove microsoft/iis:latest?');
	});

	test('the image History shows, removed by another command, is said so', async () => {
		const {store, home} = await makeStore(async s => seeded(s, {container: false}));
		const app = renderApp(store);
		await app.waitFor('microsoft/iis');
		await app.press('/', ...'iis', keys.enter, keys.enter);
		await app.waitFor('Parent chain');
		await elsewhere(home).removeImage('microsoft/iis');
		await app.waitFor('microsoft/iis:latest is no longer in the store (removed by another command)');
	});
});
