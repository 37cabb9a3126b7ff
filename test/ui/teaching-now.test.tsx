import {describe, expect, test} from 'vitest';
import {keys, linesWith, makeStore, renderApp, seeded} from './helpers.js';

/** The two command lines under the pane (the status line above them, the footer below). */
function teachingLines(screen: string): string {
	const lines = screen.split('\n');
	const commands = lines.filter(line => /(\$ |PS> )/.test(line) && !line.startsWith('│'));
	return commands.join('\n');
}

describe('the teaching line follows what is in front of the user', () => {
	test('the search box (the default * search) shows docker search', async () => {
		const {store} = await makeStore();
		const app = renderApp(store, {pane: 'hub'});
		await app.waitFor('microsoft/iis');
		await app.press('/');
		await app.waitFor('Enter/↓ results');
		expect(teachingLines(app.frame())).toContain("$ docker search '*'");
		await app.type('iis');
		await app.waitFor(screen => teachingLines(screen).includes('$ docker search iis'));
	});

	test('with the install dialog open, the highlighted row\'s Install-ContainerImage line', async () => {
		const {store} = await makeStore();
		const app = renderApp(store, {pane: 'hub'});
		await app.waitFor('microsoft/iis');
		await app.press('i');
		await app.waitFor('Install a base OS image');
		let lines = teachingLines(app.frame());
		expect(lines).toContain('Install-ContainerImage -Name NanoServer');
		expect(lines).not.toContain('docker pull microsoft/aspnet');
		await app.press('j', 'j');
		await app.waitFor(screen => teachingLines(screen).includes('Install-ContainerImage -Name WindowsServerCore'));
		lines = teachingLines(app.frame());
		expect(lines).toContain('10.0.10586.0');
	});

	test('during a removal confirmation, the line of the marked set, not of the row under the cursor', async () => {
		const {store} = await makeStore(async s => seeded(s, {container: false}));
		const app = renderApp(store);
		await app.waitFor('microsoft/iis');
		// Mark the first row (Space steps down): the cursor ends on another row.
		await app.press(keys.space);
		await app.waitFor('1 marked');
		await app.press('d');
		const screen = await app.waitFor('Remove microsoft/iis:latest?');
		const below = screen.split('\n').filter(line => !line.startsWith('│') && !line.startsWith('╭') && !line.startsWith('╰'));
		expect(linesWith(below.join('\n'), '$ docker rmi')).toEqual([expect.stringContaining('$ docker rmi microsoft/iis:latest')]);
		expect(below.join('\n')).not.toContain('docker rmi windowsservercore');
	});
});
