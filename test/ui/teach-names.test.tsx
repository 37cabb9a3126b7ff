import {describe, expect, test} from 'vitest';
import {keys, linesWith, makeStore, renderApp, seeded, type Harness, type TestStore} from './helpers.js';

/** Names over ids (issue 22 #6): the lines the PowerShell view teaches name an image by its one tag, a container by the name dockyard gave it. */
let app: Harness | undefined;
let store: TestStore | undefined;

describe('the PowerShell view teaches with names', () => {
	test('c and d on an image with one tag name the tag, never sha256:…, and d needs no -f', async () => {
		store = await makeStore(async s => seeded(s, {container: false}));
		app = renderApp(store.store, {columns: 160, rows: 40});
		await app.waitFor('microsoft/iis');
		await app.press('p');
		await app.waitFor('IsOSImage');
		// iis is the newest image, at the top.
		await app.press('g', 'c');
		let screen = await app.waitFor(/✔ Created container iis-1 /);
		expect(screen).toContain('$ docker create --name iis-1 microsoft/iis:latest');
		expect(screen).toContain('PS> New-Container -Name iis-1 -ContainerImageName iis -ContainerImageVersion 10.0');
		expect(screen).not.toMatch(/docker create[^\n]*sha256:/);
		expect(store.fresh().containers.map(container => container.name)).toEqual(['iis-1']);

		await app.press('4', 'd');
		await app.waitFor('Remove container iis-1?');
		await app.press('y');
		await app.waitFor('✔ Removed container iis-1');
		await app.press('1', 'g', 'd');
		screen = await app.waitFor('Proceed? [y/N]');
		expect(screen).toContain('$ docker rmi microsoft/iis:latest');
		expect(screen).not.toMatch(/docker rmi -f|docker rmi sha256:/);
		expect(screen).toContain('PS> Get-ContainerImage -Name iis -Version 10.0 | Remove-ContainerImage -Force');
		await app.press(keys.escape);
	});

	test('an image with several tags is named by id, and its removal is forced, as Remove-ContainerImage removes them all', async () => {
		store = await makeStore(async s => seeded(s, {container: false}));
		app = renderApp(store.store, {columns: 160, rows: 40});
		await app.waitFor('microsoft/iis');
		await app.press('p');
		await app.waitFor('IsOSImage');
		// WindowsServerCore (10.0.10586.0 and latest) is at the bottom; microsoft/iis is its child, so the removal is refused.
		await app.press('G', 'd');
		const screen = await app.waitFor('cannot be removed');
		expect(screen).toMatch(/refused: \$ docker rmi sha256:[\da-f]{64}/);
		await app.press(keys.escape);
	});

	test('a commit is stored with the Publisher and Version its line says, and the PowerShell columns show them', async () => {
		store = await makeStore(async s => seeded(s));
		app = renderApp(store.store, {pane: 'containers', columns: 160, rows: 40});
		await app.waitFor(' web ');
		await app.press('c');
		await app.waitFor('Commit web to a new image (docker commit)');
		await app.type('demo');
		await app.press(keys.enter);
		let screen = await app.waitFor(/✔ sha256:[\da-f]{64} \(demo\)/);
		expect(screen).toContain('PS> New-ContainerImage -ContainerName web -Name demo -Publisher Demo -Version 1.0');
		await app.press('1', 'p');
		screen = await app.waitFor('IsOSImage');
		expect(screen, screen).toMatch(/demo\s+CN=Demo\s+1\.0\.0\.0\s+False/);
	});
});
