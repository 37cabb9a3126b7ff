import {rmSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {makeBigStore} from './big-store.js';
import {median, quick, report, rotated, timedProcess} from './figures.js';

const cli = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'cli.js');

/**
 * CLI start-up: `dockyard images` on a store of `count` images against
 * `node -e ''` on the same Node (process.execPath), in turn, the order
 * rotated each round; the ratio is taken round by round.
 */
export async function benchStartup(count = 1000): Promise<void> {
	const home = await makeBigStore(count);
	const rounds = quick ? 5 : 15;
	try {
		const env = {...process.env, DOCKYARD_HOME: home, NO_COLOR: '1'};
		const tools: Array<[string, () => Promise<number>]> = [
			['dockyard images', async () => timedProcess(process.execPath, [cli, 'images'], {env})],
			['dockyard --help', async () => timedProcess(process.execPath, [cli, '--help'], {env})],
			['node -e \'\'', async () => timedProcess(process.execPath, ['-e', ''], {env})],
		];
		const times = new Map<string, number[]>(tools.map(([name]) => [name, []]));
		// A warm-up of each, so the first round does not pay for a cold page cache.
		for (const [, run] of tools) {
			// eslint-disable-next-line no-await-in-loop
			await run();
		}

		for (let round = 0; round < rounds; round++) {
			for (const [name, run] of rotated(tools, round)) {
				// eslint-disable-next-line no-await-in-loop
				times.get(name)!.push(await run());
			}
		}

		console.log(`${count} images, ${rounds} rounds, order rotated (Node ${process.version})`);
		for (const [name, values] of times) {
			console.log(`  ${name.padEnd(16)} median ${median(values).toFixed(0).padStart(4)} ms (min ${Math.min(...values).toFixed(0)}, max ${Math.max(...values).toFixed(0)})`);
		}

		const node = times.get('node -e \'\'')!;
		report({what: `dockyard images (${count} images) / node -e ''`, unit: '×', values: times.get('dockyard images')!.map((ms, round) => ms / node[round]!), target: 2});
		report({what: 'dockyard --help / node -e \'\'', unit: '×', values: times.get('dockyard --help')!.map((ms, round) => ms / node[round]!), target: 2});
	} finally {
		rmSync(home, {recursive: true, force: true});
	}
}
