import {execFileSync} from 'node:child_process';
import {rmSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {openStore} from '../core/store/store.js';
import {makeBigStore} from './big-store.js';

const cli = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'cli.js');

function time<T>(work: () => T): {ms: number; value: T} {
	const started = performance.now();
	const value = work();
	return {ms: performance.now() - started, value};
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * What one read of the store keeps on the heap, measured in a fresh process
 * with a full collection before and after (this process's heap holds what
 * the benches before left, which says nothing about a read).
 */
function retainedByRead(home: string): string {
	const store = new URL('../core/store/store.js', import.meta.url).href;
	const script = `const {openStore} = await import(${JSON.stringify(store)});
globalThis.gc(); const before = process.memoryUsage().heapUsed;
globalThis.kept = openStore({home: ${JSON.stringify(home)}}).read();
globalThis.gc(); console.log(((process.memoryUsage().heapUsed - before) / 1048576).toFixed(1));`;
	return execFileSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], {encoding: 'utf8'}).trim();
}

/** The store and the CLI with 10,000 images: one read, a listing, a change, each a fresh process as a user runs them. */
export async function benchStore(count = 10_000): Promise<void> {
	const home = await makeBigStore(count);
	try {
		const store = openStore({home});
		const reads = Array.from({length: 5}, () => time(() => store.read()).ms);
		const dependents = time(() => {
			const view = store.read();
			return view.images.reduce((total, image) => total + view.dependents(image.id).length, 0);
		});
		const env = {...process.env, DOCKYARD_HOME: home};
		const run = (...args: string[]) => median(Array.from({length: 3}, () => time(() => execFileSync(process.execPath, [cli, ...args], {env, stdio: 'pipe'})).ms));
		console.log(`store with ${count} images`);
		console.log(`  read + derive relations (in process): median ${median(reads).toFixed(0)} ms`);
		console.log(`  dependents of every image: ${dependents.ms.toFixed(0)} ms (${dependents.value} found)`);
		console.log(`  dockyard images (process):            median ${run('images').toFixed(0)} ms`);
		console.log(`  dockyard images -q team7/app7 :       median ${run('images', '-q', 'team7/app7').toFixed(0)} ms`);
		console.log(`  dockyard tag (locked write):          median ${run('tag', 'team1/app1:v1', 'bench:1').toFixed(0)} ms`);
		console.log(`  dockyard --help (no store):           median ${run('--help').toFixed(0)} ms`);
		console.log(`  heap a read keeps (its view):         ${retainedByRead(home)} MiB`);
	} finally {
		rmSync(home, {recursive: true, force: true});
	}
}
