import {readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {dockyard, tempHome} from './helpers/cli.js';

describe('every bad input gets one clear line and a non-zero exit', () => {
	const {home, cleanup} = tempHome();
	beforeAll(async () => {
		expect((await dockyard(home, ['os', 'install', 'nanoserver'])).code).toBe(0);
	});
	afterAll(cleanup);

	const cases: Array<[string[], number, RegExp]> = [
		[['pull', 'Foo'], 1, /^Error: invalid reference format: repository name \(library\/Foo\) must be lowercase$/],
		[['pull', 'foo::bar'], 1, /^Error: invalid reference format$/],
		[['pull', 'a'.repeat(64)], 1, /^Error: invalid repository name \(a{64}\), cannot specify 64-byte hexadecimal strings$/],
		[['pull', 'microsoft/nosuch'], 1, /^Error: .*not found/],
		[['rmi', 'nosuch'], 1, /^Error: No such image: nosuch:latest$/],
		[['history', 'nosuch:1.0'], 1, /^Error: No such image: nosuch:1\.0$/],
		[['create', 'nosuch'], 1, /^Error: No such image: nosuch:latest$/],
		[['rm', 'nosuch'], 1, /^Error: No such container: nosuch$/],
		[['commit', 'nosuch'], 1, /^Error: No such container: nosuch$/],
		[['tag', 'nanoserver', 'Bad:tag'], 1, /^Error: invalid reference format/],
		[['tag', 'nanoserver', 'ok:bad tag'], 1, /^Error: invalid reference format/],
		[['os', 'install', 'nosuchos'], 1, /^Error: No base OS image named nosuchos/],
		[['os', 'install', 'nanoserver', '--version', '9.9'], 1, /^Error: No version 9\.9 of NanoServer; available: 10\.0\.10586\.0, 10\.0\.10514\.0$/],
		[['cp', '/nonexistent/file', 'x:/'], 1, /^Error: No such container: x$/],
	];

	test.each(cases)('dockyard %j', async (args, code, message) => {
		const before = readFileSync(path.join(home, 'index.json'), 'utf8');
		const result = await dockyard(home, args);
		expect(result.code).toBe(code);
		// A pull says which tag it took before it asks for it, on stdout, as docker does (`docker pull x` then the daemon's error).
		// (A reference that does not parse is refused before that.)
		const pullsByDefaultTag = args[0] === 'pull' && args[1] === 'microsoft/nosuch';
		expect(result.stdout).toBe(pullsByDefaultTag ? 'Using default tag: latest\n' : '');
		const lines = result.stderr.trim().split('\n');
		expect(lines).toHaveLength(1);
		expect(lines[0]).toMatch(message);
		// Nothing stored is lost or changed (a refusal is journaled, errors are not).
		expect(JSON.parse(readFileSync(path.join(home, 'index.json'), 'utf8')).images).toEqual(JSON.parse(before).images);
	});

	const usage: string[][] = [
		['images', '--bogus'],
		['pull'],
		['pull', 'a', 'b'],
		['search', 'x', '--limit', '0'],
		['search', 'x', '--filter', 'nonsense=1'],
		['Install-ContainerImage', '-Bogus', 'x'],
		['New-ContainerImage', '-Name', 'x'],
		// A lone `linux` is a platform now (containerd's parser: the host's architecture); these are not.
		['pull', '--platform', 'linux/amd64/v2/x', 'nanoserver'],
		['pull', '--platform', 'nonsense', 'nanoserver'],
		['load', '--platform', 'linux/', '-i', 'x.tar'],
	];

	test.each(usage)('usage error for %j exits 2 with the verb\'s help', async (...args) => {
		const result = await dockyard(home, args);
		expect(result.code).toBe(2);
		expect(result.stderr).toMatch(/^Error: .+\n\nUsage: dockyard /);
	});

	test('an unknown command exits 2', async () => {
		const result = await dockyard(home, ['frobnicate']);
		expect(result.code).toBe(2);
		expect(result.stderr).toMatch(/^Error: unknown command "frobnicate" for "dockyard"/);
	});

	test('--help prints the verb\'s usage and exits 0', async () => {
		const result = await dockyard(home, ['rmi', '--help']);
		expect(result.code).toBe(0);
		expect(result.stdout).toMatch(/^Usage: dockyard rmi/);
	});

	test('a store held by another process times out with a clear message', async () => {
		const release = await lockfile.lock(home, {lockfilePath: path.join(home, 'index.lock'), realpath: false});
		try {
			const result = await dockyard(home, ['tag', 'nanoserver', 'held:1'], {env: {DOCKYARD_LOCK_TIMEOUT_MS: '300'}});
			expect(result.code).toBe(1);
			expect(result.stderr).toMatch(/^Error: the store is busy: another dockyard process has held .*index\.lock/);
		} finally {
			await release();
		}
	});

	test('--explain prints the docker and PowerShell equivalents', async () => {
		const result = await dockyard(home, ['images', '--explain']);
		expect(result.stdout).toMatch(/Equivalent commands:\n {2}docker: {5}docker images\n {2}PowerShell: Get-ContainerImage/);
	});

	test('a corrupt index is reported with its path, never reset', async () => {
		const broken = tempHome();
		try {
			expect((await dockyard(broken.home, ['os', 'install', 'nanoserver'])).code).toBe(0);
			const file = path.join(broken.home, 'index.json');
			const damaged = readFileSync(file, 'utf8').slice(0, 200);
			writeFileSync(file, damaged);
			for (const args of [['images'], ['pull', 'nanoserver'], ['tag', 'nanoserver', 'x'], ['fsck']]) {
				// eslint-disable-next-line no-await-in-loop
				const result = await dockyard(broken.home, args);
				expect(result.code).toBe(1);
				expect(result.stderr.trim().split('\n')).toHaveLength(1);
				expect(result.stderr).toContain(file);
				expect(result.stderr).toMatch(/cannot be read .*left as it is/);
				expect(readFileSync(file, 'utf8')).toBe(damaged);
			}

			writeFileSync(file, JSON.stringify({schemaVersion: 1, images: [], tags: {}, containers: {}, journal: []}));
			const wrongShape = await dockyard(broken.home, ['images']);
			expect(wrongShape.code).toBe(1);
			expect(wrongShape.stderr).toMatch(/schema|images/);
		} finally {
			broken.cleanup();
		}
	});
});
