import {execFileSync} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {hasCommand, median, quick, report, rotated, skip} from './figures.js';
import {buildShellImage, loadIntoEngine, startEngine, type EngineKind} from '../devtools/engines.js';

const cli = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'cli.js');


/** Wall time of one whole process, as a user waits for it. */
function timeProcess(command: string, args: string[]): number {
	const started = performance.now();
	execFileSync(command, args, {stdio: 'pipe', env: {...process.env, DOCKER_HOST: '', DOCKER_CONTEXT: ''}});
	return performance.now() - started;
}

/**
 * `dockyard -H … images` against the docker CLI on the same engine, with
 * `count` tags: the two in turn, the order rotated each round, so a drift of
 * the machine's speed falls on both; the ratio is taken round by round.
 */
export async function benchEngine(kind: EngineKind = (process.env['DOCKYARD_BENCH_ENGINE'] as EngineKind | undefined) ?? 'podman', count = 1000, rounds = quick ? 5 : 11): Promise<void> {
	const what = `dockyard -H … images / docker -H … images (${kind}, ${count} tags)`;
	const missing = [kind === 'podman' ? 'podman' : 'dockerd', 'docker'].filter(tool => !hasCommand(tool));
	if (missing.length > 0) {
		skip(what, `${missing.join(' and ')} not installed`, '×', 1);
		return;
	}

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
		const tools: Array<() => void> = [
			() => ours.push(timeProcess(process.execPath, [cli, '-H', engine.host, 'images'])),
			() => theirs.push(timeProcess('docker', ['-H', engine.host, 'images'])),
		];
		timeProcess(process.execPath, [cli, '-H', engine.host, 'images']);
		timeProcess('docker', ['-H', engine.host, 'images']);
		for (let round = 0; round < rounds; round++) {
			for (const tool of rotated(tools, round)) {
				tool();
			}
		}

		const ratios = ours.map((value, index) => value / theirs[index]!);
		console.log(`${kind} with ${count} tags of one image, ${rounds} rounds in turn after a warm-up (Node ${process.version})`);
		console.log(`  dockyard -H … images: median ${median(ours).toFixed(0)} ms`);
		console.log(`  docker -H … images:   median ${median(theirs).toFixed(0)} ms`);
		report({what, unit: '×', values: ratios, target: 1});
	} finally {
		await engine.stop();
		rmSync(work, {recursive: true, force: true});
	}
}
