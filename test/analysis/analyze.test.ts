/**
 * analyze, compare, diff and the images filters on images umoci builds with
 * known waste: a file written then deleted, a file overwritten, an opaque
 * directory. dive's figures are worked out by hand below (dive is not in
 * Debian); diff's lines are the ones dockerd 20.10 printed for the same
 * copies into a created container.
 */
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {appendRawLayer, buildImage, run} from '../../source/devtools/oci-images.js';
import {dockyard, tempHome} from '../helpers/cli.js';
import {hasTools} from '../helpers/tools.js';

const ready = hasTools(['umoci', 'skopeo'], 'images with known waste');

describe.runIf(ready)('analyze, compare, diff', () => {
	let work = '';
	let home = '';
	let cleanup = () => {};
	beforeAll(async () => {
		work = mkdtempSync(path.join(os.tmpdir(), 'dockyard-analyze-'));
		({home, cleanup} = tempHome());
		const layout = path.join(work, 'layout');
		// Layer 1 (the base): 1000 + 100 + 300 bytes.
		await buildImage({layout, tag: 'base', steps: [{layer: {'/base.bin': 'a'.repeat(1000), '/etc/conf': 'c'.repeat(100), '/opq/old1': 'o'.repeat(300)}, createdBy: 'COPY base /'}]});
		await buildImage({layout, tag: 'waste', base: 'base', steps: [
			// Layer 2: a big file, and /etc/conf overwritten (100 → 200 bytes).
			{layer: {'/big.bin': 'b'.repeat(5000), '/etc/conf': 'C'.repeat(200)}, createdBy: '/bin/sh -c write big.bin and conf'},
			// Layer 3: big.bin deleted (umoci writes its whiteout).
			{layer: {}, remove: ['/big.bin'], createdBy: 'rm /big.bin'},
			{labels: {tier: 'web'}, createdBy: 'LABEL tier=web'},
		]});
		// Layer 4: /opq made opaque, with one new file of 50 bytes.
		await appendRawLayer(layout, 'waste', [{name: 'opq/'}, {name: 'opq/.wh..wh..opq'}, {name: 'opq/new', content: 'n'.repeat(50)}], 'replace /opq');
		for (const [tag, name] of [['base', 'demo/base:1'], ['waste', 'demo/waste:1']]) {
			const archive = path.join(work, `${tag}.tar`);
			// eslint-disable-next-line no-await-in-loop
			await run('skopeo', ['copy', '--quiet', `oci:${layout}:${tag}`, `oci-archive:${archive}:${name}`]);
			// eslint-disable-next-line no-await-in-loop
			expect((await dockyard(home, ['load', '-i', archive])).code).toBe(0);
		}
	});
	afterAll(() => {
		cleanup();
		rmSync(work, {recursive: true, force: true});
	});

	// By hand, as dive counts leaves per layer:
	//   /base.bin 1000 (once) · /etc/conf 100 + 200 (twice, smallest 100) · /opq/old1 300 (once; dive ignores the opaque marker)
	//   /big.bin 5000 + 0 (its whiteout weighs nothing: a file) · /opq/new 50 (once)
	// seen 6650, smallest 1450 → efficiency 1450/6650; wasted 5000 + 300 = 5300;
	// layers 1400, 5200, 0, 50 → user bytes 5250 → user wasted 5300/5250.
	const efficiency = 1450 / 6650;

	test('analyze prints dive\'s figures and inefficient files', async () => {
		const result = await dockyard(home, ['analyze', 'demo/waste:1']);
		expect(result.stderr).toBe('');
		expect(result.stdout).toBe([
			`  efficiency: ${(efficiency * 100).toFixed(4)} %`,
			'  wastedBytes: 5300 bytes (5.3 kB)',
			`  userWastedPercent: ${(5300 / 5250 * 100).toFixed(4)} %`,
			'Inefficient Files:',
			'Count  Wasted Space  File Path',
			'    2        5.0 kB  /big.bin',
			'    2         300 B  /etc/conf',
			'',
		].join('\n'));
	});

	test('--json is dive\'s export', async () => {
		const result = await dockyard(home, ['analyze', '--json', 'demo/waste:1']);
		const document = JSON.parse(result.stdout) as {layer: Array<Record<string, unknown>>; image: Record<string, unknown>};
		expect(document.image).toEqual({sizeBytes: 6650, inefficientBytes: 5300, efficiencyScore: efficiency, fileReference: [{count: 2, sizeBytes: 5000, file: '/big.bin'}, {count: 2, sizeBytes: 300, file: '/etc/conf'}]});
		expect(document.layer.map(layer => [layer['index'], layer['sizeBytes'], layer['command']])).toEqual([[0, 1400, 'COPY base /'], [1, 5200, 'write big.bin and conf'], [2, 0, 'rm /big.bin'], [3, 50, 'replace /opq']]);
		expect(Object.keys(document.layer[0]!)).toEqual(['index', 'id', 'digestId', 'sizeBytes', 'command']);
		expect(Object.keys(document)).toEqual(['layer', 'image']);
	});

	test('--ci: dive\'s rules from flags and from .dive-ci, its PASS/FAIL/SKIP lines and exit codes', async () => {
		const failed = await dockyard(home, ['analyze', '--ci', 'demo/waste:1']);
		expect(failed.code).toBe(1);
		expect(failed.stdout).toContain([
			'Results:',
			`  FAIL: highestUserWastedPercent: too many bytes wasted, relative to the user bytes added (%-user-wasted-bytes=${5300 / 5250} > threshold=0.1)`,
			'  SKIP: highestWastedBytes: rule disabled',
			`  FAIL: lowestEfficiency: image efficiency is too low (efficiency=${efficiency} < threshold=0.9)`,
			'Result:FAIL [Total:3] [Passed:0] [Failed:2] [Warn:0] [Skipped:1]',
		].join('\n'));

		const passed = await dockyard(home, ['analyze', '--ci', '--lowestEfficiency', '0.2', '--highestUserWastedPercent', 'disabled', '--highestWastedBytes', '6kB', 'demo/waste:1']);
		expect(passed.code).toBe(0);
		expect(passed.stdout).toContain('Result:PASS [Total:3] [Passed:2] [Failed:0] [Warn:0] [Skipped:1]');

		const directory = mkdtempSync(path.join(os.tmpdir(), 'dockyard-dive-ci-'));
		try {
			writeFileSync(path.join(directory, '.dive-ci'), 'rules:\n  lowestEfficiency: 0.2\n  highestWastedBytes: 5KB\n  highestUserWastedPercent: disabled\n');
			const fromFile = await dockyard(home, ['analyze', '--ci', 'demo/waste:1'], {cwd: directory});
			expect(fromFile.code).toBe(1);
			expect(fromFile.stdout).toContain('  SKIP: highestUserWastedPercent: rule disabled\n  FAIL: highestWastedBytes: too many bytes wasted (wasted-bytes=5300 > threshold=5000)\n  PASS: lowestEfficiency\n');
			// A flag wins over the file.
			const flagWins = await dockyard(home, ['analyze', '--ci', '--highestWastedBytes', '6KB', 'demo/waste:1'], {cwd: directory});
			expect(flagWins.code).toBe(0);
			const misconfigured = await dockyard(home, ['analyze', '--ci', '--lowestEfficiency', '2', 'demo/waste:1'], {cwd: directory});
			expect(misconfigured.code).toBe(1);
			expect(misconfigured.stdout).toContain('  MISCONFIGURED: lowestEfficiency: lowestEfficiency config value is outside allowed range (0-1), given \'2\'\nCI Misconfigured\n');
		} finally {
			rmSync(directory, {recursive: true, force: true});
		}
	});

	test('compare: shared layers, config, and the final file systems (whiteouts and the opaque directory applied)', async () => {
		const result = await dockyard(home, ['compare', '--json', 'demo/base:1', 'demo/waste:1']);
		expect(result.stderr).toBe('');
		const comparison = JSON.parse(result.stdout) as {sharedLayers: string[]; config: unknown[]; added: unknown[]; removed: unknown[]; changed: unknown[]};
		expect(comparison.sharedLayers).toHaveLength(1);
		expect(comparison.config).toEqual([{field: 'Labels', a: null, b: {tier: 'web'}}]);
		expect(comparison.added).toEqual([{path: '/opq/new', type: 'file', sizeB: 50}]);
		expect(comparison.removed).toEqual([{path: '/opq/old1', type: 'file', sizeA: 300}]);
		expect(comparison.changed).toEqual([{path: '/etc/conf', type: 'file', sizeA: 100, sizeB: 200}]);
		const text = await dockyard(home, ['compare', 'demo/base:1', 'demo/waste:1']);
		expect(text.stdout).toContain('Files: 1 added, 1 removed, 1 changed\n  C /etc/conf  100B → 200B\n  A /opq/new  50B\n  D /opq/old1  300B\n');
		expect(text.stdout).toContain('  Labels:\n    + tier=web\n');
	});

	test('diff prints what dockerd 20.10 printed for the same copies', async () => {
		const file = path.join(work, 'f.txt');
		writeFileSync(file, 'data\n');
		expect((await dockyard(home, ['create', '--name', 'c1', 'demo/base:1'])).code).toBe(0);
		for (const destination of ['c1:/opq/f.txt', 'c1:/new.txt', 'c1:/etc/conf']) {
			// eslint-disable-next-line no-await-in-loop
			expect((await dockyard(home, ['cp', file, destination])).code).toBe(0);
		}

		const result = await dockyard(home, ['diff', 'c1']);
		// dockerd, for cp into /deep/dir/f.txt, /new.txt and /etc/x of an image that had /deep/dir and /etc/x: C /deep, C /deep/dir, A …/f.txt, C /etc, C /etc/x, A /new.txt.
		expect(result.stdout).toBe('C /etc\nC /etc/conf\nA /new.txt\nC /opq\nA /opq/f.txt\n');
		const missing = await dockyard(home, ['diff', 'nope']);
		expect(missing.code).toBe(1);
		expect(missing.stderr).toContain('No such container: nope');
		expect((await dockyard(home, ['create', '--name', 'c2', 'demo/base:1'])).code).toBe(0);
		expect((await dockyard(home, ['diff', 'c2'])).stdout).toBe('');
	});

	test('images filters: before, since, label, until, combined; docker\'s error for an unknown image', async () => {
		const names = async (...filters: string[]) => (await dockyard(home, ['images', '--format', '{{.Repository}}', ...filters.flatMap(filter => ['-f', filter])])).stdout.trim().split('\n').filter(Boolean).sort();
		expect(await names('label=tier')).toEqual(['demo/waste']);
		expect(await names('label=tier=web', 'label=tier')).toEqual(['demo/waste']);
		expect(await names('label=tier=db')).toEqual([]);
		expect(await names('until=2000-01-01')).toEqual([]);
		expect(await names('until=1h')).toEqual(['demo/base', 'demo/waste']);
		expect(await names('reference=demo/base', 'reference=demo/waste', 'label=tier')).toEqual(['demo/waste']);
		const unknown = await dockyard(home, ['images', '-f', 'before=nope']);
		expect(unknown.code).toBe(1);
		expect(unknown.stderr).toContain('No such image: nope:latest');
		expect((await dockyard(home, ['images', '-f', 'bogus=1'])).stderr).toContain('invalid filter \'bogus=1\'');
	});

	test('a corrupt layer is one line and exit 1, and the store keeps it as it was', async () => {
		const inspected = JSON.parse((await dockyard(home, ['inspect', 'demo/waste:1'])).stdout) as Array<{Dockyard: {Layers: Array<{digest: string}>}}>;
		const blob = path.join(home, 'blobs', 'sha256', inspected[0]!.Dockyard.Layers.at(-1)!.digest.slice('sha256:'.length));
		const original = readFileSync(blob);
		try {
			writeFileSync(blob, Buffer.alloc(original.length, 7));
			for (const args of [['analyze', 'demo/waste:1'], ['compare', 'demo/base:1', 'demo/waste:1']]) {
				// eslint-disable-next-line no-await-in-loop
				const result = await dockyard(home, args);
				expect(result.code, args.join(' ')).toBe(1);
				expect(result.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
				expect(result.stderr).toMatch(/layer/);
				expect(result.stdout).toBe('');
			}
		} finally {
			writeFileSync(blob, original);
		}

		expect((await dockyard(home, ['analyze', 'demo/waste:1'])).code).toBe(0);
	});
});
