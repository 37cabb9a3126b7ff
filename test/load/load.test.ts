import {createReadStream, readdirSync, readFileSync, statSync, truncateSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {createGzip} from 'node:zlib';
import {pipeline} from 'node:stream/promises';
import {createWriteStream} from 'node:fs';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import tar from 'tar-stream';
import {sha256} from '../../source/core/digest.js';
import {dockyard, tempHome} from '../helpers/cli.js';
import {storedBesidesJournal} from '../helpers/index-file.js';

type Entry = {name: string; body?: Buffer; type?: 'symlink' | 'file'; linkname?: string};

async function readTar(file: string): Promise<Entry[]> {
	const entries: Entry[] = [];
	const extract = tar.extract();
	extract.on('entry', (header, stream, next) => {
		const chunks: Buffer[] = [];
		stream.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
		stream.on('end', () => {
			entries.push({name: header.name, body: Buffer.concat(chunks)});
			next();
		});
	});
	await pipeline(createReadStream(file), extract);
	return entries;
}

async function writeTar(file: string, entries: Entry[]): Promise<string> {
	const pack = tar.pack();
	const written = pipeline(pack, createWriteStream(file));
	for (const entry of entries) {
		if (entry.type === 'symlink') {
			pack.entry({name: entry.name, type: 'symlink', linkname: entry.linkname});
		} else {
			pack.entry({name: entry.name}, entry.body ?? Buffer.alloc(0));
		}
	}

	pack.finalize();
	await written;
	return file;
}

/** Everything under the store home, with sizes: the store is unchanged when this is. */
function listing(home: string): string[] {
	const walk = (directory: string): string[] => readdirSync(directory, {withFileTypes: true}).flatMap(entry => {
		const full = path.join(directory, entry.name);
		return entry.isDirectory() ? [full + '/', ...walk(full)] : [`${full} ${statSync(full).size}`];
	});
	return walk(home).filter(line => !line.endsWith('.lock/') && !line.includes('.lock/'));
}

describe("load: dockyard save → dockyard load", {timeout: 30_000}, () => {
	const source = tempHome();
	const target = tempHome();
	const archive = path.join(source.home, 'both.tar');
	beforeAll(async () => {
		expect((await dockyard(source.home, ['os', 'install', 'windowsservercore'])).code).toBe(0);
		expect((await dockyard(source.home, ['pull', 'microsoft/iis'])).code).toBe(0);
		expect((await dockyard(source.home, ['save', '-o', archive, 'microsoft/iis', 'windowsservercore'])).code).toBe(0);
	}, 60_000);
	afterAll(() => {
		source.cleanup();
		target.cleanup();
	});

	test('a fresh store gets the same image ids, tags, parents and history', async () => {
		const loaded = await dockyard(target.home, ['load', '-i', archive]);
		expect(loaded.stderr).toBe('');
		expect(loaded.stdout).toBe('Loaded image: microsoft/iis:latest\nLoaded image: windowsservercore:10.0.10586.0\nLoaded image: windowsservercore:latest\n');
		for (const args of [['images', '--no-trunc'], ['history', '--no-trunc', 'microsoft/iis'], ['tree']]) {
			// eslint-disable-next-line no-await-in-loop
			const [before, after] = await Promise.all([dockyard(source.home, args), dockyard(target.home, args)]);
			expect(after.stdout.replaceAll(/\d+ (years|months|days) ago/g, 'AGO'), args.join(' ')).toBe(before.stdout.replaceAll(/\d+ (years|months|days) ago/g, 'AGO'));
		}

		const inspect = async (home: string) => (JSON.parse((await dockyard(home, ['inspect', 'microsoft/iis'])).stdout) as Array<{Id: string; Parent: string; RootFS: unknown}>)[0]!;
		const [before, after] = await Promise.all([inspect(source.home), inspect(target.home)]);
		expect({Id: after.Id, Parent: after.Parent, RootFS: after.RootFS}).toEqual({Id: before.Id, Parent: before.Parent, RootFS: before.RootFS});
		expect((await dockyard(target.home, ['fsck'])).stdout).toContain('0 problems, 0 orphans, 0 stray temp files');
	}, 30_000);

	test('a gzip\'d archive on stdin loads too (load < FILE), and Import-ContainerImage is its PowerShell twin', async () => {
		const other = tempHome();
		try {
			const gzipped = path.join(other.home, 'both.tar.gz');
			await pipeline(createReadStream(archive), createGzip(), createWriteStream(gzipped));
			const {spawnSync} = await import('node:child_process');
			const {cliPath} = await import('../helpers/cli.js');
			const piped = spawnSync(process.execPath, [cliPath, 'load'], {input: readFileSync(gzipped), env: {...process.env, DOCKYARD_HOME: other.home, NO_COLOR: '1'}, encoding: 'utf8'});
			expect(piped.stderr).toBe('');
			expect(piped.stdout).toContain('Loaded image: microsoft/iis:latest\n');
			const empty = await dockyard(other.home, ['load'], {input: ''});
			expect({code: empty.code, stderr: empty.stderr}).toEqual({code: 1, stderr: 'Error: requested load from stdin, but stdin is empty\n'});
			const again = await dockyard(other.home, ['Import-ContainerImage', '-Path', archive]);
			expect(again.code).toBe(0);
			expect(again.stdout).toContain('Loaded image: windowsservercore:latest\n');
		} finally {
			other.cleanup();
		}
	}, 30_000);

	test('a legacy docker archive (<id>/layer.tar, <hex>.json configs), gzip\'d, loads the same images', async () => {
		const other = tempHome();
		try {
			const entries = await readTar(archive);
			const body = (name: string) => entries.find(entry => entry.name === name)!.body!;
			const modern = JSON.parse(body('manifest.json').toString()) as Array<{Config: string; RepoTags: string[]; Layers: string[]}>;
			const legacy: Entry[] = [];
			const manifest = modern.map((image, index) => {
				const config = `${image.Config.slice('blobs/sha256/'.length)}.json`;
				legacy.push({name: config, body: body(image.Config)});
				const layers = image.Layers.map((layer, position) => {
					const name = `${index}${position}${'0'.repeat(62)}/layer.tar`;
					legacy.push({name: name.replace('/layer.tar', '/VERSION'), body: Buffer.from('1.0')}, {name, body: body(layer)});
					return name;
				});
				return {Config: config, RepoTags: image.RepoTags, Layers: layers};
			});
			legacy.push({name: 'manifest.json', body: Buffer.from(JSON.stringify(manifest))});
			const plain = await writeTar(path.join(other.home, 'legacy.tar'), legacy);
			const gzipped = `${plain}.gz`;
			await pipeline(createReadStream(plain), createGzip(), createWriteStream(gzipped));
			const loaded = await dockyard(other.home, ['load', '-i', gzipped]);
			expect(loaded.stderr).toBe('');
			expect(loaded.stdout).toBe('Loaded image: microsoft/iis:latest\nLoaded image: windowsservercore:10.0.10586.0\nLoaded image: windowsservercore:latest\n');
			const [before, after] = await Promise.all([dockyard(source.home, ['images', '--no-trunc']), dockyard(other.home, ['images', '--no-trunc'])]);
			expect(after.stdout).toBe(before.stdout);
		} finally {
			other.cleanup();
		}
	});

	test('an image whose base OS image is neither installed nor in the archive is refused with what to install, nothing stored', async () => {
		const other = tempHome();
		try {
			const iisOnly = path.join(other.home, 'iis.tar');
			expect((await dockyard(source.home, ['save', '-o', iisOnly, 'microsoft/iis'])).code).toBe(0);
			const refused = await dockyard(other.home, ['load', '-i', iisOnly]);
			expect(refused.code).toBe(1);
			expect(refused.stderr).toMatch(/^Error: microsoft\/iis:latest needs the base OS image WindowsServerCore 10\.0\.10586\.0: install it first with `dockyard os install WindowsServerCore --version 10\.0\.10586\.0`.*\n$/);
			expect(readdirSync(path.join(other.home, 'blobs', 'sha256'))).toEqual([]);
		} finally {
			other.cleanup();
		}
	});

	describe('hostile archives: one line, exit 1, the store unchanged and fsck clean', () => {
		const victim = tempHome();
		let entries: Entry[];
		beforeAll(async () => {
			entries = await readTar(archive);
			expect((await dockyard(victim.home, ['os', 'install', 'windowsservercore'])).code).toBe(0);
		}, 60_000);
		afterAll(victim.cleanup);

		const refuses = async (file: string, message: RegExp) => {
			const before = listing(victim.home);
			const index = readFileSync(path.join(victim.home, 'index.json'), 'utf8');
			const result = await dockyard(victim.home, ['load', '-i', file]);
			expect(result.code).toBe(1);
			expect(result.stdout).toBe('');
			expect(result.stderr.split('\n')).toHaveLength(2);
			expect(result.stderr).toMatch(message);
			expect(storedBesidesJournal(readFileSync(path.join(victim.home, 'index.json'), 'utf8'))).toEqual(storedBesidesJournal(index));
			// The index grew by the journal's record of the failure; every other file is as it was.
			const sizeless = (entries: string[]) => entries.map(entry => entry.endsWith('index.json') || /index\.json \d+$/.test(entry) ? entry.replace(/ \d+$/, '') : entry);
			expect(sizeless(listing(victim.home))).toEqual(sizeless(before));
			expect((await dockyard(victim.home, ['fsck'])).stdout).toContain('0 problems, 0 orphans, 0 stray temp files');
		};

		const layerEntry = () => {
			const manifest = JSON.parse(entries.find(entry => entry.name === 'manifest.json')!.body!.toString()) as Array<{Layers: string[]}>;
			return manifest[0]!.Layers.at(-1)!;
		};

		test('a path that climbs out (..)', async () => {
			await refuses(await writeTar(path.join(victim.home, 'climb.tar'), [...entries, {name: '../../evil', body: Buffer.from('x')}]), /reaches outside the archive/);
		});

		test('an absolute path', async () => {
			await refuses(await writeTar(path.join(victim.home, 'absolute.tar'), [{name: '/tmp/evil', body: Buffer.from('x')}, ...entries]), /has an absolute path/);
		});

		test('a symlink out of the archive', async () => {
			await refuses(await writeTar(path.join(victim.home, 'symlink.tar'), [...entries, {name: 'blobs/escape', type: 'symlink', linkname: '../../../etc/passwd'}]), /links outside the archive/);
		});

		test('a manifest that names a file the archive lacks', async () => {
			const missing = layerEntry();
			await refuses(await writeTar(path.join(victim.home, 'missing.tar'), entries.filter(entry => entry.name !== missing)), /is named but not in the archive/);
		});

		test('a blob that does not match its digest', async () => {
			const changed = layerEntry();
			const lying = entries.map(entry => entry.name === changed ? {...entry, body: Buffer.concat([entry.body!, Buffer.from('tampered')])} : entry);
			await refuses(await writeTar(path.join(victim.home, 'digest.tar'), lying), /does not match its digest/);
		});

		test('a layer far larger than its manifest declares', async () => {
			// An OCI archive (no manifest.json) whose manifest says the last layer is 10 bytes.
			const index = JSON.parse(entries.find(entry => entry.name === 'index.json')!.body!.toString()) as {manifests: Array<{digest: string; size: number}>};
			const manifestName = `blobs/sha256/${index.manifests[0]!.digest.slice(7)}`;
			const manifest = JSON.parse(entries.find(entry => entry.name === manifestName)!.body!.toString()) as {layers: Array<{size: number}>};
			manifest.layers.at(-1)!.size = 10;
			const bytes = Buffer.from(JSON.stringify(manifest));
			const digest = sha256(bytes);
			index.manifests = [{...index.manifests[0]!, digest, size: bytes.length}];
			const oci = [
				...entries.filter(entry => !['manifest.json', 'index.json'].includes(entry.name)),
				{name: `blobs/sha256/${digest.slice(7)}`, body: bytes},
				{name: 'index.json', body: Buffer.from(JSON.stringify(index))},
			];
			await refuses(await writeTar(path.join(victim.home, 'large.tar'), oci), /is \d+ bytes, its manifest says 10/);
		});

		test('a tar that ends early', async () => {
			const cut = path.join(victim.home, 'cut.tar');
			writeFileSync(cut, readFileSync(archive));
			truncateSync(cut, Math.floor(statSync(archive).size / 2) + 100);
			await refuses(cut, /ends before its last entry|not a complete tar archive/);
		});
	});
});
