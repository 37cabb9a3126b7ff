/**
 * dockerd 20.10 on a temp socket and docker CLI 28 as the oracles for
 * `diff` and the `images` filters: the same two images loaded into dockerd
 * and into the store; the same copies into a created container on each.
 * Compared: docker against dockerd, dockyard on the store, dockyard over
 * the engine, and docker through `dockyard serve`.
 */
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {loadIntoEngine, startDockerd, type RunningEngine} from '../../source/devtools/engines.js';
import {appendRawLayer, buildImage, run} from '../../source/devtools/oci-images.js';
import {archiveImageLayers} from '../../source/core/analysis/archive-layers.js';
import {analyzeImage} from '../../source/core/analysis/efficiency.js';
import tar from 'tar-stream';
import {Readable} from 'node:stream';
import {dockyard, tempHome} from '../helpers/cli.js';
import {hasTools} from '../helpers/tools.js';
import {docker, dockerCli} from '../docker-bytes/oracle.js';
import {dockerEnvironment, startServe, type Served} from '../serve/serve-helpers.js';

const ready = hasTools(['dockerd', 'runc', 'umoci', 'skopeo', dockerCli], 'dockerd as the oracle for diff and the images filters');

describe.runIf(ready)('diff and images filters against dockerd', () => {
	let work = '';
	let home = '';
	let cleanup = () => {};
	let engine: RunningEngine | undefined;
	let served: Served | undefined;
	let dockerEnv: ReturnType<typeof dockerEnvironment> | undefined;
	let serveHost = '';
	beforeAll(async () => {
		work = mkdtempSync(path.join(os.tmpdir(), 'dockyard-oracle-'));
		({home, cleanup} = tempHome());
		dockerEnv = dockerEnvironment();
		const layout = path.join(work, 'layout');
		const [started] = await Promise.all([
			startDockerd(),
			(async () => {
				await buildImage({layout, tag: 'base', created: '2024-01-02T03:04:05Z', steps: [{layer: {'/etc/conf': 'c'.repeat(100), '/opq/old1': 'o'.repeat(300)}, createdBy: 'COPY base /'}]});
				await buildImage({layout, tag: 'labelled', base: 'base', created: '2024-02-03T04:05:06Z', steps: [{labels: {tier: 'web', team: 'a'}, createdBy: 'LABEL tier=web team=a'}]});
				await buildImage({layout, tag: 'other', base: 'base', created: '2024-03-04T05:06:07Z', steps: [{labels: {tier: 'db'}, createdBy: 'LABEL tier=db'}]});
				await buildImage({layout, tag: 'waste', base: 'base', created: '2024-01-02T03:04:05Z', steps: [
					{layer: {'/big.bin': 'b'.repeat(5000), '/etc/conf': 'C'.repeat(200)}, createdBy: 'write big.bin and conf'},
					{layer: {}, remove: ['/big.bin'], createdBy: 'rm /big.bin'},
				]});
				await appendRawLayer(layout, 'waste', [{name: 'opq/'}, {name: 'opq/.wh..wh..opq'}, {name: 'opq/new', content: 'n'.repeat(50)}], 'replace /opq');
			})(),
		]);
		engine = started;
		for (const [tag, name] of [['base', 'demo/base:1'], ['labelled', 'demo/labelled:1'], ['other', 'demo/other:1'], ['waste', 'demo/waste:1']] as const) {
			// eslint-disable-next-line no-await-in-loop
			await loadIntoEngine(engine.client, layout, tag, name);
			const archive = path.join(work, `${tag}.tar`);
			// eslint-disable-next-line no-await-in-loop
			await run('skopeo', ['copy', '--quiet', `oci:${layout}:${tag}`, `oci-archive:${archive}:${name}`]);
			// eslint-disable-next-line no-await-in-loop
			expect((await dockyard(home, ['load', '-i', archive])).code).toBe(0);
		}

		const socket = path.join(home, 'serve.sock');
		serveHost = `unix://${socket}`;
		served = await startServe(home, ['--socket', socket]);
	}, 180_000);
	afterAll(async () => {
		await served?.stop();
		await engine?.stop();
		dockerEnv?.cleanup();
		cleanup();
		rmSync(work, {recursive: true, force: true});
	});

	const filterCases = [
		['label=tier'],
		['label=tier=web'],
		['label=tier', 'label=team'],
		['label=tier=web', 'label=tier=db'],
		['before=demo/other:1'],
		['since=demo/base:1'],
		['since=demo/base:1', 'label=tier=db'],
		['reference=demo/base', 'reference=demo/other'],
		['reference=demo/*', 'dangling=false', 'before=demo/other:1'],
	];

	test('images -f: dockerd, dockyard over the engine, dockyard on the store, docker through serve', async () => {
		for (const filters of filterCases) {
			const args = ['images', '--format', '{{.Repository}}:{{.Tag}}', ...filters.flatMap(filter => ['-f', filter])];
			// eslint-disable-next-line no-await-in-loop
			const [oracle, overEngine, onStore, throughServe] = await Promise.all([
				docker(['-H', engine!.host, ...args], dockerEnv!.env),
				dockyard(home, ['-H', engine!.host, ...args]),
				dockyard(home, args),
				docker(['-H', serveHost, ...args], dockerEnv!.env),
			]);
			const sorted = (text: string) => text.split('\n').filter(Boolean).sort().join('\n');
			expect(oracle.stderr, filters.join(' ')).toBe('');
			expect(sorted(overEngine.stdout), `over the engine: ${filters.join(' ')}`).toBe(sorted(oracle.stdout));
			expect(sorted(onStore.stdout), `on the store: ${filters.join(' ')}`).toBe(sorted(oracle.stdout));
			expect(sorted(throughServe.stdout), `through serve: ${filters.join(' ')}`).toBe(sorted(oracle.stdout));
		}

		const missing = await docker(['-H', engine!.host, 'images', '-f', 'before=nope'], dockerEnv!.env);
		expect(missing.stderr).toBe('Error response from daemon: No such image: nope:latest\n');
		const onStore = await dockyard(home, ['images', '-f', 'before=nope']);
		expect(onStore.code).toBe(1);
		expect(onStore.stderr).toContain('No such image: nope:latest');
		expect((await docker(['-H', serveHost, 'images', '-f', 'before=nope'], dockerEnv!.env)).stderr).toBe(missing.stderr);
	}, 120_000);

	test('diff: the same copies into a created container print the same lines', async () => {
		const file = path.join(work, 'f.txt');
		writeFileSync(file, 'data\n');
		const destinations = ['/opq/f.txt', '/new.txt', '/etc/conf'];
		await docker(['-H', engine!.host, 'create', '--name', 'c1', 'demo/base:1', '/x'], dockerEnv!.env);
		expect((await dockyard(home, ['create', '--name', 'c1', 'demo/base:1'])).code).toBe(0);
		for (const destination of destinations) {
			// eslint-disable-next-line no-await-in-loop
			expect((await docker(['-H', engine!.host, 'cp', file, `c1:${destination}`], dockerEnv!.env)).stderr).toBe('');
			// eslint-disable-next-line no-await-in-loop
			expect((await dockyard(home, ['cp', file, `c1:${destination}`])).code).toBe(0);
		}

		// dockerd lists the changes in the order its storage driver walks the directories (vfs: the file system's), not sorted; dockyard sorts by path.
		const oracle = await docker(['-H', engine!.host, 'diff', 'c1'], dockerEnv!.env);
		const sorted = (text: string) => `${text.split('\n').filter(Boolean).sort((a, b) => (a.slice(2) < b.slice(2) ? -1 : 1)).join('\n')}\n`;
		expect(sorted(oracle.stdout)).toBe('C /etc\nC /etc/conf\nA /new.txt\nC /opq\nA /opq/f.txt\n');
		expect((await dockyard(home, ['diff', 'c1'])).stdout).toBe(sorted(oracle.stdout));
		expect(sorted((await dockyard(home, ['-H', engine!.host, 'diff', 'c1'])).stdout)).toBe(sorted(oracle.stdout));
		expect((await docker(['-H', serveHost, 'diff', 'c1'], dockerEnv!.env)).stdout).toBe(sorted(oracle.stdout));
		const missing = await docker(['-H', engine!.host, 'diff', 'nope'], dockerEnv!.env);
		expect((await docker(['-H', serveHost, 'diff', 'nope'], dockerEnv!.env)).stderr).toBe(missing.stderr);
	}, 120_000);

	test('analyze and compare over the engine: images/get read once, the same figures as on the store', async () => {
		const fromEngine = await dockyard(home, ['-H', engine!.host, 'analyze', '--json', 'demo/waste:1']);
		const onStore = await dockyard(home, ['analyze', '--json', 'demo/waste:1']);
		expect(fromEngine.stderr).toBe('');
		type Export = {layer: Array<Record<string, unknown>>; image: Record<string, unknown>};
		const engineDocument = JSON.parse(fromEngine.stdout) as Export;
		const storeDocument = JSON.parse(onStore.stdout) as Export;
		expect(engineDocument.image).toEqual(storeDocument.image);
		expect(engineDocument.image['inefficientBytes']).toBe(5300);
		const comparable = (document: Export) => document.layer.map(layer => [layer['index'], layer['digestId'], layer['sizeBytes'], layer['command']]);
		expect(comparable(engineDocument)).toEqual(comparable(storeDocument));
		const compareEngine = await dockyard(home, ['-H', engine!.host, 'compare', '--json', 'demo/base:1', 'demo/waste:1']);
		const compareStore = await dockyard(home, ['compare', '--json', 'demo/base:1', 'demo/waste:1']);
		expect(JSON.parse(compareEngine.stdout)).toEqual(JSON.parse(compareStore.stdout));
	}, 120_000);

	test('an archive with manifest.json before its layers reads the same', async () => {
		const saved = path.join(work, 'saved.tar');
		expect((await docker(['-H', engine!.host, 'save', '-o', saved, 'demo/waste:1'], dockerEnv!.env)).stderr).toBe('');
		const entries: Array<{header: tar.Header; body: Buffer}> = [];
		const extract = tar.extract();
		Readable.from([readFileSync(saved)]).pipe(extract);
		for await (const entry of extract) {
			const parts: Buffer[] = [];
			for await (const chunk of entry) {
				parts.push(chunk as Buffer);
			}

			entries.push({header: entry.header, body: Buffer.concat(parts)});
		}

		expect(entries.findIndex(entry => entry.header.name === 'manifest.json')).toBe(entries.length - 2);
		const pack = tar.pack();
		for (const entry of entries.reverse()) {
			pack.entry(entry.header, entry.body);
		}

		pack.finalize();
		const first = await analyzeImage(await archiveImageLayers(pack as unknown as Readable));
		const last = await analyzeImage(await archiveImageLayers(Readable.from([readFileSync(saved)])));
		expect(first).toEqual(last);
		expect(first.wastedBytes).toBe(5300);
	});
});
