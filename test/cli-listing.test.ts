import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {dockyard, tempHome} from './helpers/cli.js';

describe('listing verbs: options as docker has them', () => {
	const {home, cleanup} = tempHome();
	const run = async (...args: string[]) => dockyard(home, args);
	let coreId = '';

	beforeAll(async () => {
		expect((await run('os', 'install', 'windowsservercore')).code).toBe(0);
		expect((await run('pull', 'microsoft/redis:2.8.2400')).code).toBe(0);
		expect((await run('create', '--name', 'box', 'windowsservercore')).code).toBe(0);
		expect((await run('commit', 'box')).code).toBe(0);
		coreId = (await run('images', '-q', '--no-trunc', 'windowsservercore:latest')).stdout.trim();
	});
	afterAll(cleanup);

	test('images --digests shows the pulled digest; --no-trunc the full id', async () => {
		const result = await run('images', '--digests', '--no-trunc', 'microsoft/redis');
		expect(result.stdout).toMatch(/^REPOSITORY\s+TAG\s+DIGEST\s+IMAGE ID\s+CREATED\s+SIZE$/m);
		expect(result.stdout).toMatch(/^microsoft\/redis\s+2\.8\.2400\s+sha256:[a-f\d]{64}\s+sha256:[a-f\d]{64}\s/m);
	});

	test('images filters: dangling and reference', async () => {
		const dangling = await run('images', '--filter', 'dangling=true');
		expect(dangling.stdout.trim().split('\n')).toHaveLength(2);
		expect(dangling.stdout).toMatch(/^<none>\s+<none>\s+[a-f\d]{12}\s/m);
		const reference = await run('images', '-f', 'reference=microsoft/*');
		expect(reference.stdout.trim().split('\n').slice(1).map(line => line.split(/\s+/)[0])).toEqual(['microsoft/redis']);
		const bad = await run('images', '--filter', 'color=blue');
		expect(bad.code).toBe(2);
	});

	test('--json on listings is parseable', async () => {
		for (const args of [['images', '--json'], ['ps', '-a', '--json'], ['search', '*', '--json'], ['history', '--json', 'microsoft/redis:2.8.2400'], ['Get-ContainerImage', '-Json'], ['tree', '--json', 'windowsservercore']]) {
			// eslint-disable-next-line no-await-in-loop
			const result = await run(...args);
			expect(result.code).toBe(0);
			expect(() => JSON.parse(result.stdout) as unknown).not.toThrow();
		}
	});

	test('search: limit and filters', async () => {
		const limited = await run('search', '*', '--limit', '3');
		expect(limited.stdout.trim().split('\n')).toHaveLength(4);
		const official = await run('search', '*', '--filter', 'is-official=true');
		expect(official.stdout.trim().split('\n').slice(1).map(line => line.split(/\s+/)[0])).toEqual(['microsoft/aspnet', 'microsoft/dotnet35', 'microsoft/iis', 'nanoserver', 'windowsservercore']);
		const full = await run('search', 'aspnet', '--no-trunc');
		expect(full.stdout).toContain('ASP.NET 5 framework installed in a Windows Server Core based container');
	});

	test('inspect prints docker\'s JSON shape', async () => {
		const result = await run('inspect', 'windowsservercore');
		const [document] = JSON.parse(result.stdout) as Array<Record<string, unknown>>;
		expect(document).toMatchObject({Id: coreId, RepoTags: ['windowsservercore:10.0.10586.0', 'windowsservercore:latest'], Os: 'windows', Architecture: 'amd64', Parent: ''});
		expect((document!['RootFS'] as {Layers: string[]}).Layers.length).toBeGreaterThan(0);
	});

	test('ps -q and ps without -a (nothing runs)', async () => {
		expect((await run('ps')).stdout.trim().split('\n')).toHaveLength(1);
		expect((await run('ps', '-aq')).stdout.trim()).toMatch(/^[a-f\d]{12}$/);
	});

	test('history -q lists ids, the committed one first', async () => {
		const result = await run('history', '-q', 'microsoft/redis:2.8.2400');
		const lines = result.stdout.trim().split('\n');
		expect(lines[0]).toMatch(/^[a-f\d]{12}$/);
		expect(lines).toContain(coreId.slice(7, 19));
	});

	test('PowerShell parameters: case-insensitive, prefixes, wildcards', async () => {
		const result = await run('get-containerimage', '-na', 'windows*');
		expect(result.stdout).toMatch(/^WindowsServerCore\s+CN=Microsoft\s+10\.0\.10586\.0\s+True$/m);
		expect(result.stdout).not.toMatch(/redis/);
	});
});
