import {describe, expect, test} from 'vitest';
import {helpLines} from '../../source/ui/keymap.js';
import {keys, linesWith, makeStore, renderApp, seeded} from './helpers.js';

describe('marks are visible and predictable', () => {
	test('Space marks and moves down, as the footer and help say; the count stays in view with a long filter; a mark is bold as well as coloured', async () => {
		const {store} = await makeStore(async s => seeded(s, {container: false}));
		const app = renderApp(store);
		let screen = await app.waitFor('microsoft/iis');
		expect(screen).toContain('Space mark↓');
		expect(helpLines().join('\n')).toMatch(/Space\s+mark or unmark the row for one removal, then move down/);
		await app.press(keys.space);
		screen = await app.waitFor('1 marked');
		expect(linesWith(screen, 'microsoft/iis')[0]).toMatch(/^● microsoft\/iis/);
		// The cursor went down one row.
		expect(app.highlighted()[0]).toContain('windowsservercore');
		// Bold survives NO_COLOR: the marked row is drawn bold.
		expect(app.raw().split('\n').find(line => line.includes('microsoft/iis'))).toContain('\u001B[1m');
		// A filter long enough to push the counts out: the marked count stays.
		await app.press('/');
		await app.press(`\u001B[200~${'x'.repeat(70)}\u001B[201~`);
		screen = await app.waitFor('xxxxxxxxxx');
		// The pane's title line (the tab bar says Local images too).
		expect(linesWith(screen, 'Local images ')[1]).toContain('1 marked');
	});
});
