import {cpSync, existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {dockyard, tempHome} from './helpers/cli.js';

/** A store with a base image and a container, made once and copied for each damage. */
const seed = tempHome('dockyard-repair-seed-');
beforeAll(async () => {
	expect((await dockyard(seed.home, ['os', 'install', 'nanoserver'])).code).toBe(0);
	expect((await dockyard(seed.home, ['create', '--name', 'c1', 'nanoserver'])).code).toBe(0);
}, 60_000);
afterAll(seed.cleanup);

function blobFiles(home: string): string[] {
	return readdirSync(path.join(home, 'blobs', 'sha256')).sort();
}

/** The ways an index is met broken: cut short by a full disk, not JSON at all, JSON of the wrong shape. */
const damages: Array<[string, (text: string) => string]> = [
	['truncated', text => text.slice(0, Math.floor(text.length / 2))],
	['not JSON', () => 'this is not { json'],
	['the wrong schema', () => JSON.stringify({schemaVersion: 1, images: [], tags: 'x', containers: {}, journal: []})],
];

describe.each(damages)('an index.json that is %s', (_name, damage) => {
	const copy = tempHome('dockyard-repair-');
	let file: string;
	let damaged: string;
	let blobs: string[];
	beforeAll(() => {
		cpSync(seed.home, copy.home, {recursive: true});
		file = path.join(copy.home, 'index.json');
		damaged = damage(readFileSync(file, 'utf8'));
		writeFileSync(file, damaged);
		blobs = blobFiles(copy.home);
	});
	afterAll(copy.cleanup);

	test('every verb names the way out, and leaves the file as it is', async () => {
		for (const args of [['images'], ['fsck'], ['reset']]) {
			// eslint-disable-next-line no-await-in-loop
			const result = await dockyard(copy.home, args);
			expect(result.code, args.join(' ')).toBe(1);
			expect(result.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
			expect(result.stderr, args.join(' ')).toMatch(/--repair|reset --yes/);
			expect(readFileSync(file, 'utf8')).toBe(damaged);
		}
	});

	test('fsck --repair keeps a copy of the bad file, says where, starts a new index and keeps every blob', async () => {
		const result = await dockyard(copy.home, ['fsck', '--repair']);
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
		const kept = /kept in (\S+)$/m.exec(result.stdout)?.[1];
		expect(kept, result.stdout).toBeDefined();
		expect(path.dirname(kept!)).toBe(copy.home);
		expect(readFileSync(kept!, 'utf8')).toBe(damaged);
		expect(result.stdout).toMatch(/^repaired: the index .* cannot be read/m);
		expect(blobFiles(copy.home)).toEqual(blobs);
		// What no index names now is an orphan, reported, not deleted (prune would collect it).
		expect(result.stdout).toContain(`${blobs.length} orphans`);
		const images = await dockyard(copy.home, ['images', '-q']);
		expect(images.code).toBe(0);
		expect(images.stdout).toBe('');
		// A second repair finds nothing to do and keeps no second copy.
		const again = await dockyard(copy.home, ['fsck', '--repair']);
		expect(again.code).toBe(0);
		expect(again.stdout).toContain('The index needed no repair.');
		expect(readdirSync(copy.home).filter(name => name.startsWith('index.json.corrupt-'))).toHaveLength(1);
	});
});

test('reset --yes empties a store whose index cannot be read, keeping a copy of it', async () => {
	const copy = tempHome('dockyard-repair-');
	try {
		cpSync(seed.home, copy.home, {recursive: true});
		const file = path.join(copy.home, 'index.json');
		const damaged = readFileSync(file, 'utf8').slice(0, 100);
		writeFileSync(file, damaged);
		const result = await dockyard(copy.home, ['reset', '--yes']);
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
		const kept = /kept in (\S+)$/m.exec(result.stdout)?.[1];
		expect(readFileSync(kept!, 'utf8')).toBe(damaged);
		expect((await dockyard(copy.home, ['images', '-q'])).stdout).toBe('');
		expect((await dockyard(copy.home, ['fsck'])).code).toBe(0);
	} finally {
		copy.cleanup();
	}
});

test('fsck --repair leaves out a malformed record, keeps the rest and a copy', async () => {
	const copy = tempHome('dockyard-repair-');
	try {
		cpSync(seed.home, copy.home, {recursive: true});
		const file = path.join(copy.home, 'index.json');
		const index = JSON.parse(readFileSync(file, 'utf8')) as {images: Record<string, unknown>};
		index.images['zz'] = {id: 'zz'};
		writeFileSync(file, JSON.stringify(index));
		const before = readFileSync(file, 'utf8');
		const result = await dockyard(copy.home, ['fsck', '--repair']);
		expect(result.code, result.stdout + result.stderr).toBe(0);
		expect(result.stdout).toMatch(/^repaired: malformed image record "zz"/m);
		const kept = /kept in (\S+)$/m.exec(result.stdout)?.[1];
		expect(readFileSync(kept!, 'utf8')).toBe(before);
		const images = await dockyard(copy.home, ['images', '--format', '{{.Repository}}:{{.Tag}}']);
		expect(images.stdout).toContain('nanoserver:');
		expect(existsSync(path.join(copy.home, 'index.json'))).toBe(true);
	} finally {
		copy.cleanup();
	}
});
