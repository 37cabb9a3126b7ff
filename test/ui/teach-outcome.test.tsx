import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, test, vi} from 'vitest';
import {keys, makeStore, renderApp, seeded, type Harness, type TestStore} from './helpers.js';

describe('the teaching line says how an action ended; J writes the journal', () => {
	let store: TestStore | undefined;
	let app: Harness | undefined;
	let directory: string | undefined;
	afterEach(() => {
		app?.unmount();
		delete process.env['DOCKYARD_JOURNAL_DIR'];
		if (directory) {
			rmSync(directory, {recursive: true, force: true});
		}
	});

	test('a refused removal is shown as refused, with its rule, taught as the attempt (Remove-ContainerImage -Force, as the lesson and the journal), and is journalled', async () => {
		store = await makeStore(async s => seeded(s));
		app = renderApp(store.store, {columns: 200, rows: 40});
		await app.waitFor('microsoft/iis');
		// The PowerShell view: the base OS image is highlighted at the bottom; it has a child image.
		await app.press('p', 'G', 'd');
		const screen = await app.waitFor('cannot be removed');
		expect(screen).not.toContain('did:');
		expect(screen).toMatch(/refused: \$ docker rmi \S+/);
		expect(screen).toMatch(/✘ refused: conflict: unable to delete \S+ \(cannot be forced\).* · rule: An image that other images were created from/);
		const teachingLines = screen.split('\n').filter(line => line.includes('$ docker rmi') || line.includes('PS> Get-ContainerImage'));
		expect(teachingLines.length).toBeGreaterThan(0);
		for (const line of teachingLines.filter(line => !line.includes('│'))) {
			expect(line).not.toMatch(/docker rmi -f/);
		}

		expect(teachingLines.some(line => line.includes('| Remove-ContainerImage -Force'))).toBe(true);

		// Journalled by the app (the store was never asked to remove): written a moment later.
		await vi.waitFor(() => {
			expect(store!.fresh().journal.at(-1)).toMatchObject({action: 'rmi', ok: false, outcome: 'refused'});
		}, {timeout: 5000, interval: 20});
		const entry = store.fresh().journal.at(-1)!;
		expect(entry.rule).toMatch(/other images were created from/);
		expect(entry.powershell.join('\n')).toContain('| Remove-ContainerImage -Force');
		await app.press(keys.escape);
	});

	test('removing one of two tags of the base OS image never shows Remove-ContainerImage', async () => {
		store = await makeStore(async s => {
			await seeded(s, {container: false});
			await s.tag('windowsservercore:10.0.10586.0', 'windowsservercore:class');
		});
		app = renderApp(store.store, {columns: 200, rows: 40});
		await app.waitFor('microsoft/iis');
		await app.press('/');
		await app.type('class');
		await app.press(keys.enter);
		const screen = await app.waitFor('d removes: $ docker rmi windowsservercore:class');
		expect(screen).toContain('PS: no PowerShell equivalent: only a tag goes');
		expect(screen).not.toMatch(/PS> .*Remove-ContainerImage/);
	});

	test('J writes the journal as Markdown into the directory and says where', async () => {
		directory = mkdtempSync(path.join(os.tmpdir(), 'dockyard-journal-'));
		process.env['DOCKYARD_JOURNAL_DIR'] = directory;
		store = await makeStore(async s => seeded(s));
		app = renderApp(store.store, {columns: 200, rows: 40});
		await app.waitFor('microsoft/iis');
		await app.press('J');
		const screen = await app.waitFor('Journal written');
		const files = readdirSync(directory);
		expect(files).toHaveLength(1);
		expect(files[0]).toMatch(/^dockyard-journal-\d{8}-\d{6}\.md$/);
		const file = path.join(directory, files[0]!);
		expect(screen).toContain(file);
		const text = readFileSync(file, 'utf8');
		expect(text).toMatch(/^# dockyard journal\n/);
		expect(text).toContain('## 1. os-install: done');
		expect(text).toContain('Install-ContainerImage -Name WindowsServerCore -Version 10.0.10586.0');
		expect(text).toContain('## 3. create: done');
		await app.press(keys.escape);
		await app.press('J');
		await app.waitFor(frame => readdirSync(directory!).length === 2 && frame.includes('Journal written'));
		expect(existsSync(file)).toBe(true);
	});
});
