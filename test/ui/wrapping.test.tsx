import {describe, expect, test} from 'vitest';
import {builtinLesson} from '../../source/core/lesson/load-lesson.js';
import {teach} from '../../source/core/teach.js';
import {teachingRows} from '../../source/ui/teaching-rows.js';
import {dialogText, keys, makeStore, renderApp} from './helpers.js';

const seed = builtinLesson('container-images')!;

/** The Hub: a search for iis, then its pull, refused for want of its base OS image. */
async function refusedPull(app: ReturnType<typeof renderApp>): Promise<string> {
	await app.press('2');
	await app.waitFor('Search (');
	await app.press('/', ...'iis', keys.enter);
	await app.waitFor(/Tags of microsoft\/iis .*\[latest\]/);
	await app.press(keys.enter);
	return app.waitFor('y/N');
}

describe('text wraps where the readme says it does, never cut (defect 8)', () => {
	test('the pull refusal at 100x30: the whole title, rule and question', async () => {
		const {store} = await makeStore();
		const app = renderApp(store, {columns: 100, rows: 30});
		await app.waitFor('No images yet');
		const text = dialogText(await refusedPull(app));
		expect(text).toContain('needs the base OS image WindowsServerCore 10.0.10586.0');
		expect(text).toContain('which must be installed first. Nothing was changed.');
		expect(text).toContain('Install WindowsServerCore 10.0.10586.0 now, then pull microsoft/iis:latest? y/N');
		expect(text).not.toContain('…');
	});

	test('the pull refusal at 80x24 under the lesson panel keeps its first line and its question', async () => {
		const {store} = await makeStore();
		const app = renderApp(store, {columns: 80, rows: 24, lesson: {lesson: seed, startedAt: new Date().toISOString()}});
		await app.waitFor('step 1 of');
		const screen = await refusedPull(app);
		const text = dialogText(screen);
		expect(text).toMatch(/^Refused: microsoft\/iis:latest needs the base OS image WindowsServerCore 10\.0\.10586\.0/);
		expect(text).toContain('then pull microsoft/iis:latest? y/N');
	});

	test('the journal\'s detail wraps its PowerShell line', async () => {
		const {store} = await makeStore(async s => {
			await s.installOs('WindowsServerCore', '10.0.10586.0');
		});
		const app = renderApp(store, {columns: 60, rows: 30, pane: 'history'});
		await app.waitFor('Layers');
		await app.press('t');
		const screen = await app.waitFor('os-install');
		const detail = screen.split('\n').slice(screen.split('\n').findIndex(line => line.startsWith('────'))).map(line => line.trim()).join(' ');
		expect(detail).toContain('PS> Install-ContainerImage -Name WindowsServerCore -Version 10.0.10586.0');
	});

	test('help\'s descriptions wrap at 80 columns', async () => {
		const {store} = await makeStore();
		const app = renderApp(store, {columns: 80, rows: 200});
		await app.waitFor('No images yet');
		await app.press('?');
		const screen = await app.waitFor('Keys (');
		const text = dialogText(screen);
		expect(text).toContain('copy the command shown below the pane to the clipboard (OSC 52)');
		expect(screen.split('\n').filter(line => /…\s*│$/.test(line))).toEqual([]);
	});

	test('a prompt ($, PS>) is never left alone at the end of a teaching line', () => {
		const equivalents = teach({kind: 'tree', target: 'microsoft/iis:latest', psName: 'iis'});
		for (let width = 30; width <= 120; width++) {
			const rows = teachingRows({now: {label: 'history', equivalents}, width});
			for (const row of rows) {
				expect(row.text, `at ${width} columns`).not.toMatch(/(^|\s)(\$|PS>)$/);
			}
		}
	});
});
