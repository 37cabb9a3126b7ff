import path from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import type {Store} from '../../source/core/store/store.js';
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

const base = {createdBy: '/bin/sh -c #(nop) ADD file:base in /', entries: [
	{name: 'etc/', type: 'directory' as const},
	{name: 'etc/hosts', text: '127.0.0.1 localhost\n'},
	{name: 'etc/passwd', text: 'root:x:0:0\n'},
]};

/** Two images on one base layer: A adds /etc/motd, B rewrites /etc/hosts and deletes /etc/passwd. */
async function twoImages(s: Store): Promise<void> {
	const a = path.join(s.home, 'a.tar');
	await writeDockerArchive(a, 'team/a:v1', [base, {createdBy: '/bin/sh -c echo a', entries: [{name: 'etc/motd', text: 'hello\n'}]}]);
	await s.load(a);
	const b = path.join(s.home, 'b.tar');
	await writeDockerArchive(b, 'team/b:v1', [base, {createdBy: '/bin/sh -c echo b', entries: [{name: 'etc/hosts', text: '127.0.0.1 localhost classroom\n'}, {name: 'etc/.wh.passwd'}]}]);
	await s.load(b);
}

describe('Local images: C compares the two marked images', () => {
	test('two marks and C: compare\'s text in a dialog, worked out by hand; fewer marks: how to mark them', async () => {
		store = await makeStore(async s => twoImages(s));
		app = renderApp(store.store, {columns: 100, rows: 40});
		const list = await app.waitFor(frame => frame.includes('team/a') && frame.includes('team/b'));
		const aFirst = list.indexOf('team/a') < list.indexOf('team/b');
		// One mark is not enough.
		await app.press(keys.space, 'C');
		await app.waitFor('Mark exactly two images with Space to compare them (1 marked).');
		await app.press(keys.escape, keys.space, 'C');
		const screen = await app.waitFor('Shared layers: 1', 20_000);
		const [first, second] = aFirst ? ['team/a:v1', 'team/b:v1'] : ['team/b:v1', 'team/a:v1'];
		expect(screen).toContain(`Compare ${first} → ${second}`);
		// From A to B, worked out by hand: B has no motd, a new hosts (20 B → 30 B), no passwd.
		if (aFirst) {
			expect(screen).toContain('Files: 0 added, 2 removed, 1 changed');
			expect(screen).toMatch(/C \/etc\/hosts +20B → 30B/);
			expect(screen).toMatch(/D \/etc\/motd +6B/);
			expect(screen).toMatch(/D \/etc\/passwd +11B/);
		} else {
			expect(screen).toContain('Files: 2 added, 0 removed, 1 changed');
			expect(screen).toMatch(/C \/etc\/hosts +30B → 20B/);
			expect(screen).toMatch(/A \/etc\/motd +6B/);
			expect(screen).toMatch(/A \/etc\/passwd +11B/);
		}
	});
});
