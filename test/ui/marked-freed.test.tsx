import path from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import type {Store} from '../../source/core/store/store.js';
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

const base = {createdBy: '/bin/sh -c #(nop) ADD file:base in /', entries: [{name: 'etc/hosts', text: '127.0.0.1 localhost\n'.repeat(300)}]};

/** Two images on one base layer. */
async function twoImages(s: Store): Promise<void> {
	for (const name of ['a', 'b']) {
		const file = path.join(s.home, `${name}.tar`);
		// eslint-disable-next-line no-await-in-loop
		await writeDockerArchive(file, `team/${name}:v1`, [base, {createdBy: `/bin/sh -c echo ${name}`, entries: [{name: 'app/name', text: `${name}\n`}]}]);
		// eslint-disable-next-line no-await-in-loop
		await s.load(file);
	}
}

describe('Local images: the marked rows say what removing them frees', () => {
	test('one marked frees its own blobs, not the base it shares; prune after rmi reclaims the same', async () => {
		store = await makeStore(async s => twoImages(s));
		app = renderApp(store.store, {columns: 120, rows: 30});
		const list = await app.waitFor(frame => frame.includes('team/a') && frame.includes('team/b'));
		const first = list.indexOf('team/a') < list.indexOf('team/b') ? 'team/a:v1' : 'team/b:v1';
		await app.press(keys.space);
		const one = (await app.waitFor(/1 marked, \S+ freed if removed/, 20_000)).match(/1 marked, (\S+) freed if removed/)![1]!;
		// Both marked: the base they share goes too, so more is freed.
		await app.press(keys.space);
		const two = (await app.waitFor(/2 marked, \S+ freed if removed/, 20_000)).match(/2 marked, (\S+) freed if removed/)![1]!;
		expect(two).not.toBe(one);
		app.unmount();
		app = undefined;
		// The oracle: remove the first image with the CLI; prune's dry run then counts the blobs nobody names.
		expect((await dockyard(store.home, ['rmi', first])).code).toBe(0);
		const dry = await dockyard(store.home, ['prune', '--dry-run']);
		expect(dry.stdout).toContain(`Total reclaimable space: ${one}`);
	});
});
