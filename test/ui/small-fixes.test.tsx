import {describe, expect, test} from 'vitest';
import {dialogText, keys, linesWith, makeStore, renderApp, seeded} from './helpers.js';

describe('Ctrl-C quits from a text prompt', () => {
	for (const [what, pane, key, ready] of [
		['tag', 'images', 't', 'New repository[:tag]'],
		['commit', 'containers', 'c', 'Repository[:tag] for the new image'],
		['copy', 'containers', 'a', 'Path of a file on this machine'],
	] as const) {
		test(what, async () => {
			const {store} = await makeStore(async s => seeded(s));
			const app = renderApp(store, {pane});
			await app.waitFor(pane === 'images' ? 'microsoft/iis' : 'web');
			await app.press(key);
			await app.waitFor(ready);
			await app.type('abc');
			await app.press(keys.ctrlC);
			expect(app.exited()).toBe(true);
		});
	}
});

describe('smaller things', () => {
	test('the empty Local images hint names only keys that work there', async () => {
		const {store} = await makeStore();
		const app = renderApp(store);
		const screen = await app.waitFor('No images yet');
		const hint = linesWith(screen, 'No images yet')[0]!;
		expect(hint).not.toMatch(/\(i installs/);
		// i does nothing in Local images: the hint says it is the Hub's.
		await app.press('i');
		expect(app.frame()).not.toContain('Install a base OS image (Find');
		expect(hint).toMatch(/2/);
	});

	test('the copy prompt offers C:\\ for a Windows container', async () => {
		const {store} = await makeStore(async s => seeded(s));
		const app = renderApp(store, {pane: 'containers'});
		await app.waitFor('web');
		await app.press('a');
		await app.waitFor('Path of a file');
		await app.type('/etc/hostname');
		await app.press(keys.enter);
		const screen = await app.waitFor('Where in the container');
		expect(screen).toContain('> C:\\');
	});

	test('CREATED keeps its width when "About a minute ago" appears', async () => {
		const {store} = await makeStore(async s => seeded(s));
		const app = renderApp(store, {columns: 100});
		const before = await app.waitFor('microsoft/iis');
		const header = linesWith(before, 'REPOSITORY')[0]!;
		// A commit makes an image created now.
		await app.press('4');
		await app.waitFor('web');
		await app.press('c');
		await app.waitFor('Repository[:tag]');
		await app.type('team/new');
		await app.press(keys.enter);
		await app.waitFor('✔');
		await app.press('1');
		const after = await app.waitFor('team/new');
		expect(linesWith(after, 'REPOSITORY')[0]).toBe(header);
	});

	test('the install dialog says (latest) on the latest version, installed or not', async () => {
		const {store} = await makeStore(async s => seeded(s));
		const app = renderApp(store, {pane: 'hub'});
		await app.waitFor('microsoft/iis');
		await app.press('i');
		const screen = await app.waitFor('Install a base OS image');
		const core = linesWith(screen, 'WindowsServerCore  10.0.10586.0')[0]!;
		expect(core).toContain('latest');
		expect(core).toContain('installed');
		expect(linesWith(screen, 'WindowsServerCore  10.0.10514.0')[0]).not.toContain('latest');
	});

	test('a bad tag name keeps the prompt open with the error; a good one then tags', async () => {
		const {store, fresh} = await makeStore(async s => seeded(s));
		const app = renderApp(store);
		await app.waitFor('microsoft/iis');
		await app.press('t');
		await app.waitFor('New repository[:tag]');
		await app.type('Bad Name!');
		await app.press(keys.enter);
		const screen = await app.waitFor('invalid reference format');
		expect(dialogText(screen)).toContain('New repository[:tag]');
		expect(fresh().images.flatMap(image => image.tags)).not.toContain('Bad Name!');
		// Still the prompt: the text can be fixed.
		for (let index = 0; index < 'Bad Name!'.length; index++) {
			// eslint-disable-next-line no-await-in-loop
			await app.press(keys.backspace);
		}

		await app.type('team/good:v1');
		await app.press(keys.enter);
		await app.waitFor('✔ Tagged');
		expect(fresh().images.flatMap(image => image.tags)).toContain('team/good:v1');
	});

	test('help opens at the focused pane\'s keys', async () => {
		const {store} = await makeStore(async s => seeded(s));
		const app = renderApp(store, {pane: 'containers'});
		await app.waitFor('web');
		await app.press('?');
		const screen = await app.waitFor('Keys (');
		const inside = screen.split('\n').filter(line => line.startsWith('│'));
		expect(inside[1]).toMatch(/│\s*Containers\s*│/);
	});
});
