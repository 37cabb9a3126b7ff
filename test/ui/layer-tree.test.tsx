import {EventEmitter} from 'node:events';
import path from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import type {Backend} from '../../source/core/backend/backend.js';
import {StoreBackend} from '../../source/core/backend/store-backend.js';
import type {Store} from '../../source/core/store/store.js';
import type {MouseEvent, MouseSource} from '../../source/ui/mouse.js';
import {writeDockerArchive} from '../helpers/tar-layers.js';
import {keys, makeStore, renderApp, type Harness, type TestStore} from './helpers.js';

let app: Harness | undefined;
let store: TestStore | undefined;
let saved: string | undefined;

afterEach(() => {
	app?.unmount();
	app = undefined;
	store?.cleanup();
	store = undefined;
	if (saved === undefined) {
		delete process.env['NO_COLOR'];
	} else {
		process.env['NO_COLOR'] = saved;
	}
});

/** Known waste: /etc/hosts written twice (20 B, then 30 B), /etc/passwd written (11 B) then deleted, /var/cache made opaque over a file. */
async function wasteful(s: Store): Promise<void> {
	const file = path.join(s.home, 'wasteful.tar');
	await writeDockerArchive(file, 'team/wasteful:v1', [
		{createdBy: '/bin/sh -c #(nop) ADD file:base in /', entries: [
			{name: 'etc/', type: 'directory'},
			{name: 'etc/hosts', text: '127.0.0.1 localhost\n'},
			{name: 'etc/passwd', text: 'root:x:0:0\n'},
			{name: 'var/cache/old', text: 'old'},
		]},
		{createdBy: '/bin/sh -c echo top', gzip: true, entries: [
			{name: './etc/', type: 'directory'},
			{name: './etc/hosts', text: '127.0.0.1 localhost classroom\n'},
			{name: './etc/motd', text: 'hello\n'},
			{name: './etc/.wh.passwd'},
			{name: './var/cache/.wh..wh..opq'},
			{name: './srv/a/b', text: 'ab'},
		]},
	]);
	await s.load(file);
}

/** A layer of 1,203 files: three pages of 500. */
async function big(s: Store): Promise<void> {
	const file = path.join(s.home, 'big.tar');
	const entries = Array.from({length: 1203}, (_, index) => ({name: `data/f${String(index).padStart(4, '0')}`, text: 'x'}));
	await writeDockerArchive(file, 'team/big:v1', [{createdBy: '/bin/sh -c make files', entries}]);
	await s.load(file);
}

/** The files' lines: from the title to the parent chain's. */
function detailLines(screen: string, title: string): string[] {
	const lines = screen.split('\n');
	const start = lines.findIndex(line => line.startsWith(title));
	return lines.slice(start + 1, lines.indexOf('Parent chain, down to the base OS image:'));
}

describe('History: a layer\'s files as a tree, as dive draws it', () => {
	test('directories with their sizes, each entry marked, the image\'s efficiency and waste worked out by hand above; Enter and z fold; c keeps the changes only', async () => {
		saved = process.env['NO_COLOR'];
		process.env['NO_COLOR'] = '1';
		store = await makeStore(async s => wasteful(s));
		app = renderApp(store.store, {columns: 100, rows: 40});
		await app.waitFor('team/wasteful');
		await app.press('3', 'f');
		// Leaves per path over both layers: hosts 20+30 (smallest 20), passwd 11+0 (0), old 3, motd 6, b 2, the opaque cache 0:
		// efficiency (20+0+3+6+2+0)/(50+11+3+6+2+0) = 31/72; wasted 50+11 = 61 B; the top layer adds 30+6+2 = 38 B: 61/38.
		const title = 'Files of layer 1/2: 2 added, 2 changed, 2 deleted (f: its command)';
		// The figures and the files are read side by side: either may come first.
		let screen = await app.waitFor(frame => frame.includes('Image efficiency: 43.0556 %') && frame.includes(title));
		expect(detailLines(screen, title)).toEqual([
			'Image efficiency: 43.0556 %, wasted 61 B (160.5263 % of what the layers above the base add)',
			'~ ├── ▾ etc/  36B',
			'~ │   ├── hosts  30B',
			'+ │   ├── motd  6B',
			'- │   └── passwd  (deleted)',
			'  ├── ▾ srv/  2B',
			'  │   └── ▾ a/  2B',
			'+ │       └── b  2B',
			'  └── ▾ var/  0B',
			'-     └── cache/*  (opaque: nothing below shows through)',
		]);
		// Enter folds the highlighted directory (the first row), z unfolds it.
		await app.press(keys.enter);
		screen = await app.waitFor('▸ etc/');
		expect(detailLines(screen, title).slice(1, 3)).toEqual(['~ ├── ▸ etc/  36B', '  ├── ▾ srv/  2B']);
		await app.press('z');
		screen = await app.waitFor('▾ etc/');
		// j moves in the tree: srv/ folds, its files with it.
		await app.press('j', 'j', 'j', 'j', 'z');
		screen = await app.waitFor('▸ srv/');
		expect(detailLines(screen, title)).not.toContain('+ │       └── b  2B');
		// c: only what changes or deletes a lower layer's files, and the directories they are in.
		await app.press('c');
		screen = await app.waitFor('changed only (c: all)');
		expect(detailLines(screen, `${title.replace(' (f: its command)', '')}, changed only (c: all) (f: its command)`).slice(1)).toEqual([
			'~ ├── ▾ etc/  36B',
			'~ │   ├── hosts  30B',
			'- │   └── passwd  (deleted)',
			'  └── ▾ var/  0B',
			'-     └── cache/*  (opaque: nothing below shows through)',
		]);
		// ] goes to the layer below, with its own tree, unfiltered.
		await app.press(']');
		screen = await app.waitFor('Files of layer 2/2: 4 added, 0 changed, 0 deleted (f: its command)');
		expect(detailLines(screen, 'Files of layer 2/2').slice(1)).toEqual([
			'+ ├── ▾ etc/  31B',
			'+ │   ├── hosts  20B',
			'+ │   └── passwd  11B',
			'  └── ▾ var/  3B',
			'      └── ▾ cache/  3B',
			'+         └── old  3B',
		]);
	});

	test('a big layer is read 500 entries a page: > the next, < the previous', async () => {
		saved = process.env['NO_COLOR'];
		process.env['NO_COLOR'] = '1';
		store = await makeStore(async s => big(s));
		app = renderApp(store.store, {columns: 100, rows: 30});
		await app.waitFor('team/big');
		await app.press('3', 'f');
		let screen = await app.waitFor('entries 1–500 of 1203');
		expect(screen).toContain('f0000  1B');
		await app.press('>');
		screen = await app.waitFor('entries 501–1000 of 1203');
		expect(screen).toContain('f0500  1B');
		await app.press('>');
		screen = await app.waitFor('entries 1001–1203 of 1203');
		expect(screen).toContain('▾ data/  203B');
		// No page after the last.
		await app.press('>', '<');
		await app.waitFor('entries 501–1000 of 1203');
	});

	test('moving to another image stops the reading of the one left', async () => {
		store = await makeStore(async s => {
			await wasteful(s);
			await big(s);
		});
		const backend = new StoreBackend(store.store);
		let stopped: (() => void) | undefined;
		const wasStopped = new Promise<void>(resolve => {
			stopped = resolve;
		});
		const imageLayers = backend.capabilities.imageLayers!;
		// The first image's layers never finish being read, until the reading is stopped.
		const capabilities = {...backend.capabilities, async imageLayers(target: string) {
			const layers = await imageLayers(target);
			return {...layers, async eachEntry(_index: number, _visit: unknown, signal?: AbortSignal) {
				await new Promise<void>(resolve => {
					// Stopped before this layer was begun (a loaded machine): said at once.
					if (signal?.aborted) {
						stopped?.();
						resolve();
					}

					signal?.addEventListener('abort', () => {
						stopped?.();
						resolve();
					});
				});
			}};
		}};
		(backend as {capabilities: Backend['capabilities']}).capabilities = capabilities;
		app = renderApp(backend, {columns: 100, rows: 30});
		const list = await app.waitFor(frame => frame.includes('team/wasteful') && frame.includes('team/big'));
		// The rows' order is the store's (both made at the same time): go to wasteful's row, then to the other.
		const wastefulFirst = list.indexOf('team/wasteful') < list.indexOf('team/big');
		await app.press(wastefulFirst ? 'g' : 'G', '3', 'f');
		await app.waitFor('team/wasteful:v1 (base OS image) (t switches)');
		await app.waitFor('Image efficiency: reading every layer…');
		await app.press('1', wastefulFirst ? 'G' : 'g', '3');
		await app.waitFor('Files of layer 1/1');
		await wasStopped;
	});

	test('a click on a layer, while its files show, goes to that layer (not the tree\'s row)', async () => {
		store = await makeStore(async s => wasteful(s));
		const events = new EventEmitter();
		const mouse: MouseSource = {
			subscribe(listener) {
				events.on('mouse', listener);
				return () => {
					events.off('mouse', listener);
				};
			},
		};
		app = renderApp(store.store, {columns: 100, rows: 40, mouse});
		await app.waitFor('team/wasteful');
		await app.press('3', 'f');
		const screen = await app.waitFor('Files of layer 1/2: 2 added');
		const row = screen.split('\n').findIndex(line => line.startsWith('<missing>'));
		events.emit('mouse', {kind: 'press', button: 'left', x: 3, y: row} satisfies MouseEvent);
		await app.press();
		await app.waitFor('Files of layer 2/2: 4 added');
	});
});
