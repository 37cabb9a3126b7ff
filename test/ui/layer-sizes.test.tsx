import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, test} from 'vitest';
import {keys, linesWith, makeStore, renderApp} from './helpers.js';

const work = mkdtempSync(path.join(os.tmpdir(), 'dockyard-ui-sizes-'));
afterAll(() => {
	rmSync(work, {recursive: true, force: true});
});

describe('SIZE in the TUI counts the files, as docker does', () => {
	test('a 14-byte file committed: 14B for its layer in History, and 14 bytes more than its parent in Images', async () => {
		const file = path.join(work, 'fourteen.txt');
		writeFileSync(file, 'hello, world!\n');
		const store = await makeStore(async s => {
			await s.installOs('NanoServer');
			await s.createContainer('nanoserver', {name: 'box'});
			await s.copyIntoContainer('box', file, '/srv/fourteen.txt');
			await s.commit('box', {repository: 'sized:1'});
		});
		const view = store.fresh();
		expect(view.image('sized:1').size - view.image('nanoserver').size).toBe(14);
		const app = renderApp(store.store);
		await app.waitFor('sized');
		await app.press(keys.enter);
		await app.waitFor('sized:1 (t switches)');
		// The rows come once the history is read.
		const screen = await app.waitFor(' 14B ');
		const rows = linesWith(screen, '14B');
		expect(rows.length, screen).toBe(1);
		expect(rows[0]).toMatch(/^[a-f\d]{12} /);
	});
});
