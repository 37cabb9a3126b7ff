import {describe, expect, test, vi} from 'vitest';
import {helpLines, keymap, scopeTitles} from '../../source/ui/keymap.js';
import {absentEngine, dialogText, keys, makeStore, renderApp, seeded, withoutJournal, type Harness, type TestStore} from './helpers.js';

let app: Harness | undefined;
let store: TestStore | undefined;

const tags = () => store!.fresh().images.flatMap(image => image.tags).sort();

describe('the confirmation', () => {
	test('says what will be untagged and deleted; No is the default: Enter, n and Esc change nothing', async () => {
		store = await makeStore(async s => seeded(s, {container: false}));
		app = renderApp(store.store);
		await app.waitFor('microsoft/iis');
		const before = store.index();
		const iis = store.fresh().images.find(image => image.tags.includes('microsoft/iis:latest'))!;
		for (const no of [keys.enter, 'n', keys.escape, 'N', 'q']) {
			// eslint-disable-next-line no-await-in-loop
			await app.press('d');
			// eslint-disable-next-line no-await-in-loop
			const screen = await app.waitFor('Remove microsoft/iis:latest?');
			const text = dialogText(screen);
			// Said as what will happen: docker's Untagged:/Deleted: come only once it is done (issue 22 #10).
			expect(text).toContain('Will untag microsoft/iis:latest');
			expect(text).toContain(`Will delete ${iis.id}`);
			expect(text).not.toMatch(/Untagged:|Deleted:/);
			expect(text).toContain('$ docker rmi microsoft/iis:latest');
			expect(text).toContain('PS> Get-ContainerImage -Name iis -Version 10.0 | Remove-ContainerImage -Force');
			expect(text).toContain('Proceed? [y/N]');
			expect(screen).toContain('y yes · n/Esc/Enter no (default)');
			// eslint-disable-next-line no-await-in-loop
			await app.press(no);
			// eslint-disable-next-line no-await-in-loop
			await app.waitFor(screen => !screen.includes('Proceed?') && screen.includes('· Cancelled: nothing was changed') && !screen.includes('✔ Cancelled'));
			expect(store.index()).toEqual(before);
			expect(app.exited()).toBe(false);
		}

		await app.press('d');
		await app.waitFor('Proceed? [y/N]');
		await app.press('y');
		await app.waitFor(`✔ Untagged: microsoft/iis:latest, Deleted: ${iis.id.slice(0, 19)}…`);
		expect(tags()).toEqual(['windowsservercore:10.0.10586.0', 'windowsservercore:latest']);
		expect(store.fresh().images.map(image => image.id)).not.toContain(iis.id);
	});

	test('one of two tags only untags', async () => {
		store = await makeStore(async s => seeded(s, {container: false}));
		app = renderApp(store.store);
		await app.waitFor('microsoft/iis');
		await app.press('G', 'd');
		const text = dialogText(await app.waitFor('Remove windowsservercore:latest?'));
		expect(text).toContain('Will untag windowsservercore:latest');
		expect(text).not.toContain('Will delete');
		await app.press('y');
		await app.waitFor('✔ Untagged: windowsservercore:latest');
		expect(tags()).toEqual(['microsoft/iis:latest', 'windowsservercore:10.0.10586.0']);
	});
});

describe('the refusal', () => {
	test('names each dependent (a child image, a container with its status) and the rule; nothing changes', async () => {
		store = await makeStore(async s => seeded(s));
		app = renderApp(store.store);
		await app.waitFor('microsoft/iis');
		const before = store.fresh();
		const beforeIndex = store.index();
		const iis = before.images.find(image => image.tags.includes('microsoft/iis:latest'))!;
		const base = before.images.find(image => image.isOSImage)!;
		// The PowerShell view removes by id (Remove-ContainerImage -Force): the base image with a child.
		await app.press('p', 'G', 'd');
		let screen = await app.waitFor('cannot be removed');
		let text = dialogText(screen);
		expect(text).toContain(`${base.id}: conflict: unable to delete ${base.id.slice(7, 19)} (cannot be forced) - image has dependent child images`);
		expect(text).toContain(`• child image ${iis.shortId} microsoft/iis:latest`);
		expect(text).toMatch(/Rule: .*child/i);
		expect(text).toContain('Nothing was changed. (Esc closes');
		expect(screen).not.toContain('Proceed?');
		await app.press('y');
		// y is no answer here: the refusal stays until closed.
		expect(app.frame()).toContain('Nothing was changed.');
		await app.press(keys.enter);
		// The dialog closes; the teaching line below keeps the refusal and its rule.
		await app.waitFor(screen => !screen.includes('Nothing was changed.'));
		// The child image, used by a stopped container.
		await app.press('g', 'd');
		screen = await app.waitFor('Nothing was changed.');
		text = dialogText(screen);
		const container = before.containers[0]!;
		expect(text).toMatch(new RegExp(`conflict: unable to delete ${iis.id.slice(7, 19)} \\(must be forced\\) - image is being used by stopped container ${container.id.slice(0, 12)}|being used by`));
		expect(text).toContain(`• container ${container.shortId} "web" (Created`);
		expect(text).toMatch(/Rule: /);
		await app.press(keys.escape);
		await app.waitFor(screen => !screen.includes('Nothing was changed.'));
		// Nothing changed but the journal, which records both refusals.
		expect(withoutJournal(store.index())).toEqual(withoutJournal(beforeIndex));
		await vi.waitFor(() => {
			expect(store!.fresh().journal.slice(-2).map(entry => entry.outcome)).toEqual(['refused', 'refused']);
		}, {timeout: 5000, interval: 20});
	});

	test('a batch with one refused target removes nothing', async () => {
		store = await makeStore(async s => seeded(s));
		app = renderApp(store.store);
		await app.waitFor('microsoft/iis');
		const before = store.index();
		// Mark microsoft/iis (used by a container) and windowsservercore:10.0.10586.0.
		await app.press(keys.space, keys.space);
		await app.waitFor('2 marked');
		await app.press('d');
		const text = dialogText(await app.waitFor('cannot be removed'));
		expect(text).toContain('"web"');
		await app.press(keys.escape);
		expect(withoutJournal(store.index())).toEqual(withoutJournal(before));
	});
});

describe('help', () => {
	test('? lists every binding of the keymap, grouped by scope, and scrolls', async () => {
		store = await makeStore();
		// An engine beside the store: every binding is served.
		app = renderApp(store.store, {rows: 40, engine: absentEngine()});
		await app.waitFor('No images yet');
		await app.press('?');
		// Help opens at the focused pane's keys; ↑ scrolls back to the top.
		let screen = await app.waitFor('Keys (');
		expect(screen.split('\n').filter(line => line.startsWith('│ '))[1]).toMatch(/│ Local images\s/);
		for (let step = 0; step < 40 && !app.frame().includes('Keys (1–'); step++) {
			// eslint-disable-next-line no-await-in-loop
			await app.press('k');
		}

		screen = await app.waitFor(/Keys \(1–\d+ of \d+/);
		const total = Number(/of (\d+);/.exec(screen)![1]);
		// Every line of the keymap's help, a description too long for the frame wrapped under itself.
		expect(total).toBeGreaterThanOrEqual(helpLines().length);
		const seen = new Set<string>();
		const collect = (frame: string) => {
			for (const line of frame.split('\n')) {
				seen.add(line.replace(/^│\s?|\s*│$/g, '').trimEnd());
			}
		};

		collect(screen);
		const atEnd = `–${total} of ${total};`;
		for (let step = 0; step < total && !app.frame().includes(atEnd); step++) {
			// eslint-disable-next-line no-await-in-loop
			await app.press('j');
			collect(app.frame());
		}

		expect(app.frame()).toContain(atEnd);
		// Further down does nothing.
		await app.press('j', 'j');
		expect(app.frame()).toContain(atEnd);

		const expected = keymap.map(binding => `  ${binding.label.padEnd(12)} ${binding.description}`.slice(0, 86).trimEnd());
		const missing = expected.filter(line => ![...seen].some(shown => shown.startsWith(line.replace(/…$/, ''))));
		expect(missing).toEqual([]);
		for (const scope of new Set(keymap.map(binding => binding.scope))) {
			expect(seen).toContain(scopeTitles[scope]);
		}

		// Scrolled to the end, one key up moves the view up at once.
		screen = app.frame();
		const end = /Keys \((\d+)–/.exec(screen)![1];
		await app.press('k');
		screen = await app.waitFor(frame => /Keys \((\d+)–/.exec(frame)![1] !== end);
		expect(Number(/Keys \((\d+)–/.exec(screen)![1])).toBe(Number(end) - 1);
		await app.press(keys.escape);
		await app.waitFor(frame => !frame.includes('Keys ('));
		await app.press('?');
		await app.waitFor('Keys (');
		await app.press('?');
		await app.waitFor(frame => !frame.includes('Keys ('));
	}, 60_000);
});

describe('prompt and message', () => {
	test('t prompts for a tag: Enter tags, Esc cancels', async () => {
		store = await makeStore(async s => seeded(s, {container: false}));
		app = renderApp(store.store);
		await app.waitFor('microsoft/iis');
		await app.press('t');
		let screen = await app.waitFor('Tag microsoft/iis:latest (docker tag)');
		expect(screen).toContain('New repository[:tag]:');
		expect(screen).toContain('Enter accept · Esc cancel');
		// Letters are text here, not keys: q does not quit, d does not remove.
		await app.type('qd/site:1');
		await app.waitFor('> qd/site:1');
		await app.press(keys.escape);
		await app.waitFor(frame => !frame.includes('(docker tag)'));
		expect(tags()).not.toContain('qd/site:1');
		await app.press('t');
		await app.waitFor('(docker tag)');
		await app.type('team/site:1');
		await app.press(keys.enter);
		screen = await app.waitFor('✔ Tagged');
		expect(screen).toContain('$ docker tag microsoft/iis:latest team/site:1');
		expect(tags()).toContain('team/site:1');
		await app.waitFor('team/site');
	});

	test('an error the core reports is shown in a message; Esc closes it', async () => {
		store = await makeStore(async s => seeded(s, {container: false}));
		app = renderApp(store.store);
		await app.waitFor('microsoft/iis');
		const before = store.index();
		// A bad tag name is caught in its prompt now: a load of a file that is not there reaches the core.
		await app.press('L');
		await app.waitFor('(docker load)');
		await app.type('/no/such.tar');
		await app.press(keys.enter);
		const screen = await app.waitFor('Esc or Enter closes');
		expect(screen).toMatch(/Error|Refused/);
		expect(dialogText(screen)).toMatch(/no\/such\.tar/);
		expect(screen).toContain('Esc/Enter close');
		await app.press(keys.escape);
		await app.waitFor(frame => !frame.includes('Esc or Enter closes'));
		// The error is journalled; nothing else changed.
		expect(withoutJournal(store.index())).toEqual(withoutJournal(before));
		expect(store.fresh().journal.at(-1)).toMatchObject({action: 'load', ok: false, outcome: 'error'});
	});
});
