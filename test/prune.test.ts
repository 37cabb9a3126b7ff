/**
 * `dockyard prune` as `docker image prune`, and safer: `-a` takes every image
 * no container uses (leaves first, never the parent of one still used),
 * `--filter until=/label=` narrows it, and `--dry-run` says what would go and
 * the space it frees, counting as freed only the blobs no remaining image
 * names, with the store unchanged. The figure is worked out here from the
 * images' own layers.
 */
import {readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {dockyard, tempHome} from './helpers/cli.js';

type Inspected = {Id: string; Dockyard: {Layers: Array<{digest: string; size: number}>}};

describe('prune -a, --filter and --dry-run', () => {
	const {home, cleanup} = tempHome('dockyard-prune-');
	const run = async (...args: string[]) => dockyard(home, args, {timeoutMs: 60_000});
	const index = () => readFileSync(path.join(home, 'index.json'), 'utf8');
	const blobSize = (digest: string) => statSync(path.join(home, 'blobs', 'sha256', digest.slice(7))).size;
	let expected = 0;
	let iisId = '';

	beforeAll(async () => {
		for (const args of [['os', 'install', 'WindowsServerCore'], ['pull', 'microsoft/aspnet'], ['pull', 'microsoft/iis'], ['create', '--name', 'web', 'microsoft/aspnet']]) {
			// eslint-disable-next-line no-await-in-loop
			expect((await run(...args)).code, args.join(' ')).toBe(0);
		}

		const inspect = async (name: string) => (JSON.parse((await run('inspect', name)).stdout) as Inspected[])[0]!;
		const iis = await inspect('microsoft/iis');
		iisId = iis.Id;
		const kept = new Set([...(await inspect('microsoft/aspnet')).Dockyard.Layers, ...(await inspect('windowsservercore')).Dockyard.Layers].map(layer => layer.digest));
		// iis's own layers and its config are freed; the base layers it shares with what stays are not.
		expected = blobSize(iis.Id) + iis.Dockyard.Layers.filter(layer => !kept.has(layer.digest)).reduce((sum, layer) => sum + blobSize(layer.digest), 0);
		expect(expected).toBeGreaterThan(0);
	}, 120_000);

	afterAll(cleanup);

	test('a bad filter is one line, and nothing goes', async () => {
		const before = index();
		const result = await run('prune', '-a', '-f', '--filter', 'colour=blue');
		expect(result.code).toBe(2);
		expect(result.stderr.split('\n')[0]).toBe('Error: invalid filter \'colour=blue\'');
		expect(index()).toBe(before);
	});

	test('until before the images were made keeps them all', async () => {
		const result = await run('prune', '-a', '-f', '--filter', 'until=2001-01-01T00:00:00Z');
		expect(result.code).toBe(0);
		expect(result.stdout).toBe('Total reclaimed space: 0B\n');
	});

	test('--dry-run lists what -a would take and what it frees, and changes nothing', async () => {
		const before = index();
		const result = await run('prune', '-a', '--dry-run');
		expect(result.code).toBe(0);
		expect(result.stdout.split('\n').slice(0, 4)).toEqual(['Would delete Images:', 'untagged: microsoft/iis:latest', `deleted: ${iisId}`, '']);
		expect(result.stdout).toMatch(/^Would delete Blobs:$/m);
		const total = /^Total reclaimable space: (.+)$/m.exec(result.stdout)?.[1];
		expect(index()).toBe(before);

		const real = await run('prune', '-a', '-f');
		expect(real.code).toBe(0);
		expect(real.stdout.split('\n').slice(0, 4)).toEqual(['Deleted Images:', 'untagged: microsoft/iis:latest', `deleted: ${iisId}`, '']);
		expect(/^Total reclaimed space: (.+)$/m.exec(real.stdout)?.[1]).toBe(total);
		const {humanSize} = await import('../source/present/format.js');
		expect(total).toBe(humanSize(expected));
	});

	test('what a container uses, and its parent, stay; fsck is clean', async () => {
		const images = await run('images', '--format', '{{.Repository}}:{{.Tag}}');
		expect(images.stdout.split('\n').filter(Boolean).sort()).toEqual(['microsoft/aspnet:latest', 'windowsservercore:10.0.10586.0', 'windowsservercore:latest']);
		expect((await run('fsck')).code).toBe(0);
		expect((await run('prune', '-a', '-f')).stdout).toBe('Total reclaimed space: 0B\n');
	});
});
