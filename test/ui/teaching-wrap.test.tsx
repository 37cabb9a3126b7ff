import {describe, expect, test} from 'vitest';
import {stringWidth} from '../../source/ui/text.js';
import {keys, makeStore, renderApp, seeded} from './helpers.js';

const longName = 'classroom/a-rather-long-repository-name-for-the-lesson:with-a-long-tag-too';

/** The screen's words as one text: a wrapped line reads on across the break. */
function flat(screen: string): string {
	return screen.replaceAll(/\s+/g, ' ');
}

describe('a teaching line is never cut', () => {
	for (const columns of [80, 100]) {
		test(`it wraps at ${columns} columns`, async () => {
			const {store} = await makeStore(async s => seeded(s));
			const app = renderApp(store, {columns, rows: 30});
			await app.waitFor('microsoft/iis');
			await app.press('t');
			await app.waitFor('New repository[:tag]');
			// Pasted (bracketed), as a student would: one key, not seventy.
			await app.press(`\u001B[200~${longName}\u001B[201~`);
			await app.waitFor('with-a-long-tag-too');
			await app.press(keys.enter);
			const screen = await app.waitFor('✔ Tagged');
			expect(flat(screen)).toContain(`as ${longName}`);
			expect(flat(screen)).toContain(`$ docker tag microsoft/iis:latest ${longName}`);
			for (const line of screen.split('\n')) {
				expect(stringWidth(line)).toBeLessThanOrEqual(columns);
			}

			// The layout keeps its size: the tab bar first, the footer last, within the rows.
			expect(screen.split('\n').length).toBeLessThanOrEqual(30);
			expect(screen.split('\n')[0]).toMatch(/^dockyard/);
		});
	}
});

describe('y copies the shown command (OSC 52)', () => {
	test('the highlighted row\'s docker line goes to the clipboard, and the status line says so', async () => {
		const {store} = await makeStore(async s => seeded(s));
		const app = renderApp(store);
		await app.waitFor('microsoft/iis');
		await app.press('y');
		await app.waitFor('Copied');
		const expected = Buffer.from('docker rmi microsoft/iis:latest').toString('base64');
		expect(app.written()).toContain(`\u001B]52;c;${expected}\u0007`);
		expect(app.frame()).toMatch(/✔ Copied to the clipboard: docker rmi microsoft\/iis:latest/);
	});

	test('in the PowerShell columns, the PowerShell line', async () => {
		const {store} = await makeStore(async s => seeded(s));
		const app = renderApp(store);
		await app.waitFor('microsoft/iis');
		await app.press('p');
		await app.waitFor('IsOSImage');
		await app.press('y');
		await app.waitFor('Copied');
		const copied = [...app.written().matchAll(/\u001B\]52;c;([A-Za-z\d+/=]+)\u0007/g)].map(match => Buffer.from(match[1]!, 'base64').toString());
		expect(copied.at(-1)).toMatch(/^Get-ContainerImage /);
	});
});
