import {expect, test} from 'vitest';
import {makeStore, renderApp, seeded} from './helpers.js';

test('a removal refusal lets the user go to a dependent: o highlights the container in Containers', async () => {
	const {store} = await makeStore(async s => seeded(s));
	const app = renderApp(store);
	await app.waitFor('microsoft/iis');
	await app.press('d');
	const screen = await app.waitFor('Nothing was changed.');
	expect(screen).toContain('o goes to the first dependent');
	expect(screen).toContain('o go to dependent');
	await app.press('o');
	await app.waitFor(frame => !frame.includes('Nothing was changed.') && frame.includes('NAME'));
	expect(app.frame().split('\n')[0]).toMatch(/\u001B?.*4 Containers/);
	expect(app.highlighted().join('\n')).toContain('web');
});
