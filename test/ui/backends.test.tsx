import {helpRows} from '../../source/ui/dialogs/help.js';
/**
 * The TUI over whichever backend it was given: its title names it, a key
 * switches between the store and the engine (hidden when no engine is
 * configured), and an engine that is not there is said in docker's words in
 * place of the list, with no crash. The engine is a real EngineBackend and a
 * real client, pointed at a socket where nothing listens.
 */
import {readdirSync, rmSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, test} from 'vitest';
import {helpLines} from '../../source/ui/keymap.js';
import {absentEngine, keys, makeStore, renderApp, seeded} from './helpers.js';

const cannotConnect = (host: string) => `Cannot connect to the Docker daemon at ${host}. Is the docker daemon running?`;

/** The last footer line(s) joined: the keys shown. */
const footer = (screen: string) => screen.split('\n').slice(-2).join(' · ');

describe('the TUI over a backend', () => {
	test('the title names the store; with no engine configured the switch and send keys are neither shown nor bound', async () => {
		const store = await makeStore(async s => seeded(s, {container: false}));
		const app = renderApp(store.store, {columns: 200});
		let screen = await app.waitFor('microsoft/iis');
		expect(screen.split('\n')[0]).toContain(`store: ${store.home}`);
		expect(footer(screen)).not.toContain('store/engine');
		expect(footer(screen)).not.toContain('send to engine');
		await app.press('b', 'e');
		screen = app.frame();
		expect(screen.split('\n')[0]).toContain(`store: ${store.home}`);
		expect(screen).not.toContain('Cannot connect');
		await app.press('?');
		screen = await app.waitFor('Keys (');
		// Help's lines as drawn 100 wide (a long description wraps).
		expect(screen).toContain(` of ${helpRows(new Set(['prune', 'fsck', 'save', 'osImages', 'settings', 'journal', 'files', 'load', 'push', 'layerFiles', 'journalWrite', 'reset', 'platforms', 'imageLayers', 'containerChanges']), 100).length}; `);
		expect(helpLines(new Set()).join('\n')).not.toContain('store ↔ engine');
	});

	test('an engine that is not there: docker\'s sentence in place of the list, the title names it, no crash; q quits', async () => {
		const engine = absentEngine();
		const app = renderApp(engine, {columns: 200});
		const screen = await app.waitFor(cannotConnect(engine.host));
		expect(screen.split('\n')[0]).toContain(`engine ${engine.host}`);
		expect(screen).toContain('nothing was changed');
		// Nothing to switch to, nothing to send from.
		expect(footer(screen)).not.toContain('store/engine');
		expect(footer(screen)).not.toContain('send to engine');
		// Keys on an empty list do nothing; the app stays up until q.
		await app.press('d', 'j', '3', '4', '1');
		expect(app.frame()).toContain(cannotConnect(engine.host));
		expect(app.exited()).toBe(false);
		await app.press('q');
		expect(app.exited()).toBe(true);
	});

	test('b switches store → engine → store: the title, the list (or docker\'s sentence), the cursor from the top, the teaching line for that backend', async () => {
		const store = await makeStore(async s => seeded(s, {container: false}));
		const engine = absentEngine();
		const app = renderApp(store.store, {columns: 200, engine});
		let screen = await app.waitFor('microsoft/iis');
		expect(footer(screen)).toContain('b store/engine');
		expect(footer(screen)).toContain('e send to engine');
		await app.press('j');
		expect(app.highlighted()[0]).not.toContain('microsoft/iis');

		await app.press('b');
		screen = await app.waitFor(cannotConnect(engine.host));
		expect(screen.split('\n')[0]).toContain(`engine ${engine.host}`);
		expect(screen).not.toContain('microsoft/iis');
		// On the engine: the list's command typed against it; nothing to send from here.
		expect(screen).toContain(`$ docker -H ${engine.host} images`);
		expect(footer(screen)).toContain('b store/engine');
		expect(footer(screen)).not.toContain('e send to engine');

		await app.press('b');
		screen = await app.waitFor('microsoft/iis');
		expect(screen.split('\n')[0]).toContain(`store: ${store.home}`);
		expect(screen).not.toContain('Cannot connect');
		// The cursor starts from the top again, and the teaching line is the store's docker.
		expect(app.highlighted()[0]).toContain('microsoft/iis');
		expect(screen).toContain('$ docker rmi microsoft/iis:latest');
	});

	test('e sends the highlighted store image to the engine; an engine not there is one line in a dialog, the store unchanged', async () => {
		const store = await makeStore(async s => seeded(s, {container: false}));
		const engine = absentEngine();
		const app = renderApp(store.store, {columns: 200, engine});
		await app.waitFor('microsoft/iis');
		const before = store.index();
		await app.press('e');
		const screen = await app.waitFor('Error');
		expect(screen).toContain(cannotConnect(engine.host));
		expect(store.index()).toEqual(before);
		await app.press(keys.escape);
		await app.waitFor(frame => !frame.includes('Error'));
	});

	test('a history the backend cannot read is its one line, not "No history."', async () => {
		const store = await makeStore(async s => seeded(s, {container: false}));
		// The highlighted image's config blob is gone (a disk that lost it): its history cannot be read.
		const image = store.fresh().image('microsoft/iis');
		const blobs = path.join(store.home, 'blobs', 'sha256');
		const config = readdirSync(blobs).find(name => image.id.endsWith(name));
		expect(config, `the config blob of ${image.id} in ${blobs}`).toBeDefined();
		rmSync(path.join(blobs, config!));
		const app = renderApp(store.store, {columns: 160});
		await app.waitFor('microsoft/iis');
		await app.press(keys.enter);
		const screen = await app.waitFor('Cannot read the history: ');
		expect(screen).not.toContain('No history.');
		const line = screen.split('\n').find(row => row.includes('Cannot read the history: '))!;
		expect(line).toMatch(/Cannot read the history: \S/);
	});
});
