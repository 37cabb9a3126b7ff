/**
 * SIZE counts the files, as docker does: the same archive loaded into
 * dockerd 20.10 (`docker load`) and into the store (`dockyard load`) prints
 * the same `history` and `images`, byte for byte (ages set aside): a layer
 * holding a 14-byte file shows 14B (its tar is 2 kB), a sparse 64 MiB file
 * 67.1MB (its tar is 10 kB). And a 14-byte file committed shows 14B.
 */
import {execFileSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {startEngine, type RunningEngine} from '../../source/devtools/engines.js';
import {openStore} from '../../source/core/store/store.js';
import {dockyard, tempHome} from '../helpers/cli.js';
import {hasTools} from '../helpers/tools.js';
import {docker, dockerCli, timeless} from './oracle.js';

const sha256 = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

/** A docker archive (manifest.json, config, layer tars) made with GNU tar: a 14-byte file (and a symlink to it), then a sparse file. */
function buildArchive(work: string): string {
	const layers: Buffer[] = [];
	const one = path.join(work, 'one');
	mkdirSync(path.join(one, 'etc'), {recursive: true});
	writeFileSync(path.join(one, 'etc', 'greeting'), 'hello, world!\n');
	symlinkSync('greeting', path.join(one, 'etc', 'hello'));
	const two = path.join(work, 'two');
	mkdirSync(path.join(two, 'data'), {recursive: true});
	writeFileSync(path.join(two, 'data', 'sparse'), '');
	truncateSync(path.join(two, 'data', 'sparse'), 64 * 1024 * 1024);
	// The sparse file in PAX's sparse format (GNU's old 'S' entries are refused by dockerd: "unhandled tar header type 83").
	for (const [directory, flags] of [[one, ['--format=gnu']], [two, ['--format=posix', '--sparse', '--pax-option=delete=atime,delete=ctime']]] as const) {
		const file = path.join(work, `${path.basename(directory)}.tar`);
		execFileSync('tar', [...flags, '--owner=0', '--group=0', '--numeric-owner', '--mtime=2024-01-01', '-C', directory, '-cf', file, '.']);
		layers.push(readFileSync(file));
	}

	const config = Buffer.from(JSON.stringify({
		architecture: 'amd64',
		os: 'linux',
		created: '2024-01-02T03:04:05Z',
		config: {Cmd: ['/bin/sh']},
		rootfs: {type: 'layers', diff_ids: layers.map(layer => sha256(layer))},
		history: [
			{created: '2024-01-02T03:04:05Z', created_by: 'COPY greeting /etc/greeting'},
			{created: '2024-01-02T03:04:05Z', created_by: 'RUN truncate -s 64M /data/sparse'},
		],
	}));
	const image = path.join(work, 'image');
	mkdirSync(image);
	writeFileSync(path.join(image, 'config.json'), config);
	layers.forEach((layer, index) => {
		writeFileSync(path.join(image, `layer${index}.tar`), layer);
	});
	writeFileSync(path.join(image, 'manifest.json'), JSON.stringify([{Config: 'config.json', RepoTags: ['sizes:1'], Layers: layers.map((_, index) => `layer${index}.tar`)}]));
	const archive = path.join(work, 'sizes.tar');
	execFileSync('tar', ['-C', image, '-cf', archive, 'manifest.json', 'config.json', ...layers.map((_, index) => `layer${index}.tar`)]);
	return archive;
}

describe('layer sizes count the files, as docker does', () => {
	let work: string;
	let archive: string;
	const {home, cleanup} = tempHome('dockyard-sizes-');

	beforeAll(() => {
		work = mkdtempSync(path.join(os.tmpdir(), 'dockyard-sizes-work-'));
		archive = buildArchive(work);
	});
	afterAll(() => {
		cleanup();
		rmSync(work, {recursive: true, force: true});
	});

	test('dockyard load: 14B and 67.1MB, not the tars\' 2kB and 10kB', async () => {
		const loaded = await dockyard(home, ['load', '-i', archive]);
		expect(loaded.stderr).toBe('');
		const history = await dockyard(home, ['history', '--format', '{{.CreatedBy}} {{.Size}}', 'sizes:1']);
		expect(history.stdout).toBe('RUN truncate -s 64M /data/sparse 67.1MB\nCOPY greeting /etc/greeting 14B\n');
		const images = await dockyard(home, ['images', '--format', '{{.Repository}}:{{.Tag}} {{.Size}}', 'sizes']);
		expect(images.stdout).toBe('sizes:1 67.1MB\n');
	});

	test('a 14-byte file committed shows 14B for its layer', async () => {
		const file = path.join(work, 'fourteen.txt');
		writeFileSync(file, 'hello, world!\n');
		const store = openStore({home});
		await store.createContainer('sizes:1', {name: 'box'});
		await store.copyIntoContainer('box', file, '/srv/app/fourteen.txt');
		await store.commit('box', {repository: 'sizes:2'});
		const history = await dockyard(home, ['history', '--format', '{{.Size}}', 'sizes:2']);
		expect(history.stdout.split('\n')[0]).toBe('14B');
		expect(store.read().image('sizes:2').size).toBe(store.read().image('sizes:1').size + 14);
	});

	const present = hasTools(['dockerd', 'tar', dockerCli], 'the layer sizes against dockerd');
	describe.runIf(present)('against dockerd 20.10', () => {
		let engine: RunningEngine;
		let env: NodeJS.ProcessEnv;
		beforeAll(async () => {
			engine = await startEngine('docker');
			env = {HOME: work, DOCKER_CONFIG: path.join(work, 'docker-config'), TZ: 'UTC'};
			const load = await docker(['-H', engine.host, 'load', '-i', archive], env);
			expect(load.code, load.stderr).toBe(0);
		}, 120_000);
		afterAll(async () => {
			await engine?.stop();
		});

		test.each([
			[['history', 'sizes:1']],
			[['history', '--no-trunc', 'sizes:1']],
			[['history', '--format', '{{.ID}} {{.Size}} {{.CreatedBy}}', 'sizes:1']],
			[['images', 'sizes:1']],
			[['images', '--format', '{{.Repository}}:{{.Tag}} {{.ID}} {{.Size}}', 'sizes:1']],
			[['inspect', '--format', '{{.Size}}', 'sizes:1']],
		])('%j', async args => {
			const [theirs, ours] = await Promise.all([docker(['-H', engine.host, ...args], env), dockyard(home, args, {env: {TZ: 'UTC'}})]);
			expect(theirs.code, theirs.stderr).toBe(0);
			expect(ours.stderr).toBe('');
			expect(timeless(ours.stdout)).toBe(timeless(theirs.stdout));
		});
	});
});
