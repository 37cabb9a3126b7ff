import {describe, expect, test} from 'vitest';
import {buildImage, FakeRegistry} from '../helpers/fake-registry.js';
import {dialogText, keys, linesWith, makeStore, renderApp, type Harness, type TestStore} from './helpers.js';

let app: Harness | undefined;
let store: TestStore | undefined;

const tags = () => store!.fresh().images.flatMap(image => image.tags);

/** The Hub pane with `term` typed in its search box and the results list focused. */
async function search(term: string): Promise<string> {
	await app!.press('2');
	await app!.waitFor('Search (offline catalog)');
	await app!.press('/');
	await app!.type(term);
	await app!.press(keys.enter);
	return app!.waitFor(screen => screen.includes(`Search (offline catalog) ${term}`) && screen.includes('Enter pull'));
}

describe('Hub', () => {
	test('results as you type, with stars, official and automated', async () => {
		store = await makeStore();
		app = renderApp(store.store);
		await app.press('2');
		let screen = await app.waitFor('microsoft/sqlite');
		expect(screen).toMatch(/NAME\s+DESCRIPTION\s+STARS\s+OFFICIAL\s+AUTOMATED/);
		await app.press('/');
		await app.type('py');
		// No Enter: the list follows the box as it is typed.
		screen = await app.waitFor(screen => !screen.includes('microsoft/sqlite') && screen.includes('microsoft/python'));
		expect(screen).toMatch(/microsoft\/python\s+Python installed in a Windows Server Core\S*.*\s\d+\s+\[OK]\s*$/m);
		await app.type('thon');
		await app.waitFor('Search (offline catalog) python ');
		await app.press(keys.backspace, keys.backspace, keys.backspace, keys.backspace, keys.backspace, keys.backspace);
		await app.type('iis');
		screen = await app.waitFor(screen => screen.includes('microsoft/iis') && !screen.includes('microsoft/python'));
		expect(linesWith(screen, 'microsoft/iis ')[0]).toMatch(/Internet Information Services.*\s\d+\s\[OK]\s+\[OK]\s*$/);
		// microsoft/php runs on IIS: its description matches too.
		expect(screen).toContain('microsoft/php');
		await app.type('zzz');
		// On the offline hub, from the core as the CLI's pull says it: where docker.io names go, and how to change it.
		await app.waitFor('No match: docker.io names go to the offline catalog, which has no match; `dockyard hub dockerhub`');
	});

	test('the tags of the highlighted result; ←/→ choose the one Enter pulls', async () => {
		store = await makeStore();
		app = renderApp(store.store);
		await search('windowsservercore');
		let screen = await app.waitFor('Tags of windowsservercore (←/→ choose)');
		expect(linesWith(screen, 'Tags of windowsservercore')[0]).toMatch(/10\.0\.10514\.0.*10\.0\.10586\.0.*\[latest]|\[latest]/);
		expect(screen).toContain('Enter installs: $ docker pull windowsservercore');
		await app.press(keys.right);
		screen = await app.waitFor(screen => !linesWith(screen, 'Tags of windowsservercore')[0]!.includes('[latest]'));
		const chosen = /\[([^\]]+)]/.exec(linesWith(screen, 'Tags of windowsservercore')[0]!)![1]!;
		expect(chosen).toMatch(/^10\.0\.\d+\.0$/);
		expect(screen).toContain(`Install-ContainerImage -Name WindowsServerCore -Version ${chosen}`);
		await app.press('h');
		await app.waitFor(screen => linesWith(screen, 'Tags of windowsservercore')[0]!.includes('[latest]'));
	});

	test('a pull refused for a missing base OS image offers to install it there: n changes nothing, y installs it and the pull goes on', async () => {
		store = await makeStore();
		app = renderApp(store.store);
		await search('iis');
		await app.waitFor('Tags of microsoft/iis');
		await app.press(keys.enter);
		let screen = await app.waitFor('Install WindowsServerCore 10.0.10586.0 now, then pull microsoft/iis:latest? y/N');
		let text = dialogText(screen);
		expect(text).toContain('Refused: microsoft/iis:latest needs the base OS image WindowsServerCore 10.0.10586.0');
		// The key, not a command to type elsewhere; said once.
		expect(text).not.toContain('dockyard os install');
		expect(text.split('needs the base OS image').length).toBe(2);
		expect(text).toContain('Rule:');
		expect(text).toContain('PS> Install-ContainerImage -Name WindowsServerCore -Version 10.0.10586.0');
		expect(store.fresh().images).toHaveLength(0);
		await app.press('n');
		await app.waitFor(frame => !frame.includes('y/N'));
		expect(store.fresh().images).toHaveLength(0);
		await app.press(keys.enter);
		await app.waitFor('now, then pull microsoft/iis:latest? y/N');
		await app.press('y');
		screen = await app.waitFor('Status: Downloaded newer image for microsoft/iis:latest', 30_000);
		text = store.fresh().images.flatMap(image => image.tags).sort().join(' ');
		expect(text).toBe('microsoft/iis:latest windowsservercore:10.0.10586.0 windowsservercore:latest');
	});

	test('i installs a base OS image from Find-ContainerImage\'s list', async () => {
		store = await makeStore();
		app = renderApp(store.store);
		await app.press('2', 'i');
		let screen = await app.waitFor('Install a base OS image (Find-ContainerImage)');
		expect(screen).toMatch(/Name\s+Version\s+Description/);
		// The dialog's rows; the teaching line below names the highlighted one's version too.
		const rows = linesWith(screen, '10.0.').filter(row => row.startsWith('│'));
		expect(rows.map(row => /(NanoServer|WindowsServerCore)\s+(\S+)/.exec(row)!.slice(1).join(' '))).toEqual([
			'NanoServer 10.0.10586.0',
			'NanoServer 10.0.10514.0',
			'WindowsServerCore 10.0.10586.0',
			'WindowsServerCore 10.0.10514.0',
		]);
		expect(rows.map(row => row.includes('(latest)'))).toEqual([true, false, true, false]);
		await app.press('j', 'j');
		await app.press(keys.enter);
		screen = await app.waitFor('Status: Downloaded newer image for windowsservercore:10.0.10586.0', 10_000);
		expect(screen).toMatch(/: (Pull complete|Download complete)/);
		expect(tags()).toEqual(['windowsservercore:10.0.10586.0', 'windowsservercore:latest']);
		await app.press('i');
		screen = await app.waitFor('Install a base OS image');
		expect(linesWith(screen, 'WindowsServerCore 10.0.10586.0')).toEqual([]);
		expect(linesWith(screen, 'installed)')).toHaveLength(1);
		expect(linesWith(screen, 'installed)')[0]).toMatch(/WindowsServerCore\s+10\.0\.10586\.0/);
		await app.press(keys.escape);
		await app.waitFor(screen => !screen.includes('Install a base OS image'));
		expect(tags()).toHaveLength(2);
	});

	test('Enter pulls with a progress line per layer in docker\'s words; the image then shows in Local images', async () => {
		// Paced, so the progress is seen while it runs (whatever DOCKYARD_OFFLINE_RATE says).
		store = await makeStore(async s => {
			await s.installOs('WindowsServerCore', '10.0.10586.0');
		}, {offlineBytesPerSecond: 1_500_000});
		app = renderApp(store.store);
		await search('iis');
		await app.waitFor('Tags of microsoft/iis');
		await app.press(keys.enter);
		let screen = await app.waitFor(/Downloading\s+\[=*>?\s*]/, 10_000);
		expect(screen).toContain('Pulling microsoft/iis:latest… (x cancels)');
		expect(screen).toMatch(/^[\da-f]{12}: Already exists/m);
		expect(screen).toMatch(/^[\da-f]{12}: Downloading\s+\[=*>?\s*] [\d.]+k?B\/[\d.]+[kM]B$/m);
		screen = await app.waitFor('Status: Downloaded newer image for microsoft/iis:latest', 15_000);
		expect(screen).toContain('Pulled microsoft/iis:latest');
		expect(screen).toMatch(/^[\da-f]{12}: Pull complete/m);
		expect(screen).not.toMatch(/Downloading/);
		expect(tags()).toContain('microsoft/iis:latest');
		// Without a key: the pull's outcome is on the status line, the image in Local images.
		await app.press('1');
		screen = await app.waitFor('microsoft/iis');
		expect(linesWith(screen, 'microsoft/iis')[0]).toMatch(/microsoft\/iis\s+latest\s+[\da-f]{12}/);
		// Pulling again: docker's up-to-date words.
		await app.press('2');
		await app.waitFor('Tags of microsoft/iis');
		await app.press(keys.enter);
		await app.waitFor('Status: Image is up to date for microsoft/iis:latest', 10_000);
	});

	test('x cancels a running pull: nothing is added to the store', async () => {
		store = await makeStore(async s => {
			await s.installOs('WindowsServerCore', '10.0.10586.0');
		}, {offlineBytesPerSecond: 100_000});
		app = renderApp(store.store);
		await search('iis');
		await app.waitFor('Tags of microsoft/iis');
		await app.press(keys.enter);
		await app.waitFor(/Downloading\s+\[/, 10_000);
		await app.press('x');
		// Asked for: no error dialog, the pull's panel and the status line say it.
		const screen = await app.waitFor('Cancelled: nothing was added to the store', 10_000);
		expect(screen).toContain('Pull of microsoft/iis:latest cancelled');
		expect(screen).toContain('· Cancelled the pull of microsoft/iis:latest: nothing was added to the store');
		expect(screen).not.toContain('╭');
		expect(tags()).not.toContain('microsoft/iis:latest');
		expect(store.fresh().images).toHaveLength(1);
	});

	test('a registry domain in the box searches that registry (127.0.0.1:PORT/term): its _catalog, its tags; Enter pulls from it', async () => {
		const registry = await FakeRegistry.start();
		try {
			const image = await buildImage({layers: [{'hello.txt': 'hello from the loopback registry\n'}]});
			registry.addImage('team/app', '1.0', image);
			registry.addImage('team/app', 'latest', image);
			registry.addImage('team/tool', 'latest', await buildImage({layers: [{'tool.txt': 'a tool\n'}]}));
			registry.addImage('other/thing', 'latest', await buildImage({layers: [{'thing.txt': 'a thing\n'}]}));
			const {domain} = registry;
			store = await makeStore();
			app = renderApp(store.store, {columns: 100, rows: 30});
			await app.press('2');
			await app.waitFor('microsoft/aspnet');
			await app.press('/');
			await app.type(`${domain}/team`);
			// The title names the registry as the hub; the offline catalog's results are gone.
			let screen = await app.waitFor(screen => screen.includes(`${domain}/team/tool`) && screen.includes(`${domain}/team/app`));
			expect(screen).toContain(`Search (${domain}) ${domain}/team`);
			expect(screen).not.toContain('offline catalog');
			expect(screen).not.toContain('microsoft/aspnet');
			expect(screen).not.toContain('other/thing');
			expect(registry.requests.some(request => request.url.startsWith('/v2/_catalog'))).toBe(true);
			await app.press(keys.enter);
			// The highlighted result's tags come from the registry.
			screen = await app.waitFor(`Tags of ${domain}/team/app (←/→ choose)`);
			expect(linesWith(screen, `Tags of ${domain}/team/app`)[0]).toMatch(/: 1\.0 \[latest]$/);
			expect(registry.requests.some(request => request.url.startsWith('/v2/team/app/tags/list'))).toBe(true);
			expect(screen).toContain(`Enter pulls: $ docker pull ${domain}/team/app:latest`);
			await app.press(keys.enter);
			screen = await app.waitFor(`Status: Downloaded newer image for ${domain}/team/app:latest`, 15_000);
			expect(registry.requests.some(request => request.url.startsWith(`/v2/team/app/blobs/${image.layers[0]!.digest}`))).toBe(true);
			expect(tags()).toContain(`${domain}/team/app:latest`);
			// Without the domain, the chosen hub again.
			await app.press('/');
			await app.press(...Array.from({length: `${domain}/team`.length}, () => keys.backspace));
			await app.waitFor(screen => screen.includes('Search (offline catalog)') && screen.includes('microsoft/aspnet'));
		} finally {
			await registry.close();
		}
	}, 30_000);

	test('Esc clears the search', async () => {
		store = await makeStore();
		app = renderApp(store.store);
		await search('redis');
		await app.waitFor(screen => !screen.includes('microsoft/sqlite'));
		await app.press(keys.escape);
		await app.waitFor(screen => screen.includes('microsoft/sqlite') && screen.includes('* (press / to search)'));
	});

	test('a paste into the search box arrives as one string: its newline is no Enter, its escapes are not drawn', async () => {
		store = await makeStore();
		app = renderApp(store.store);
		await app.press('2');
		await app.waitFor('microsoft/sqlite');
		await app.press('/');
		// As a terminal in bracketed-paste mode sends it; typed as keys, \r would leave the box.
		await app.press('\u001B[200~ii\u001B[31ms\r\n\u001B[201~');
		const screen = await app.waitFor(screen => screen.includes('microsoft/iis') && !screen.includes('microsoft/sqlite'));
		expect(screen).toContain('Search (offline catalog) iis');
		// Still in the box: the footer shows the box's keys, and typing goes on after the paste.
		expect(screen).toContain('Enter/↓ results');
		expect(app.raw()).not.toContain('\u001B[31m');
		await app.type('x');
		await app.waitFor('Search (offline catalog) iisx');
	});
});
