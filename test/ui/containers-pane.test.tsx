import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import {dialogText, keys, linesWith, makeStore, renderApp, seeded, withoutJournal, type Harness, type TestStore} from './helpers.js';

let app: Harness | undefined;
let store: TestStore | undefined;
let scratch: string | undefined;

afterEach(() => {
	if (scratch) {
		rmSync(scratch, {recursive: true, force: true});
	}

	scratch = undefined;
});

describe('Containers', () => {
	test('c on an image creates a container; the pane lists it as docker ps -a', async () => {
		store = await makeStore(async s => seeded(s, {container: false}));
		app = renderApp(store.store);
		await app.waitFor('microsoft/iis');
		await app.press('c');
		// Named by dockyard, so both lines name the container the pane lists (issue 22 #6).
		let screen = await app.waitFor(/✔ Created container iis-1 \([\da-f]{12}\) from microsoft\/iis:latest/);
		expect(screen).toContain('$ docker create --name iis-1 microsoft/iis:latest');
		expect(screen).toContain('PS> New-Container -Name iis-1 -ContainerImageName iis -ContainerImageVersion 10.0');
		const [container] = store.fresh().containers;
		expect(container).toBeDefined();
		expect(linesWith(screen, 'microsoft/iis')[0]).toMatch(/\s1\s*$/);
		await app.press('4');
		screen = await app.waitFor(container!.shortId);
		expect(screen).toMatch(/CONTAINER ID\s+IMAGE\s+CREATED\s+STATUS\s+NAMES\s+FILES/);
		expect(linesWith(screen, container!.shortId)[0]).toMatch(new RegExp(`${container!.shortId}\\s+microsoft/iis:latest\\s+.*Created\\s+${container!.name}\\s+0\\s*$`));
		expect(screen).toContain(`Files added to ${container!.name} (committed by c): none yet — a adds one`);
	});

	test('n creates one from the image named in its prompt', async () => {
		store = await makeStore(async s => seeded(s, {container: false}));
		app = renderApp(store.store);
		await app.waitFor('microsoft/iis');
		await app.press('4');
		await app.waitFor('No containers');
		await app.press('n');
		// Filled in with the image highlighted in Local images.
		await app.waitFor('> microsoft/iis:latest');
		await app.press(keys.enter);
		await app.waitFor(/Created container/);
		expect(store.fresh().containers).toHaveLength(1);
		expect(store.fresh().containers[0]!.imageRef).toBe('microsoft/iis:latest');
	});

	test('a adds a file, c commits it to a new image, d removes the container', async () => {
		scratch = mkdtempSync(path.join(os.tmpdir(), 'dockyard-ui-file-'));
		const file = path.join(scratch, 'index.html');
		writeFileSync(file, '<h1>hello</h1>\n');
		store = await makeStore(async s => seeded(s));
		app = renderApp(store.store, {pane: 'containers'});
		await app.waitFor(' web ');
		await app.press('a');
		await app.waitFor('Add a file to web (docker cp)');
		await app.type(file);
		await app.press(keys.enter);
		await app.waitFor('Where in the container');
		// A Windows container's prompt starts at C:\ (the store keeps the path as /inetpub/wwwroot/).
		await app.type('inetpub\\wwwroot\\');
		await app.waitFor('> C:\\inetpub\\wwwroot\\');
		await app.press(keys.enter);
		let screen = await app.waitFor(/✔ Copied 15B to web:\/inetpub\/wwwroot\/index\.html/);
		expect(screen).toContain(`$ docker cp ${file} 'web:C:\\inetpub\\wwwroot\\'`);
		expect(linesWith(screen, ' web ')[0]).toMatch(/\s1\s*$/);
		expect(screen).toContain('  /inetpub/wwwroot/index.html (15B)');
		expect(store.fresh().containers[0]!.changes.map(change => change.path)).toEqual(['/inetpub/wwwroot/index.html']);

		await app.press('c');
		await app.waitFor('Commit web to a new image (docker commit)');
		await app.type('mysite:v1');
		await app.press(keys.enter);
		screen = await app.waitFor(/✔ sha256:[\da-f]{64} \(mysite:v1\)/);
		// By name, as PowerShell's -ContainerName; stored with the Publisher and Version the line says.
		expect(screen).toContain('$ docker commit web mysite:v1');
		expect(screen).toContain('PS> New-ContainerImage -ContainerName web -Name mysite -Publisher Demo -Version 1.0');
		const view = store.fresh();
		const committed = view.images.find(image => image.tags.includes('mysite:v1'))!;
		const iis = view.images.find(image => image.tags.includes('microsoft/iis:latest'))!;
		expect(committed.parent).toBe(iis.id);
		expect(committed).toMatchObject({publisher: 'Demo', version: '1.0.0.0'});
		await app.press('1');
		await app.waitFor('mysite');

		await app.press('4', 'd');
		screen = await app.waitFor('Remove container web?');
		expect(dialogText(screen)).toContain('1 file(s) added: they go with it.');
		expect(screen).toContain('$ docker rm web');
		// Enter is No.
		await app.press(keys.enter);
		await app.waitFor('· Cancelled: nothing was changed');
		expect(store.fresh().containers).toHaveLength(1);
		await app.press('d');
		await app.waitFor('Remove container web?');
		await app.press('y');
		await app.waitFor('✔ Removed container web');
		expect(store.fresh().containers).toHaveLength(0);
		await app.waitFor('No containers');
	});

	test('a missing file is an error in a dialog, and nothing changes', async () => {
		store = await makeStore(async s => seeded(s));
		app = renderApp(store.store, {pane: 'containers'});
		await app.waitFor(' web ');
		await app.press('a');
		await app.waitFor('Add a file to web');
		await app.type('/no/such/file');
		await app.press(keys.enter);
		await app.waitFor('Where in the container');
		await app.press(keys.enter);
		const screen = await app.waitFor('Error');
		expect(dialogText(screen)).toMatch(/\/no\/such\/file/);
		await app.press(keys.escape);
		await app.waitFor(screen => !screen.includes('╭'));
		expect(store.fresh().containers[0]!.changes).toHaveLength(0);
	});

	test('a container blocks the removal of its image: refused, named, nothing changes', async () => {
		store = await makeStore(async s => seeded(s));
		app = renderApp(store.store);
		await app.waitFor('microsoft/iis');
		const before = store.fresh();
		const beforeIndex = store.index();
		await app.press('d');
		const screen = await app.waitFor('Refused: microsoft/iis:latest cannot be removed');
		const text = dialogText(screen);
		const container = before.containers[0]!;
		expect(text).toContain(`container ${container.shortId} "web" (Created`);
		expect(text).toMatch(/Rule: /);
		expect(text).toContain('Nothing was changed.');
		await app.press(keys.escape);
		await app.waitFor(screen => !screen.includes('Refused:'));
		expect(withoutJournal(store.index())).toEqual(withoutJournal(beforeIndex));
		// Once the container is gone, the image can go.
		await app.press('4', 'd', 'y');
		await app.waitFor('✔ Removed container web');
		await app.press('1', 'd');
		await app.waitFor('Remove microsoft/iis:latest?');
		await app.press('y');
		await app.waitFor('✔ Untagged: microsoft/iis:latest');
		expect(store.fresh().images.flatMap(image => image.tags)).not.toContain('microsoft/iis:latest');
	});
});
