import {createHash} from 'node:crypto';
import {readFileSync, writeFileSync} from 'node:fs';
import stringWidth from 'string-width';
import {describe, expect, test, vi} from 'vitest';
import type {IndexData} from '../../source/core/store/records.js';
import type {Store} from '../../source/core/store/store.js';
import {bigStore, keys, linesWith, makeStore, renderApp, seeded, type Harness, type TestStore} from './helpers.js';

let app: Harness | undefined;
let store: TestStore | undefined;

/** The image rows of the pane, in order: the lines between the column header and the teaching lines. */
function imageLines(screen: string): string[] {
	const lines = screen.split('\n');
	const header = lines.findIndex(line => /REPOSITORY|Name\s+Publisher/.test(line));
	// Below the pane: three teaching lines and the footer.
	return lines.slice(header + 1, -4).filter(line => /\S/.test(line));
}

const cursorRow = () => app!.highlighted().at(-1) ?? '';

/** The cursor row, once the app has drawn it: contains `text` (a bounded poll). */
async function cursorOn(text: string | RegExp): Promise<void> {
	await vi.waitFor(() => {
		expect(cursorRow()).toMatch(text);
	}, {timeout: 3000, interval: 10});
}

describe('Local images', () => {
	test('docker columns, a row per tag, base OS images marked, containers counted', async () => {
		store = await makeStore(async s => seeded(s));
		app = renderApp(store.store);
		const screen = await app.waitFor('microsoft/iis');
		expect(screen).toMatch(/REPOSITORY\s+TAG\s+IMAGE ID\s+CREATED\s+SIZE\s+CTRS\s+BASE/);
		const iis = linesWith(screen, 'microsoft/iis')[0]!;
		const view = store.fresh();
		const iisImage = view.images.find(image => image.tags.includes('microsoft/iis:latest'))!;
		expect(iis).toMatch(new RegExp(`microsoft/iis\\s+latest\\s+${iisImage.shortId}\\s+\\d+ years ago\\s+[\\d.]+MB\\s+1\\s*$`));
		const base = linesWith(screen, 'windowsservercore');
		expect(base.map(line => line.split(/\s+/)[2])).toEqual(['10.0.10586.0', 'latest']);
		for (const line of base) {
			expect(line).toMatch(/\sbase\s*$/);
		}

		expect(screen).toContain('Local images 1/3');
	});

	test('CREATED fits docker\'s longest durations whole, and each row fits 80 columns', async () => {
		// Child images of NanoServer made "now" (a clock a little ahead), 70 s ago and 400 days ago.
		const made = async (s: Store) => {
			await s.installOs('nanoserver');
			const data = JSON.parse(readFileSync(s.indexPath, 'utf8')) as IndexData;
			const base = Object.values(data.images)[0]!;
			const ages: Array<[string, number]> = [['team/just-now', -3_600_000], ['team/a-minute', 70_000], ['team/old', 400 * 86_400_000]];
			for (const [name, age] of ages) {
				const id = 'sha256:' + createHash('sha256').update(name).digest('hex');
				const created = new Date(Date.now() - age).toISOString();
				data.images[id] = {...base, id, parent: base.id, created, added: created, repoDigests: [], source: 'test', title: name};
				data.tags[`docker.io/${name}:v1`] = id;
			}

			writeFileSync(s.indexPath, JSON.stringify(data));
		};

		store = await makeStore(made);
		app = renderApp(store.store, {columns: 80, rows: 24});
		let screen = await app.waitFor('team/just-now');
		expect(linesWith(screen, 'team/just-now')[0]).toMatch(/team\/just-now\s+v1\s+[\da-f]{12}\s+Less than a second ago\s+\S+B\s*$/);
		expect(linesWith(screen, 'team/a-minute')[0]).toMatch(/\sAbout a minute ago\s/);
		expect(linesWith(screen, 'team/old')[0]).toMatch(/\s13 months ago\s/);
		expect(screen).toMatch(/REPOSITORY\s+TAG\s+IMAGE ID\s+CREATED\s+SIZE\s+CTRS$/m);
		for (const line of screen.split('\n')) {
			expect(stringWidth(line)).toBeLessThanOrEqual(80);
		}

		// Wider, BASE is back.
		app.unmount();
		app = renderApp(store.store, {columns: 100, rows: 24});
		screen = await app.waitFor('team/just-now');
		expect(screen).toMatch(/REPOSITORY\s+TAG\s+IMAGE ID\s+CREATED\s+SIZE\s+CTRS\s+BASE$/m);
		expect(linesWith(screen, 'nanoserver')[0]).toMatch(/\sbase$/);
		expect(linesWith(screen, 'team/just-now')[0]).toContain('Less than a second ago');
	});

	test('p toggles the PowerShell columns Name/Publisher/Version/IsOSImage, and back', async () => {
		store = await makeStore(async s => seeded(s));
		app = renderApp(store.store);
		await app.waitFor('microsoft/iis');
		await app.press('p');
		const screen = await app.waitFor('IsOSImage');
		expect(screen).toMatch(/Name\s+Publisher\s+Version\s+IsOSImage\s+CTRS/);
		expect(screen).not.toContain('REPOSITORY');
		// Get-ContainerImage: one row per image, not per tag.
		expect(imageLines(screen)).toHaveLength(2);
		expect(linesWith(screen, ' iis ')[0]).toMatch(/iis\s+CN=Microsoft\s+\S+\s+False\s+1\s*$/);
		expect(linesWith(screen, 'WindowsServerCore')[0]).toMatch(/WindowsServerCore\s+CN=Microsoft\s+10\.0\.10586\.0\s+True/);
		await app.press('p');
		await app.waitFor('REPOSITORY');
		expect(app.frame()).not.toContain('IsOSImage');
	});

	test('s cycles the sort: created (newest first), name, size (largest first)', async () => {
		store = await makeStore(async s => bigStore(s, 12));
		app = renderApp(store.store);
		let screen = await app.waitFor('sort: created');
		expect(imageLines(screen)[0]).toContain('team0/app0 ');
		await app.press('s');
		screen = await app.waitFor('sort: name');
		expect(imageLines(screen).slice(0, 3).map(line => line.trim().split(/\s+/)[0])).toEqual(['nanoserver', 'nanoserver', 'team0/app0']);
		expect(imageLines(screen)[3]).toContain('team0/app10 ');
		await app.press('s');
		screen = await app.waitFor('sort: size');
		expect(imageLines(screen)[0]).toContain('team1/app11 ');
		await app.press('s');
		await app.waitFor('sort: created');
	});

	test('/ filters as you type, Enter keeps it, Esc clears it', async () => {
		store = await makeStore(async s => bigStore(s, 12));
		app = renderApp(store.store);
		await app.waitFor('sort: created');
		await app.press('/');
		await app.type('app1');
		let screen = await app.waitFor('of 14');
		expect(imageLines(screen).map(line => line.trim().split(/\s+/)[0])).toEqual(['team1/app1', 'team0/app10', 'team1/app11']);
		expect(screen).toContain('1/3 of 14');
		expect(screen).toContain('filter: app1');
		// While the filter box has the keys, letters are text, not commands (q does not quit).
		await app.type('q');
		screen = await app.waitFor('filter: app1q');
		expect(app.exited()).toBe(false);
		expect(screen).toContain('Nothing matches the filter');
		await app.press(keys.backspace);
		await app.waitFor('1/3 of 14');
		await app.press(keys.enter);
		// Back in the list: the footer shows the pane's keys again.
		screen = await app.waitFor('d remove');
		expect(screen).toContain('1/3 of 14');
		// j moves within the filtered rows.
		await app.press('j');
		await cursorOn('team0/app10');
		await app.press(keys.escape);
		screen = await app.waitFor('/14');
		expect(imageLines(screen)).toHaveLength(14);
		expect(screen).not.toContain('filter:');
		// Esc while typing clears too.
		await app.press('/');
		await app.type('team9');
		await app.waitFor('of 14');
		await app.press(keys.escape);
		await app.waitFor(screen => !screen.includes('of 14') && screen.includes('/14'));
	});

	test('a paste into the filter box arrives as one string, not as keys (its q does not quit, its newline is no Enter)', async () => {
		store = await makeStore(async s => bigStore(s, 12));
		app = renderApp(store.store);
		await app.waitFor('sort: created');
		await app.press('/');
		await app.press('\u001B[200~team1/app1\r\n\u001B[201~');
		let screen = await app.waitFor('filter: team1/app1');
		expect(screen).toContain('1/2 of 14');
		expect(screen).toContain('Enter/↓ keep');
		await app.press('\u001B[200~q\u001B[201~');
		screen = await app.waitFor('filter: team1/app1q');
		expect(app.exited()).toBe(false);
		// Editing goes on at the end of what was pasted.
		await app.press(keys.backspace);
		await app.waitFor(screen => screen.includes('1/2 of 14') && !screen.includes('app1q'));
		await app.type('1');
		screen = await app.waitFor('1/1 of 14');
		expect(screen).toContain('filter: team1/app11');
	});

	test('j/k, arrows, g/G, Home/End and PgUp/PgDn move the highlight', async () => {
		store = await makeStore(async s => bigStore(s, 60));
		app = renderApp(store.store, {rows: 30});
		await app.waitFor('sort: created');
		// Newest first: app0, app1, … then the base image (its tags) last.
		await cursorOn('team0/app0 ');
		await app.press('j');
		await cursorOn('team1/app1 ');
		await app.press(keys.down, keys.down);
		await cursorOn('team3/app3 ');
		await app.press('k');
		await cursorOn('team2/app2 ');
		await app.press(keys.up);
		await cursorOn('team1/app1 ');
		await app.press('G');
		await cursorOn(/nanoserver/);
		await app.waitFor('images 62/62 ');
		await app.press('g');
		await cursorOn('team0/app0 ');
		await app.press(keys.end);
		await app.waitFor('images 62/62 ');
		await app.press(keys.home);
		await app.waitFor('images 1/62 ');
		// A page is the pane's height less its chrome: 30 rows leave 18.
		await app.press(keys.pageDown);
		await app.waitFor('images 19/62 ');
		await cursorOn('team8/app18 ');
		await app.press(keys.pageDown, keys.pageDown, keys.pageDown);
		await app.waitFor('images 62/62 ');
		// On the base image the PowerShell line wraps to a second row, which the list gives up: a page is 17 there.
		await app.press(keys.pageUp);
		await app.waitFor('images 45/62 ');
		// Up at the top and down at the bottom stay put.
		await app.press('g', 'k');
		await app.waitFor('images 1/62 ');
		await app.press('G', 'j');
		await app.waitFor('images 62/62 ');
	});

	test('with 2,000 images only the visible rows are drawn, and the cursor stays in view', async () => {
		store = await makeStore(async s => bigStore(s, 2000));
		app = renderApp(store.store, {columns: 80, rows: 24});
		let screen = await app.waitFor('images 1/2002 ');
		expect(screen.split('\n').length).toBeLessThanOrEqual(24);
		const rows = imageLines(screen);
		expect(rows.length).toBeGreaterThan(5);
		expect(rows.length).toBeLessThan(24);
		await app.press('G');
		screen = await app.waitFor('images 2002/2002 ');
		expect(screen.split('\n').length).toBeLessThanOrEqual(24);
		await cursorOn(/nanoserver/);
		await app.press(keys.pageUp);
		expect(app.frame().split('\n').length).toBeLessThanOrEqual(24);
		await cursorOn(/app\d+/);
		await app.press('/');
		await app.type('app1999');
		screen = await app.waitFor('1/1 of 2002');
		expect(imageLines(screen).map(line => line.trim().split(/\s+/)[0])).toEqual(['team9/app1999']);
	}, 15_000);

	test('space marks several images for one removal; y removes them all', async () => {
		store = await makeStore(async s => bigStore(s, 5));
		app = renderApp(store.store);
		await app.waitFor('sort: created');
		await app.press(keys.space, keys.space);
		let screen = await app.waitFor('2 marked');
		expect(linesWith(screen, '●').map(line => line.trim().split(/\s+/)[1])).toEqual(['team0/app0', 'team1/app1']);
		// Space toggles: unmark and mark again.
		await app.press('k', keys.space);
		screen = await app.waitFor('1 marked');
		await app.press('k', keys.space);
		await app.waitFor('2 marked');
		await app.press('d');
		screen = await app.waitFor('Remove 2 images?');
		expect(screen).toContain('Will untag team0/app0:v0');
		expect(screen).toContain('Will untag team1/app1:v1');
		expect(linesWith(screen, 'Will delete sha256:')).toHaveLength(2);
		// One docker rmi naming both; a Remove-ContainerImage for each marked image (not the highlighted one).
		expect(screen).toContain('$ docker rmi team0/app0:v0 team1/app1:v1 ');
		expect(linesWith(screen, '│ PS>').map(line => line.replace(/│/g, '').trim())).toEqual([
			expect.stringMatching(/^PS> Get-ContainerImage -Name app0( -Version \S+)? \| Remove-ContainerImage -Force$/),
			expect.stringMatching(/^PS> Get-ContainerImage -Name app1( -Version \S+)? \| Remove-ContainerImage -Force$/),
		]);
		await app.press('y');
		await app.waitFor(/✔ Untagged: team0\/app0:v0/);
		const tags = store.fresh().images.flatMap(image => image.tags);
		expect(tags).not.toContain('team0/app0:v0');
		expect(tags).not.toContain('team1/app1:v1');
		expect(tags).toContain('team2/app2:v2');
		screen = await app.waitFor('images 1/5 ');
		expect(screen).not.toContain('marked');
	});

	test('Esc clears the marks; p clears them too (rows change meaning)', async () => {
		store = await makeStore(async s => bigStore(s, 3));
		app = renderApp(store.store);
		await app.waitFor('sort: created');
		await app.press(keys.space);
		await app.waitFor('1 marked');
		await app.press(keys.escape);
		await app.waitFor(screen => !screen.includes('marked'));
		await app.press(keys.space);
		await app.waitFor('1 marked');
		await app.press('p');
		await app.waitFor(screen => screen.includes('IsOSImage') && !screen.includes('marked'));
	});

	test('an empty store says how to get images', async () => {
		store = await makeStore();
		app = renderApp(store.store);
		await app.waitFor('No images yet: press 2 for the Hub');
	});
});
