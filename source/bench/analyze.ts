import {execFileSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {makeBigImage, run} from '../devtools/oci-images.js';
import {hasCommand, quick, report, rotated, skip, timedProcess} from './figures.js';

const cli = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'cli.js');

/**
 * `analyze` on a 1 GiB, 20-layer gzip image in the store against the floor:
 * `tar -tzf` over the same layer blobs, one read of every layer. The ratio
 * (analyze also checks each blob's digest), and analyze's peak RSS.
 */
export async function benchAnalyze(): Promise<void> {
	const what = 'analyze, 1 GiB 20-layer gzip image ÷ tar -tzf of its layers';
	if (!hasCommand('skopeo') || !hasCommand('tar') || !hasCommand('/usr/bin/time')) {
		skip(what, 'skopeo, tar or /usr/bin/time missing', '×', 2);
		return;
	}

	const work = mkdtempSync(path.join(os.tmpdir(), 'dockyard-bench-analyze-'));
	try {
		const layout = path.join(work, 'layout');
		const mib = quick ? 64 : 1024;
		const image = await makeBigImage({layout, tag: 'big', mib, layers: 20, gzip: true, seed: 'bench-analyze'});
		const named = path.join(work, 'named');
		await run('skopeo', ['copy', '--quiet', `oci:${layout}:big`, `oci:${named}:bench/big:1`], {timeoutMs: 600_000});
		const home = path.join(work, 'home');
		const env = {...process.env, DOCKYARD_HOME: home};
		execFileSync(process.execPath, [cli, 'load', '-q', '-i', named], {env, stdio: 'ignore'});
		const blobs = image.layers.map(layer => path.join(layout, 'blobs', 'sha256', layer.digest.slice('sha256:'.length)));
		const floor = `for blob in "$@"; do tar -tzf "$blob" > /dev/null || exit 1; done`;
		const rounds = quick ? 1 : 3;
		const ratios: number[] = [];
		const peaks: number[] = [];
		for (let round = 0; round < rounds; round++) {
			const times: Record<string, number> = {};
			for (const tool of rotated(['analyze', 'tar'], round)) {
				if (tool === 'analyze') {
					const rssFile = path.join(work, 'rss');
					// eslint-disable-next-line no-await-in-loop
					times[tool] = await timedProcess('/usr/bin/time', ['-f', '%M', '-o', rssFile, process.execPath, cli, 'analyze', 'bench/big:1'], {env});
					peaks.push(Number(readFileSync(rssFile, 'utf8').trim().split('\n').at(-1)) / 1024);
				} else {
					// eslint-disable-next-line no-await-in-loop
					times[tool] = await timedProcess('sh', ['-c', floor, 'floor', ...blobs]);
				}
			}

			ratios.push(times['analyze']! / times['tar']!);
		}

		report({what: quick ? what.replace('1 GiB', `${mib} MiB`) : what, unit: '×', values: ratios, target: 2});
		report({what: `analyze's peak RSS on it`, unit: 'MiB', values: peaks, target: 200});
	} finally {
		rmSync(work, {recursive: true, force: true});
	}
}
