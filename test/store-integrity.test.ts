import {existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {dockyard, tempHome} from './helpers/cli.js';

type Inspected = Array<{Id: string; RootFS: {Layers: string[]}}>;

/** The blob files of an image: its config first, then its layers. */
async function blobsOf(home: string, image: string): Promise<{config: string; layers: string[]}> {
	const index = JSON.parse(readFileSync(path.join(home, 'index.json'), 'utf8')) as {tags: Record<string, string>; images: Record<string, {layers: Array<{digest: string}>}>};
	const id = Object.entries(index.tags).find(([tag]) => tag.includes(image))![1];
	const file = (digest: string) => path.join(home, 'blobs', 'sha256', digest.slice(7));
	return {config: file(id), layers: index.images[id]!.layers.map(layer => file(layer.digest))};
}

function oneLine(stderr: string): string {
	const lines = stderr.trim().split('\n');
	expect(lines, stderr).toHaveLength(1);
	expect(stderr).not.toMatch(/\n\s+at |node:internal|Cannot read properties|is not iterable|ENOENT|EISDIR|Unexpected token/);
	return lines[0]!;
}

/** A fresh store with nanoserver installed, for tests that damage it. */
async function installedHome(): Promise<{home: string; cleanup: () => void}> {
	const made = tempHome();
	expect((await dockyard(made.home, ['os', 'install', 'nanoserver'])).code).toBe(0);
	return made;
}

describe('save: bad output paths and a missing blob are one line', () => {
	const {home, cleanup} = tempHome();
	beforeAll(async () => {
		expect((await dockyard(home, ['os', 'install', 'nanoserver'])).code).toBe(0);
	});
	afterAll(cleanup);

	test('save -o into a directory that does not exist', async () => {
		const result = await dockyard(home, ['save', '-o', '/nonexistent/dir/x.tar', 'nanoserver']);
		expect(result.code).toBe(1);
		expect(oneLine(result.stderr)).toMatch(/^Error: cannot write \/nonexistent\/dir\/x\.tar: the directory \/nonexistent\/dir does not exist$/);
	});

	test('save -o \'\' is a usage error', async () => {
		const result = await dockyard(home, ['save', '-o', '', 'nanoserver']);
		expect(result.code).toBe(2);
		expect(result.stderr).toMatch(/^Error: an output file is required: -o FILE\n\nUsage: dockyard save/);
	});

	test('save -o DIR names the directory', async () => {
		const directory = path.join(home, 'out');
		mkdirSync(directory);
		const result = await dockyard(home, ['save', '-o', directory, 'nanoserver']);
		expect(result.code).toBe(1);
		expect(oneLine(result.stderr)).toBe(`Error: cannot write ${directory}: it is a directory`);
		expect(readdirSync(home).filter(name => name.endsWith('.part'))).toEqual([]);
	});

	test('save when a layer blob is missing names it and leaves no archive', async () => {
		const damaged = await installedHome();
		try {
			const {layers} = await blobsOf(damaged.home, 'nanoserver');
			rmSync(layers[0]!);
			const file = path.join(damaged.home, 'x.tar');
			const result = await dockyard(damaged.home, ['save', '-o', file, 'nanoserver']);
			expect(result.code).toBe(1);
			expect(oneLine(result.stderr)).toMatch(new RegExp(`^Error: the blob sha256:${path.basename(layers[0]!)} \\(layer of image [a-f\\d]{12}\\) is missing from the store`));
			expect(readdirSync(damaged.home).filter(name => name.includes('x.tar'))).toEqual([]);
		} finally {
			damaged.cleanup();
		}
	});
});

describe('a malformed record in index.json is named, never a crash', () => {
	const {home, cleanup} = tempHome();
	let file: string;
	beforeAll(async () => {
		expect((await dockyard(home, ['os', 'install', 'nanoserver'])).code).toBe(0);
		file = path.join(home, 'index.json');
		const index = JSON.parse(readFileSync(file, 'utf8')) as {images: Record<string, unknown>};
		index.images['zz'] = {id: 'zz'};
		writeFileSync(file, JSON.stringify(index));
	});
	afterAll(cleanup);

	test.each([['images'], ['prune'], ['pull', 'nanoserver'], ['history', 'nanoserver'], ['tag', 'nanoserver', 'x']])('dockyard %s says which record, in which file', async (...args) => {
		const before = readFileSync(file, 'utf8');
		const result = await dockyard(home, args);
		expect(result.code).toBe(1);
		expect(oneLine(result.stderr)).toMatch(/^Error: the index .*index\.json holds a malformed image record "zz": .*left as it is/);
		expect(result.stderr).toContain(file);
		expect(readFileSync(file, 'utf8')).toBe(before);
	});

	test('fsck reports every bad record and the rest of the store', async () => {
		const index = JSON.parse(readFileSync(file, 'utf8')) as {images: Record<string, unknown>; tags: Record<string, unknown>; containers: Record<string, unknown>};
		index.images['sha256:' + 'a'.repeat(64)] = {id: 'sha256:' + 'a'.repeat(64), layers: [{digest: 'nope'}]};
		index.tags['docker.io/library/bad:1'] = 42;
		index.containers['c'] = {id: 'c'};
		writeFileSync(file, JSON.stringify(index));
		const result = await dockyard(home, ['fsck']);
		expect(result.code).toBe(1);
		expect(result.stderr).toBe('');
		expect(result.stdout).toMatch(/^error: .*image record "zz"/m);
		expect(result.stdout).toMatch(/^error: .*image record "sha256:a{64}": layer 1/m);
		expect(result.stdout).toMatch(/^error: .*tag "docker\.io\/library\/bad:1"/m);
		expect(result.stdout).toMatch(/^error: .*container record "c"/m);
		expect(result.stdout).toMatch(/\d+ blobs checked, 4 problems/);
	});
});

describe('a missing or corrupt config blob is one line, from every verb that reads it', () => {
	for (const damage of ['missing', 'not JSON', 'changed'] as const) {
		test(`config ${damage}`, async () => {
			const made = await installedHome();
			try {
				expect((await dockyard(made.home, ['create', '--name', 'c1', 'nanoserver'])).code).toBe(0);
				const {config} = await blobsOf(made.home, 'nanoserver');
				if (damage === 'missing') {
					rmSync(config);
				} else {
					const text = readFileSync(config, 'utf8');
					writeFileSync(config, damage === 'not JSON' ? text.slice(0, 40) : text.replace('"os"', '"os" ').replace('windows', 'linux'));
				}

				for (const args of [['history', 'nanoserver'], ['inspect', 'nanoserver'], ['create', 'nanoserver'], ['commit', 'c1', 'x:1']]) {
					// eslint-disable-next-line no-await-in-loop
					const result = await dockyard(made.home, args);
					expect(result.code, args.join(' ')).toBe(1);
					expect(oneLine(result.stderr)).toMatch(new RegExp(`^Error: the config blob sha256:${path.basename(config)} of image [a-f\\d]{12} (is missing|is corrupt)`));
				}
			} finally {
				made.cleanup();
			}
		});
	}
});

describe('save exports only bytes it verified', () => {
	test('a layer blob replaced by a symlink fails the save, naming the digest, and leaves no archive', async () => {
		const made = await installedHome();
		try {
			const {layers} = await blobsOf(made.home, 'nanoserver');
			rmSync(layers[0]!);
			symlinkSync('/etc/passwd', layers[0]!);
			const file = path.join(made.home, 'x.tar');
			const result = await dockyard(made.home, ['save', '-o', file, 'nanoserver']);
			expect(result.code).toBe(1);
			expect(oneLine(result.stderr)).toMatch(new RegExp(`^Error: the blob sha256:${path.basename(layers[0]!)} .*is not a regular file`));
			expect(readdirSync(made.home).filter(name => name.includes('x.tar'))).toEqual([]);
		} finally {
			made.cleanup();
		}
	});

	test('a bit-flipped layer fails the save, naming the digest, and leaves no archive', async () => {
		const made = await installedHome();
		try {
			const {layers} = await blobsOf(made.home, 'nanoserver');
			const bytes = readFileSync(layers[0]!);
			bytes[bytes.length >> 1] ^= 1;
			writeFileSync(layers[0]!, bytes);
			const file = path.join(made.home, 'x.tar');
			const result = await dockyard(made.home, ['save', '-o', file, 'nanoserver']);
			expect(result.code).toBe(1);
			expect(oneLine(result.stderr)).toMatch(new RegExp(`^Error: the blob sha256:${path.basename(layers[0]!)} .*is corrupt: its content hashes to sha256:[a-f\\d]{64}`));
			expect(readdirSync(made.home).filter(name => name.includes('x.tar'))).toEqual([]);
			expect(existsSync(file)).toBe(false);
		} finally {
			made.cleanup();
		}
	});

	test('a re-pull fetches again a blob whose size is wrong, or that fsck flagged', async () => {
		const made = await installedHome();
		try {
			const {layers} = await blobsOf(made.home, 'nanoserver');
			const good = readFileSync(layers[0]!);
			// Truncated: the cheap size check finds it.
			writeFileSync(layers[0]!, good.subarray(0, 10));
			let result = await dockyard(made.home, ['os', 'install', 'nanoserver']);
			expect(result.code).toBe(0);
			expect(result.stdout).not.toContain('Image is up to date');
			expect(readFileSync(layers[0]!).equals(good)).toBe(true);
			// Same size, one bit changed: only a rehash finds it, so fsck flags it and the next pull fetches it.
			const flipped = Buffer.from(good);
			flipped[5] ^= 1;
			writeFileSync(layers[0]!, flipped);
			expect((await dockyard(made.home, ['fsck'])).code).toBe(1);
			result = await dockyard(made.home, ['os', 'install', 'nanoserver']);
			expect(result.code).toBe(0);
			expect(readFileSync(layers[0]!).equals(good)).toBe(true);
			expect((await dockyard(made.home, ['fsck'])).code).toBe(0);
		} finally {
			made.cleanup();
		}
	});
});

describe('a refused cp writes nothing', () => {
	test('cp to a destination outside the container leaves no blob', async () => {
		const made = await installedHome();
		try {
			expect((await dockyard(made.home, ['create', '--name', 'c1', 'nanoserver'])).code).toBe(0);
			const source = path.join(made.home, 'file.txt');
			writeFileSync(source, 'never stored');
			const before = readdirSync(path.join(made.home, 'blobs', 'sha256')).sort();
			const result = await dockyard(made.home, ['cp', source, 'c1:../../etc']);
			expect(result.code).toBe(2);
			expect(result.stderr).toMatch(/^Error: invalid destination path in the container/);
			expect(readdirSync(path.join(made.home, 'blobs', 'sha256')).sort()).toEqual(before);
			expect((await dockyard(made.home, ['fsck'])).stdout).toMatch(/0 orphans/);
		} finally {
			made.cleanup();
		}
	});
});
