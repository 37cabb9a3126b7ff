import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {dockyard, tempHome} from './helpers/cli.js';

/**
 * The seed document, step by step, as a student would type it: every step a
 * fresh process on the same $DOCKYARD_HOME.
 */
describe('the seed walkthrough', () => {
	const {home, cleanup} = tempHome();
	const run = async (...args: string[]) => dockyard(home, args);
	afterAll(cleanup);

	let aspnetId = '';
	let containerId = '';
	let iisImageId = '';

	beforeAll(() => {
		writeFileSync(path.join(home, 'index.html'), '<h1>Hello from IIS</h1>\n');
	});

	test('Find-ContainerImage lists the installable base OS images', async () => {
		const result = await run('Find-ContainerImage');
		expect(result.code).toBe(0);
		expect(result.stdout).toMatch(/^Name\s+Version\s+Description$/m);
		expect(result.stdout).toMatch(/^NanoServer\s+10\.0\.10586\.0\s+Container OS Image of Windows Server 2016 Techn/m);
		expect(result.stdout).toMatch(/^WindowsServerCore\s+10\.0\.10586\.0/m);
	});

	test('Install-ContainerImage installs NanoServer at the version asked for', async () => {
		const result = await run('Install-ContainerImage', '-Name', 'NanoServer', '-Version', '10.0.10586.0');
		expect(result.code).toBe(0);
		expect(result.stdout).toMatch(/^Downloaded in 0 hours, 0 minutes, \d+ seconds\.$/m);
	});

	test('os install without a version takes the latest', async () => {
		const result = await run('os', 'install', 'WindowsServerCore');
		expect(result.code).toBe(0);
		expect(result.stdout).toMatch(/Downloaded in/);
		const list = await run('Get-ContainerImage');
		expect(list.stdout).toMatch(/^Name\s+Publisher\s+Version\s+IsOSImage$/m);
		expect(list.stdout).toMatch(/^NanoServer\s+CN=Microsoft\s+10\.0\.10586\.0\s+True$/m);
		expect(list.stdout).toMatch(/^WindowsServerCore\s+CN=Microsoft\s+10\.0\.10586\.0\s+True$/m);
	});

	test('docker images shows the base images, latest and version tags on one id', async () => {
		const result = await run('images');
		expect(result.stdout).toMatch(/^REPOSITORY\s+TAG\s+IMAGE ID\s+CREATED\s+SIZE$/m);
		const core = result.stdout.split('\n').filter(line => line.startsWith('windowsservercore '));
		expect(core).toHaveLength(2);
		const ids = core.map(line => line.split(/\s+/)[2]);
		expect(ids[0]).toMatch(/^[a-f\d]{12}$/);
		expect(ids[0]).toBe(ids[1]);
	});

	test('search * lists the hub with docker columns and [OK] marks', async () => {
		const result = await run('search', '*');
		expect(result.code).toBe(0);
		expect(result.stdout).toMatch(/^NAME\s+DESCRIPTION\s+STARS\s+OFFICIAL\s+AUTOMATED$/m);
		expect(result.stdout).toMatch(/^microsoft\/aspnet\s+ASP\.NET 5 framework installed in a Windows\.\.\.\s+1\s+\[OK\]\s+\[OK\]$/m);
		expect(result.stdout).toMatch(/^microsoft\/django\s+Django installed in a Windows Server Core \.\.\.\s+1\s+\[OK\]$/m);
	});

	test('pulling a hub image before its base is installed is refused, saying what to install', async () => {
		const other = tempHome();
		try {
			const result = await dockyard(other.home, ['pull', 'microsoft/aspnet']);
			expect(result.code).toBe(1);
			expect(result.stderr.trim().split('\n')).toHaveLength(1);
			expect(result.stderr).toMatch(/^Error: .*WindowsServerCore 10\.0\.10586\.0.*os install WindowsServerCore/);
			expect((await dockyard(other.home, ['images', '-q'])).stdout).toBe('');
		} finally {
			other.cleanup();
		}
	});

	test('pull microsoft/aspnet prints docker\'s lines', async () => {
		const result = await run('pull', 'microsoft/aspnet');
		expect(result.code).toBe(0);
		const lines = result.stdout.trim().split('\n');
		expect(lines[0]).toBe('Using default tag: latest');
		expect(lines[1]).toBe('latest: Pulling from microsoft/aspnet');
		expect(lines.some(line => /^[a-f\d]{12}: Already exists$/.test(line))).toBe(true);
		expect(lines.some(line => /^[a-f\d]{12}: Pull complete$/.test(line))).toBe(true);
		expect(result.stdout).toMatch(/^Digest: sha256:[a-f\d]{64}$/m);
		expect(result.stdout).toMatch(/^Status: Downloaded newer image for microsoft\/aspnet:latest$/m);
		const again = await run('pull', 'microsoft/aspnet');
		expect(again.stdout).toMatch(/^Status: Image is up to date for microsoft\/aspnet:latest$/m);
		expect(again.stdout).not.toMatch(/Pull complete/);
		aspnetId = (await run('images', '-q', 'microsoft/aspnet')).stdout.trim();
		expect(aspnetId).toMatch(/^[a-f\d]{12}$/);
	});

	test('create a container from the base image and add a file to it', async () => {
		const created = await run('create', '--name', 'iisbuild', 'windowsservercore');
		expect(created.code).toBe(0);
		containerId = created.stdout.trim();
		expect(containerId).toMatch(/^[a-f\d]{64}$/);
		const copied = await run('cp', path.join(home, 'index.html'), 'iisbuild:C:\\inetpub\\wwwroot\\');
		expect(copied.code).toBe(0);
		const ps = await run('ps', '-a');
		expect(ps.stdout).toMatch(/^CONTAINER ID\s+IMAGE\s+COMMAND\s+CREATED\s+STATUS\s+PORTS\s+NAMES$/m);
		expect(ps.stdout).toMatch(new RegExp(`^${containerId.slice(0, 12)}\\s+windowsservercore:latest\\s+.*Created\\s+iisbuild$`, 'm'));
	});

	test('commit prints the new image id', async () => {
		const result = await run('commit', containerId.slice(0, 12), 'windowsservercoreiis');
		expect(result.code).toBe(0);
		iisImageId = result.stdout.trim();
		expect(iisImageId).toMatch(/^sha256:[a-f\d]{64}$/);
		const images = await run('images');
		expect(images.stdout).toMatch(new RegExp(`^windowsservercoreiis\\s+latest\\s+${iisImageId.slice(7, 19)}\\s`, 'm'));
	});

	test('New-ContainerImage names publisher and version as PowerShell shows them', async () => {
		const result = await run('New-ContainerImage', '-Container', 'iisbuild', '-Publisher', 'Demo', '-Name', 'DemoImage', '-Version', '1.0');
		expect(result.code).toBe(0);
		const list = await run('Get-ContainerImage', '-Name', 'DemoImage');
		expect(list.stdout).toMatch(/^DemoImage\s+CN=Demo\s+1\.0\.0\.0\s+False$/m);
	});

	test('history goes from the new layer down to the base image', async () => {
		const result = await run('history', 'windowsservercoreiis');
		expect(result.code).toBe(0);
		const lines = result.stdout.trim().split('\n');
		expect(lines[0]).toMatch(/^IMAGE\s+CREATED\s+CREATED BY\s+SIZE\s+COMMENT$/);
		expect(lines[1]).toMatch(new RegExp(`^${iisImageId.slice(7, 19)}\\s+(Less than a second|1 second|\\d+ seconds|About a minute) ago\\s`));
		const base = (await run('images', '-q', 'windowsservercore:latest')).stdout.trim();
		expect(lines.at(-1)).toMatch(new RegExp(`^(${base}|<missing>)\\s`));
		expect(result.stdout).toContain(base);
	});

	test('parents, in both dialects', async () => {
		const parents = await run('Get-ContainerImage', '-Parents');
		expect(parents.stdout).toMatch(/^Name\s+ParentImage$/m);
		expect(parents.stdout).toMatch(/^windowsservercoreiis\s+ContainerImage \(Name = 'WindowsServerCore'\) \[Publisher = 'CN=Microsoft', Version = '10\.0\.10586\.0'\]$/m);
		expect(parents.stdout).toMatch(/^NanoServer$/m);
		const tree = await run('tree', 'windowsservercore');
		expect(tree.stdout).toContain('container');
		expect(tree.stdout).toContain('iisbuild');
		expect(tree.stdout).toContain('windowsservercoreiis:latest');
	});

	test('removing what has dependents is refused, names them, and changes nothing', async () => {
		const snapshot = async () => (JSON.parse((await run('images', '--json')).stdout) as Array<Record<string, string>>).map(row => `${row['Repository']}:${row['Tag']} ${row['ID']}`);
		const before = await snapshot();
		const base = await run('rmi', 'windowsservercore:10.0.10586.0');
		expect(base.stdout).toBe('Untagged: windowsservercore:10.0.10586.0\n');
		await run('tag', 'windowsservercore:latest', 'windowsservercore:10.0.10586.0');
		expect(await snapshot()).toEqual(before);

		const byId = await run('rmi', '-f', (await run('images', '-q', 'windowsservercore:latest')).stdout.trim());
		expect(byId.code).toBe(1);
		expect(byId.stderr).toMatch(/^Error: conflict: unable to delete [a-f\d]{12} \(cannot be forced\) - image is being used by stopped container [a-f\d]{12}; image has dependent child images: [a-f\d]{12} \(/);
		expect(byId.stderr).toContain(containerId.slice(0, 12));

		const child = await run('rmi', 'windowsservercoreiis');
		expect(child.code).toBe(0);
		expect(child.stdout).toMatch(/^Untagged: windowsservercoreiis:latest\nDeleted: sha256:[a-f\d]{64}\n$/);

		const stillUsed = await run('Remove-ContainerImage', '-Name', 'WindowsServerCore', '-Force');
		expect(stillUsed.code).toBe(1);
		expect(stillUsed.stderr).toMatch(/image is being used by stopped container/);
	});

	test('remove the container, then the images: untagged and deleted', async () => {
		expect((await run('rmi', 'demoimage')).code).toBe(0);
		expect((await run('rm', 'iisbuild')).code).toBe(0);
		expect((await run('rmi', 'microsoft/aspnet')).code).toBe(0);
		const id = (await run('images', '-q', 'windowsservercore')).stdout.split('\n')[0]!;
		const unforced = await run('rmi', id);
		expect(unforced.code).toBe(1);
		expect(unforced.stderr).toBe(`Error: conflict: unable to delete ${id} (must be forced) - image is referenced in multiple repositories\n`);
		const result = await run('rmi', '-f', id);
		expect(result.code).toBe(0);
		expect(result.stdout).toMatch(/^Untagged: windowsservercore:10\.0\.10586\.0\nUntagged: windowsservercore:latest\nDeleted: sha256:[a-f\d]{64}\n$/);
		const fsck = await run('fsck');
		expect(fsck.code).toBe(0);
		const prune = await run('prune', '-f');
		expect(prune.stdout).toMatch(/Total reclaimed space: [\d.]+[kM]?B/);
		expect((await run('fsck')).stdout).toMatch(/0 problems, 0 orphans/);
	});
});
