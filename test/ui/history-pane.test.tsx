import path from 'node:path';
import {describe, expect, test, vi} from 'vitest';
import {shortId} from '../../source/core/digest.js';
import type {Store} from '../../source/core/store/store.js';
import {printable} from '../../source/core/text.js';
import {writeDockerArchive} from '../helpers/tar-layers.js';
import {keys, linesWith, makeStore, renderApp, seeded, type Harness, type TestStore} from './helpers.js';

let app: Harness | undefined;
let store: TestStore | undefined;

describe('History', () => {
	test('the highlighted image\'s layers as docker history shows them, <missing> included', async () => {
		store = await makeStore(async s => seeded(s));
		app = renderApp(store.store);
		await app.waitFor('microsoft/iis');
		// Enter on an image opens its history.
		await app.press(keys.enter);
		const screen = await app.waitFor('<missing>');
		expect(screen).toMatch(/IMAGE\s+CREATED\s+CREATED BY\s+SIZE\s+COMMENT/);
		expect(screen).toContain('microsoft/iis:latest (t switches)');
		const iis = store.fresh().images.find(image => image.tags.includes('microsoft/iis:latest'))!;
		const rows = await store.store.history(iis.id);
		const lines = screen.split('\n');
		const header = lines.findIndex(line => line.startsWith('IMAGE'));
		const shown = lines.slice(header + 1, header + 1 + rows.length);
		expect(shown.map(line => line.split(/\s+/)[0])).toEqual(rows.map(row => row.id === '<missing>' ? row.id : shortId(row.id)));
		expect(shown[0]).toMatch(/cmd \/S \/C powershell/);
		expect(rows.some(row => row.id === '<missing>')).toBe(true);
	});

	test('the parent chain down to the base OS image, and what depends on the image', async () => {
		store = await makeStore(async s => seeded(s));
		const view = store.fresh();
		const iis = view.images.find(image => image.tags.includes('microsoft/iis:latest'))!;
		const base = view.images.find(image => image.isOSImage)!;
		const container = view.containers[0]!;
		app = renderApp(store.store, {pane: 'history'});
		let screen = await app.waitFor('Parent chain, down to the base OS image:');
		expect(screen).toMatch(new RegExp(`^ {2}${iis.shortId} microsoft/iis:latest$`, 'm'));
		expect(screen).toMatch(new RegExp(`^ {2}└─ ${base.shortId} windowsservercore:10\\.0\\.10586\\.0 \\(base OS image\\)$`, 'm'));
		expect(screen).toContain('Depends on it (1):');
		expect(linesWith(screen, `container ${container.shortId} web`)[0]).toMatch(/\(Created/);
		// The base image: its child image directly, and the child's container under it.
		await app.press('1', 'G', '3');
		// The last row, by name: the base's latest tag.
		screen = await app.waitFor('windowsservercore:latest (base OS image) (t switches)');
		expect(screen).toContain('Depends on it (1, 2 in all):');
		expect(screen).toContain(`  └─ child image ${iis.shortId} microsoft/iis:latest\n     └─ container ${container.shortId} web (Created, stopped)`);
		expect(linesWith(screen, '(base OS image)').filter(line => line.startsWith('  '))).toHaveLength(1);
	});

	test('the title names the row highlighted in Local images, not the image\'s first tag', async () => {
		store = await makeStore(async s => {
			await seeded(s, {container: false});
			await s.tag('microsoft/iis', 'zz/second:two');
		});
		app = renderApp(store.store);
		await app.waitFor('zz/second');
		// Rows of one image: by name, so microsoft/iis:latest first, then zz/second:two.
		await app.press('j');
		await vi.waitFor(() => {
			expect(app!.highlighted().at(-1)).toContain('zz/second');
		}, {timeout: 3000, interval: 10});
		await app.press('3');
		let screen = await app.waitFor('Parent chain');
		expect(screen).toContain('zz/second:two (t switches)');
		expect(screen).not.toContain('microsoft/iis:latest (t switches)');
		await app.press('1', 'k', '3');
		screen = await app.waitFor('microsoft/iis:latest (t switches)');
		expect(screen).not.toContain('zz/second:two (t switches)');
	});

	test('a long parent chain stays readable at 80x24: ids whole, the deepest line uncut', async () => {
		// windowsservercore ← microsoft/iis ← six images, each committed from a container of the one before.
		store = await makeStore(async s => {
			await seeded(s, {container: false});
			let parent = 'microsoft/iis';
			for (let level = 1; level <= 6; level++) {
				// eslint-disable-next-line no-await-in-loop
				const container = await s.createContainer(parent, {name: `step${level}`});
				const name = `classroom/layered-app-level${level}:v${level}`;
				// eslint-disable-next-line no-await-in-loop
				await s.commit(container.id, {repository: name});
				parent = name;
			}
		});
		const view = store.fresh();
		const top = view.images.find(image => image.tags.includes('classroom/layered-app-level6:v6'))!;
		const chain = view.chain(top.id);
		expect(chain).toHaveLength(8);
		app = renderApp(store.store, {columns: 80, rows: 24});
		await app.waitFor('classroom/layered-app-level6');
		// Newest first: the top row is level 6.
		await app.press('3');
		const screen = await app.waitFor('Parent chain');
		const lines = screen.split('\n');
		const start = lines.indexOf('Parent chain, down to the base OS image:');
		const shown = lines.slice(start + 1, lines.findIndex(line => line.startsWith('Depends on it')));
		expect(shown).toEqual([
			`  ${chain[0]!.shortId} classroom/layered-app-level6:v6`,
			`  └─ ${chain[1]!.shortId} classroom/layered-app-level5:v5`,
			'     └─ … 5 more',
			`        └─ ${chain[7]!.shortId} windowsservercore:10.0.10586.0 (base OS image)`,
		]);
	});

	test('a layer made a moment ago: CREATED says "Less than a second ago" whole at 80 columns', async () => {
		store = await makeStore(async s => {
			await seeded(s);
			const container = s.read().containers[0]!;
			await s.commit(container.id, {repository: 'team/fresh:v1'});
		});
		const fresh = store.fresh().images.find(image => image.tags.includes('team/fresh:v1'))!;
		// The clock stands just after the commit (only Date: the app's timers run).
		vi.useFakeTimers({toFake: ['Date']});
		try {
			vi.setSystemTime(Date.parse(fresh.created) + 300);
			app = renderApp(store.store, {columns: 80, rows: 24});
			await app.waitFor('team/fresh');
			await app.press('3');
			// The layers arrive after the chain (read from the image's config): wait for their row.
			const screen = await app.waitFor(frame => frame.includes('Parent chain') && frame.split('\n').some(line => line.startsWith(`${fresh.shortId} `)));
			expect(linesWith(screen, fresh.shortId)[0]).toMatch(new RegExp(`^${fresh.shortId} Less than a second ago\\s`));
			expect(screen).toMatch(/^IMAGE\s+CREATED\s+CREATED BY\s+SIZE\s+COMMENT\s*$/m);
			for (const line of screen.split('\n')) {
				expect(line.length).toBeLessThanOrEqual(80);
			}
		} finally {
			vi.useRealTimers();
		}
	});

	test('an image nothing depends on says it can be removed', async () => {
		store = await makeStore(async s => seeded(s, {container: false}));
		app = renderApp(store.store, {pane: 'history'});
		const screen = await app.waitFor('Depends on it (0):');
		expect(screen).toContain('nothing: it can be removed');
	});

	test('t shows the journal: what was done, with the equivalent commands', async () => {
		store = await makeStore(async s => seeded(s));
		app = renderApp(store.store, {pane: 'history'});
		await app.waitFor('Parent chain');
		await app.press('t');
		let screen = await app.waitFor(/Journal.*\d+ entries/);
		const journal = store.fresh().journal;
		expect(screen).toContain(`${journal.length} entries`);
		// Newest first: the container, the pull, the install.
		const entries = screen.split('\n').filter(line => /^\d\d:\d\d:\d\d [✔✘] /.test(line));
		expect(entries).toHaveLength(journal.length);
		expect(entries[0]).toMatch(/✔ create/);
		expect(entries.some(line => / pull /.test(line))).toBe(true);
		expect(screen).toContain('$ docker create --name web microsoft/iis');
		expect(screen).toMatch(/PS> New-Container/);
		await app.press('j');
		screen = await app.waitFor('$ docker pull microsoft/iis');
		await app.press('t');
		await app.waitFor('Parent chain');
	});
});

// A step's command as a Dockerfile RUN leaves it: long, and (from an archive nobody checked) with escapes in it.
const longCommand = `/bin/sh -c apt-get update && apt-get install -y ${Array.from({length: 24}, (_, index) => `package-number-${index}`).join(' ')} && echo \u001B[2J\u0007 done`;

/** A linux image loaded from a docker archive: a base layer, then a gzip'd one that changes, adds, deletes (a whiteout) and hides a directory (opaque). */
async function layered(s: Store): Promise<void> {
	const file = path.join(s.home, 'layered.tar');
	await writeDockerArchive(file, 'team/layered:v1', [
		{createdBy: '/bin/sh -c #(nop) ADD file:base in /', entries: [
			{name: 'etc/', type: 'directory'},
			{name: 'etc/hosts', text: '127.0.0.1 localhost\n'},
			{name: 'etc/passwd', text: 'root:x:0:0\n'},
			{name: 'var/cache/old', text: 'old'},
		]},
		{createdBy: longCommand, gzip: true, entries: [
			{name: './etc/', type: 'directory'},
			{name: './etc/hosts', text: '127.0.0.1 localhost classroom\n'},
			{name: './etc/motd', text: 'hello\n'},
			{name: './etc/.wh.passwd'},
			{name: './var/cache/.wh..wh..opq'},
			{name: './etc/evil\u001B]0;pwned\u0007name', text: 'evil\n'},
		]},
	]);
	await s.load(file);
}

/** The detail's lines: from its title to the parent chain's. */
function detailLines(screen: string, title: string): string[] {
	const lines = screen.split('\n');
	const start = lines.findIndex(line => line.startsWith(title));
	return lines.slice(start + 1, lines.indexOf('Parent chain, down to the base OS image:'));
}

const squeezed = (text: string) => text.replaceAll(/\s+/g, '');

describe('History: a cursor over the layers, the highlighted one in full', () => {
	test('the cursor moves over the layers and the highlighted layer\'s whole command shows, wrapped, its escapes shown, at 80x24 and after a resize', async () => {
		store = await makeStore(async s => layered(s));
		app = renderApp(store.store, {terminal: true, columns: 119, rows: 30});
		await app.waitFor('team/layered');
		await app.press('3');
		let screen = await app.waitFor('CREATED BY of layer 1/2');
		expect(squeezed(detailLines(screen, 'CREATED BY of layer 1/2').join(''))).toBe(squeezed(printable(longCommand)));
		expect(screen).toContain('\\u001b[2J\\u0007 done');
		expect(app.raw()).not.toContain('\u001B[2J');
		expect(app.raw()).not.toContain('\u0007');
		app.resize(80, 24);
		screen = await app.waitFor(frame => frame.split('\n').every(line => line.length <= 80) && frame.includes('CREATED BY of layer 1/2'));
		const wrapped = detailLines(screen, 'CREATED BY of layer 1/2');
		expect(wrapped.length).toBeGreaterThan(2);
		expect(squeezed(wrapped.join(''))).toBe(squeezed(printable(longCommand)));
		// The list's own cell is cut; the detail is not.
		expect(linesWith(screen, '/bin/sh -c apt-get update')[0]).toMatch(/…/);
		await app.press('j');
		screen = await app.waitFor('CREATED BY of layer 2/2');
		expect(detailLines(screen, 'CREATED BY of layer 2/2')).toEqual(['/bin/sh -c #(nop) ADD file:base in /']);
		expect(app.highlighted().join('\n')).toContain('#(nop) ADD file:base');
		await app.press('k');
		await app.waitFor('CREATED BY of layer 1/2');
		await app.press('G');
		await app.waitFor('CREATED BY of layer 2/2');
		await app.press('g');
		await app.waitFor('CREATED BY of layer 1/2');
		await app.press(keys.pageDown);
		await app.waitFor('CREATED BY of layer 2/2');
	});

	test('the whole tree of dependents: a grandchild image and its stopped container, under the child', async () => {
		store = await makeStore(async s => {
			await seeded(s);
			const web = s.read().containers[0]!;
			await s.commit(web.id, {repository: 'team/app:v1'});
			await s.createContainer('team/app:v1', {name: 'student'});
		});
		const view = store.fresh();
		const iis = view.images.find(image => image.tags.includes('microsoft/iis:latest'))!;
		const app1 = view.images.find(image => image.tags.includes('team/app:v1'))!;
		const web = view.containers.find(container => container.name === 'web')!;
		const student = view.containers.find(container => container.name === 'student')!;
		app = renderApp(store.store);
		await app.waitFor('team/app');
		await app.press('G', '3');
		const screen = await app.waitFor('(base OS image) (t switches)');
		const lines = screen.split('\n');
		const start = lines.findIndex(line => line.startsWith('Depends on it'));
		expect(lines.slice(start, start + 5)).toEqual([
			'Depends on it (1, 4 in all):',
			`  └─ child image ${iis.shortId} microsoft/iis:latest`,
			`     ├─ container ${web.shortId} web (Created, stopped)`,
			`     └─ child image ${app1.shortId} team/app:v1`,
			`        └─ container ${student.shortId} student (Created, stopped)`,
		]);
	});

	test('f lists the files the highlighted layer adds, changes and deletes (whiteouts, an opaque directory), read from its gzip\'d tar; f again, the command', async () => {
		const saved = process.env['NO_COLOR'];
		process.env['NO_COLOR'] = '1';
		try {
			store = await makeStore(async s => layered(s));
			app = renderApp(store.store, {columns: 80, rows: 24});
			await app.waitFor('team/layered');
			await app.press('3');
			let screen = await app.waitFor('CREATED BY of layer 1/2 (f: its files)');
			expect(screen).toContain('f files');
			await app.press('f');
			screen = await app.waitFor('Files of layer 1/2: 2 added, 2 changed, 2 deleted (f: its command)');
			// As a tree (test/ui/layer-tree.test.tsx), under the image's figures.
			expect(detailLines(screen, 'Files of layer 1/2').slice(1)).toEqual([
				'~ ├── ▾ etc/  41B',
				'+ │   ├── evil\\u001b]0;pwned\\u0007name  5B',
				'~ │   ├── hosts  30B',
				'+ │   ├── motd  6B',
				'- │   └── passwd  (deleted)',
				'  └── ▾ var/  0B',
				'-     └── cache/*  (opaque: nothing below shows through)',
			]);
			// The signs carry it without colour, and nothing from the tar reaches the terminal raw.
			expect(app.raw()).not.toMatch(/\u001B\[3\dm/);
			expect(app.raw()).not.toContain('\u0007');
			// The list keys move in the tree while it shows: ] is the layer below.
			await app.press(']');
			screen = await app.waitFor('Files of layer 2/2: 4 added, 0 changed, 0 deleted');
			expect(detailLines(screen, 'Files of layer 2/2').slice(1, 4)).toEqual(['+ ├── ▾ etc/  31B', '+ │   ├── hosts  20B', '+ │   └── passwd  11B']);
			await app.press('f');
			await app.waitFor('CREATED BY of layer 2/2');
		} finally {
			if (saved === undefined) {
				delete process.env['NO_COLOR'];
			} else {
				process.env['NO_COLOR'] = saved;
			}
		}
	});
});
