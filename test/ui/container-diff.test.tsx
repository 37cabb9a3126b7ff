/**
 * Containers' D: `docker diff` for the highlighted container, in a dialog,
 * the same lines `dockyard diff` prints (whose bytes test/analysis checks
 * against dockerd), and a container nothing was copied into says so.
 */
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import {dockyard} from '../helpers/cli.js';
import {writeDockerArchive} from '../helpers/tar-layers.js';
import {keys, makeStore, renderApp, type Harness, type TestStore} from './helpers.js';

let app: Harness | undefined;
let store: TestStore | undefined;

afterEach(() => {
	app?.unmount();
	app = undefined;
	store?.cleanup();
	store = undefined;
});

describe('Containers: D shows the files a container changed', () => {
	test('the lines of dockyard diff, in a dialog with docker diff as its teaching line', async () => {
		store = await makeStore(async s => {
			const archive = path.join(s.home, 'base.tar');
			await writeDockerArchive(archive, 'team/site:v1', [{createdBy: '/bin/sh -c #(nop) ADD file:base in /', entries: [{name: 'srv/', type: 'directory' as const}, {name: 'srv/old.html', text: 'old\n'}]}]);
			await s.load(archive);
			await s.createContainer('team/site:v1', {name: 'web'});
			await s.createContainer('team/site:v1', {name: 'empty'});
			const page = path.join(s.home, 'index.html');
			writeFileSync(page, '<h1>hello</h1>\n');
			await s.copyIntoContainer('web', page, '/srv/index.html');
		});
		const expected = (await dockyard(store.home, ['diff', 'web'])).stdout.trim().split('\n');
		expect(expected).toContain('A /srv/index.html');

		app = renderApp(store.store, {columns: 100, rows: 30});
		await app.waitFor('team/site');
		await app.press('4');
		await app.waitFor(frame => frame.includes('web') && frame.includes('empty'));
		// Each row in turn: web's lines, then the empty one's sentence (whichever comes first).
		const seen = new Set<string>();
		for (let row = 0; row < 2; row++) {
			if (row > 0) {
				// eslint-disable-next-line no-await-in-loop
				await app.press(keys.escape, 'j');
			}

			// eslint-disable-next-line no-await-in-loop
			await app.press('D');
			// eslint-disable-next-line no-await-in-loop
			const screen = await app.waitFor(frame => /Changes in (web|empty) \(docker diff\)/.test(frame) && ![...seen].some(name => frame.includes(`Changes in ${name} `)));
			const name = screen.includes('Changes in web') ? 'web' : 'empty';
			seen.add(name);
			if (name === 'web') {
				for (const line of expected) {
					expect(screen).toContain(line);
				}
			} else {
				expect(screen).toContain('No change: nothing was copied into it.');
			}

			expect(screen).toContain(`docker diff ${name}`);
		}

		expect([...seen].sort()).toEqual(['empty', 'web']);
	});
});
