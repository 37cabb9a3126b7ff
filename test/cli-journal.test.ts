import {existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {dockyard, tempHome} from './helpers/cli.js';

// One class session by the CLI: a refused pull, the fix, a tag removed alone, a refused removal, an error, a long command.
describe('dockyard journal: the session as a handout or a script; dockyard reset', {timeout: 120_000}, () => {
	const {home, cleanup} = tempHome();
	const longDestination = `/${'d'.repeat(290)}/`;
	let untagExplained = '';
	beforeAll(async () => {
		const run = async (args: string[], code = 0) => {
			const result = await dockyard(home, args, {timeoutMs: 60_000});
			expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(code);
			return result;
		};

		await run(['pull', 'microsoft/iis'], 1);
		await run(['os', 'install', 'WindowsServerCore', '--version', '10.0.10586.0']);
		await run(['pull', 'microsoft/iis']);
		await run(['tag', 'windowsservercore:10.0.10586.0', 'windowsservercore:class']);
		// --explain changes nothing (it journals nothing either); the removal is its own command.
		untagExplained = (await run(['rmi', 'windowsservercore:class', '--explain'])).stdout;
		await run(['rmi', 'windowsservercore:class']);
		await run(['create', '--name', 'web', 'microsoft/iis']);
		await run(['rmi', 'microsoft/iis'], 1);
		await run(['rmi', 'nosuch'], 1);
		const file = path.join(home, 'index.html');
		writeFileSync(file, '<h1>hello</h1>\n');
		await run(['cp', file, `web:${longDestination}`]);
	}, 600_000);
	afterAll(cleanup);

	test('removing one of two tags teaches no Remove-ContainerImage: PowerShell has no equivalent, in words', () => {
		expect(untagExplained).toContain('docker:     docker rmi windowsservercore:class');
		expect(untagExplained).toContain('PowerShell: (no PowerShell equivalent: only a tag goes');
		expect(untagExplained).not.toMatch(/PowerShell: +(Get|Remove)-ContainerImage/);
	});

	test('md (the default): every action in order, refusals with their rule, errors, commands uncut', async () => {
		const result = await dockyard(home, ['journal']);
		expect(result.code).toBe(0);
		expect(result.stderr).toBe('');
		const md = result.stdout;
		const headings = md.split('\n').filter(line => line.startsWith('## '));
		expect(headings).toEqual([
			'## 1. pull: refused',
			'## 2. os-install: done',
			'## 3. pull: done',
			'## 4. tag: done',
			'## 5. rmi: done',
			'## 6. create: done',
			'## 7. rmi: refused',
			'## 8. rmi: failed',
			'## 9. cp: done',
		]);
		expect(md).toContain('**Rule:** Images from the hub that depend on WindowsServerCore need the WindowsServerCore base OS image installed first.');
		expect(md).toContain('**Rule:** An image cannot be removed while a container depends on it, even a stopped container');
		expect(md).toContain('No such image: nosuch:latest');
		expect(md).toContain('PowerShell: no PowerShell equivalent: Install-ContainerImage installs only base OS images');
		expect(md).toContain('Install-ContainerImage -Name WindowsServerCore -Version 10.0.10586.0');
		// The refused removal is taught as the attempt the seed's guide types: PowerShell's -Force only skips its
		// confirmation, it overrides no dependency, so the line keeps it, as the lesson's and the TUI's do.
		const refusal = md.slice(md.indexOf('## 7.'), md.indexOf('## 8.'));
		expect(refusal).toContain('(cannot be forced)');
		expect(refusal).toMatch(/\nGet-ContainerImage -Name .+ \| Remove-ContainerImage -Force\n/);
		expect(refusal).toMatch(/\ndocker rmi microsoft\/iis\n/);
		// Nothing cut: the 300-character docker cp line is there whole, on one line.
		const cp = md.split('\n').find(line => line.startsWith('docker cp '));
		expect(cp).toBe(`docker cp ${path.join(home, 'index.html')} web:${longDestination}`);
		expect(cp!.length).toBeGreaterThan(300);
		expect(md).not.toContain('…');
	});

	test('sh replays the docker commands; refusals and errors are comments with their rule', async () => {
		const result = await dockyard(home, ['journal', '--format', 'sh']);
		expect(result.code).toBe(0);
		const lines = result.stdout.split('\n');
		expect(lines[0]).toBe('#!/bin/sh');
		const commands = lines.filter(line => line.startsWith('docker '));
		expect(commands).toEqual([
			'docker pull windowsservercore:10.0.10586.0',
			'docker pull microsoft/iis',
			'docker tag windowsservercore:10.0.10586.0 windowsservercore:class',
			'docker rmi windowsservercore:class',
			'docker create --name web microsoft/iis',
			`docker cp ${path.join(home, 'index.html')} web:${longDestination}`,
		]);
		expect(lines).toContain('# docker pull microsoft/iis');
		expect(lines).toContain('# docker rmi nosuch');
		expect(lines.some(line => line.startsWith('#    rule: Images from the hub'))).toBe(true);
	});

	test('ps1 replays the cmdlets; where PowerShell has none it says why, with the docker line', async () => {
		const result = await dockyard(home, ['journal', '--format', 'ps1']);
		expect(result.code).toBe(0);
		const lines = result.stdout.split('\n');
		const commands = lines.filter(line => line !== '' && !line.startsWith('#'));
		expect(commands).toEqual([
			'Install-ContainerImage -Name WindowsServerCore -Version 10.0.10586.0',
			expect.stringMatching(/^New-Container -Name web -ContainerImageName \S+/),
		]);
		expect(lines).toContain('#    no PowerShell equivalent: PowerShell images have a Name, Publisher and Version, not tags');
		expect(lines).toContain('#    docker: docker tag windowsservercore:10.0.10586.0 windowsservercore:class');
		expect(lines.join('\n')).not.toMatch(/^[^#].*Remove-ContainerImage/m);
	});

	test('a format that is not one: usage, exit 2', async () => {
		const result = await dockyard(home, ['journal', '--format', 'html']);
		expect(result.code).toBe(2);
		expect(result.stderr).toMatch(/^Error: unknown format "html": use one of md, sh, ps1\n/);
	});

	test('an index written before outcomes were kept still reads: ok entries done, the others refused', async () => {
		const old = tempHome();
		try {
			writeFileSync(path.join(old.home, 'index.json'), JSON.stringify({schemaVersion: 1, images: {}, tags: {}, containers: {}, journal: [
				{time: '2026-01-01T10:00:00.000Z', action: 'tag', summary: 'a:1 → 0123', docker: ['docker tag a a:1'], powershell: [], ok: true},
				{time: '2026-01-01T10:01:00.000Z', action: 'rmi', summary: 'refused: conflict', docker: ['docker rmi a'], powershell: ['Get-ContainerImage -Name a | Remove-ContainerImage -Force'], ok: false},
			]}));
			const result = await dockyard(old.home, ['journal']);
			expect(result.code, result.stderr).toBe(0);
			expect(result.stdout).toContain('## 1. tag: done');
			expect(result.stdout).toContain('## 2. rmi: refused');
		} finally {
			old.cleanup();
		}
	});

	test('reset refuses a store that holds anything without --yes (one line, exit 1, nothing removed); --clear empties the journal only; reset --yes empties the store', async () => {
		const refused = await dockyard(home, ['reset']);
		expect(refused.code).toBe(1);
		expect(refused.stderr.trim().split('\n')).toHaveLength(1);
		expect(refused.stderr).toMatch(/^Error: the store .* is not empty .*: dockyard reset --yes removes them all\n$/);
		expect((await dockyard(home, ['images', '-q'])).stdout.trim().split('\n').length).toBeGreaterThan(1);

		const cleared = await dockyard(home, ['journal', '--clear']);
		expect(cleared.code).toBe(0);
		expect(cleared.stdout).toMatch(/^Cleared \d+ journal entries\n$/);
		expect((await dockyard(home, ['journal'])).stdout).toContain('Nothing has been done in this store yet.');
		expect((await dockyard(home, ['images', '-q'])).stdout.trim()).not.toBe('');

		const reset = await dockyard(home, ['reset', '--yes']);
		expect(reset.code, reset.stderr).toBe(0);
		expect(reset.stdout).toMatch(/^Removed 2 images, 1 container, \d+ tags, 0 journal entries and \d+ blobs\n$/);
		const index = JSON.parse(readFileSync(path.join(home, 'index.json'), 'utf8')) as Record<string, unknown>;
		expect(index).toMatchObject({images: {}, tags: {}, containers: {}, journal: []});
		const blobs = path.join(home, 'blobs', 'sha256');
		expect(existsSync(blobs) ? readdirSync(blobs) : []).toEqual([]);
		expect((await dockyard(home, ['images', '-q'])).stdout).toBe('');
		// An empty store needs no --yes.
		expect((await dockyard(home, ['reset'])).code).toBe(0);
		mkdirSync(path.join(home, 'blobs'), {recursive: true});
		expect((await dockyard(home, ['fsck'])).code).toBe(0);
	});
});
