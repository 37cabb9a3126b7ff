import {execFileSync} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {buildShellImage, loadIntoEngine, startEngine, type EngineKind} from '../devtools/engines.js';

const cli = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'cli.js');

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)]!;
}

/** Wall time of one whole process, as a user waits for it. */
function timeProcess(command: string, args: string[]): number {
	const started = performance.now();
	execFileSync(command, args, {stdio: 'pipe', env: {...process.env, DOCKER_HOST: '', DOCKER_CONTEXT: ''}});
	return performance.now() - started;
}

/**
 * `dockyard -H … images` against the docker CLI on the same engine, with
 * `count` tags: the two in turn (A B A B …) so a drift of the machine's speed
 * falls on both, the median of each and their ratio printed.
 */
export async function benchEngine(kind: EngineKind = (process.env['DOCKYARD_BENCH_ENGINE'] as EngineKind | undefined) ?? 'podman', count = 1000, rounds = 9): Promise<void> {
	const work = mkdtempSync(path.join(os.tmpdir(), 'dockyard-bench-engine-'));
	const engine = await startEngine(kind);
	try {
		const layout = path.join(work, 'layout');
		await buildShellImage({layout, tag: 'base'});
		await loadIntoEngine(engine.client, layout, 'base', 'localhost/bench/app:0');
		for (let index = 1; index < count; index++) {
			// eslint-disable-next-line no-await-in-loop
			await engine.client.tag('localhost/bench/app:0', `localhost/bench/app${index % 50}`, String(index));
		}

		const ours: number[] = [];
		const theirs: number[] = [];
		timeProcess(process.execPath, [cli, '-H', engine.host, 'images']);
		timeProcess('docker', ['-H', engine.host, 'images']);
		for (let round = 0; round < rounds; round++) {
			ours.push(timeProcess(process.execPath, [cli, '-H', engine.host, 'images']));
			theirs.push(timeProcess('docker', ['-H', engine.host, 'images']));
		}

		const ratios = ours.map((value, index) => value / theirs[index]!);
		console.log(`${kind} with ${count} tags of one image, ${rounds} rounds in turn after a warm-up (Node ${process.version})`);
		console.log(`  dockyard -H … images: median ${median(ours).toFixed(0)} ms`);
		console.log(`  docker -H … images:   median ${median(theirs).toFixed(0)} ms`);
		console.log(`  ratio dockyard/docker, pair by pair: median ${median(ratios).toFixed(2)} (min ${Math.min(...ratios).toFixed(2)}, max ${Math.max(...ratios).toFixed(2)})`);
	} finally {
		await engine.stop();
		rmSync(work, {recursive: true, force: true});
	}
}
