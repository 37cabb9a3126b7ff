import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, test} from 'vitest';
import {StoreBackend} from '../../source/core/backend/store-backend.js';
import {ConflictError} from '../../source/core/errors.js';
import {emptyStoreForLesson, storeContents} from '../../source/core/lesson/fresh-store.js';
import {openStore, type Store} from '../../source/core/store/store.js';
import {dockyard, tempHome} from '../helpers/cli.js';

describe('the store side of a lesson', () => {
	let home: string;
	let cleanup: () => void;
	let store: Store;

	beforeEach(() => {
		({home, cleanup} = tempHome());
		store = openStore({home, offlineBytesPerSecond: 0});
	});
	afterEach(() => {
		cleanup();
	});

	test('a pull refused for a missing base OS image is journalled with ok: false, as the lesson\'s step waits for; nothing else changes', async () => {
		await expect(store.pull('microsoft/iis')).rejects.toBeInstanceOf(ConflictError);
		const view = store.read();
		expect(view.images).toHaveLength(0);
		expect(view.journal).toHaveLength(1);
		expect(view.journal[0]).toMatchObject({action: 'pull', ok: false, docker: ['docker pull microsoft/iis']});
		expect(view.journal[0]!.summary).toMatch(/^refused: microsoft\/iis:latest needs the base OS image WindowsServerCore 10\.0\.10586\.0/);
	});

	test('emptying for a lesson: containers, child images, base images and their blobs go; the journal stays', async () => {
		await store.installOs('WindowsServerCore');
		await store.pull('microsoft/iis');
		const container = await store.createContainer('microsoft/iis', {name: 'web'});
		await store.commit(container.id, {repository: 'windowsservercoreiis'});
		await store.installOs('NanoServer');
		const backend = new StoreBackend(store);
		expect(storeContents(await backend.snapshot())).toBe('4 images, 1 container');
		await emptyStoreForLesson(backend);
		const after = await backend.snapshot();
		expect(storeContents(after)).toBeUndefined();
		expect(after.images).toHaveLength(0);
		expect(after.journal.length).toBeGreaterThan(0);
		expect((await store.fsck()).problems).toEqual([]);
		expect((await backend.capabilities.prune!()).reclaimed).toBe(0);
	});
});

describe('dockyard lesson on the command line', () => {
	let home: string;
	let cleanup: () => void;

	beforeEach(() => {
		({home, cleanup} = tempHome());
	});
	afterEach(() => {
		cleanup();
	});

	test('--list names the built-in lessons, the seed first; --json as well', async () => {
		const run = await dockyard(home, ['lesson', '--list']);
		expect(run).toMatchObject({code: 0, stderr: ''});
		expect(run.stdout.split('\n')[0]).toMatch(/^NAME\s+STEPS\s+TITLE$/);
		expect(run.stdout.split('\n')[1]).toMatch(/^container-images\s+11\s+Container images$/);
		const json = JSON.parse((await dockyard(home, ['lesson', '--list', '--json'])).stdout) as Array<{name: string; steps: string[]}>;
		expect(json[0]).toMatchObject({name: 'container-images'});
		expect(json[0]!.steps[3]).toBe('Pull an image whose base is missing');
	}, 30_000);

	test('a bad lesson file, an unknown name, a store that is not empty, no terminal: one line each, nothing emptied', async () => {
		const bad = path.join(home, 'bad.yaml');
		writeFileSync(bad, 'title: T\nsteps: [{title: S, do: d, why: w, teach: {action: images}, done: {image: "Not Valid"}}]\n');
		let run = await dockyard(home, ['lesson', bad]);
		expect(run.code).toBe(1);
		expect(run.stderr).toMatch(/^Error: .*bad\.yaml: step 1 "S": done\.image: "Not Valid" is not an image reference .*\n$/);

		run = await dockyard(home, ['lesson', 'nope']);
		expect(run).toMatchObject({code: 1, stderr: 'Error: no lesson named "nope": `dockyard lesson --list` lists the built-in ones, or give a lesson file\n'});

		// No terminal (a pipe): the TUI cannot open, and says so before anything is changed.
		run = await dockyard(home, ['lesson']);
		expect(run).toMatchObject({code: 2, stderr: 'Error: the lesson opens the dockyard TUI, which needs a terminal\n'});

		expect((await dockyard(home, ['os', 'install', 'NanoServer'])).code).toBe(0);
		run = await dockyard(home, ['lesson', 'container-images']);
		expect(run.code).toBe(1);
		expect(run.stderr).toBe(`Error: the store ${home} is not empty (1 image); a lesson starts on a fresh store: run \`dockyard reset --yes\` first, or add --yes to empty it\n`);
		run = await dockyard(home, ['lesson', '--yes']);
		expect(run.code).toBe(2);
		expect((await dockyard(home, ['images', '-q'])).stdout).not.toBe('');
	}, 60_000);

	test('over an engine: refused in one line (a lesson reads the store\'s journal)', async () => {
		const run = await dockyard(home, ['-H', `unix://${path.join(home, 'none.sock')}`, 'lesson']);
		expect(run.code).toBe(1);
		expect(run.stderr).toMatch(/^Error: lesson works on dockyard's own store only; this backend \(.*\) does not offer it\n$/);
	}, 30_000);
});
