/**
 * Registry-to-registry copy of a 4-platform index (each platform two gzip
 * layers of random bytes) between two docker-registry instances on
 * loopback: `dockyard copy --all` against `skopeo copy --all` of the same
 * index, each into a registry started fresh for it (nothing to skip or mount,
 * and skopeo's blob-info cache, keyed by host and port, knows nothing of it),
 * the order rotated every round; the ratio round by round.
 */
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {startLocalRegistry, type LocalRegistry} from '../devtools/local-registry.js';
import {buildIndex, makeBigImage, pushImage} from '../devtools/oci-images.js';
import {hasCommand, median, quick, report, rotated, skip, timedProcess} from './figures.js';

const cli = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'cli.js');
const architectures = ['amd64', 'arm64', 'ppc64le', 's390x'];

export async function benchCopy(): Promise<void> {
	const rounds = Number(process.env['DOCKYARD_BENCH_COPY_ROUNDS'] ?? (quick ? 2 : 3));
	const mib = quick ? 16 : 64;
	const what = `copy --all of a 4-platform index (4 × ${mib} MiB gzip), registry → registry / skopeo copy --all`;
	if (!hasCommand('docker-registry') || !hasCommand('skopeo')) {
		skip(what, 'docker-registry and skopeo are needed (apt-get install docker-registry skopeo)', '×', 1);
		return;
	}

	const work = mkdtempSync(path.join(os.tmpdir(), 'dockyard-bench-copy-'));
	const home = mkdtempSync(path.join(work, 'home-'));
	const started: LocalRegistry[] = [];
	try {
		const from = await startLocalRegistry();
		started.push(from);
		const layout = path.join(work, 'layout');
		for (const architecture of architectures) {
			// eslint-disable-next-line no-await-in-loop
			await makeBigImage({layout, tag: architecture, mib, layers: 2, gzip: true, seed: `bench-copy-${architecture}`});
		}

		buildIndex(layout, 'multi', architectures.map(architecture => ({tag: architecture, platform: {os: 'linux', architecture}})));
		const source = `${from!.host}/bench/multi:1`;
		await pushImage(layout, 'multi', source, {all: true, timeoutMs: 600_000});
		rmSync(layout, {recursive: true, force: true});

		const tools = [
			{name: 'dockyard', copy: async (to: string) => timedProcess(process.execPath, [cli, 'copy', '--all', '--quiet', `docker://${source}`, `docker://${to}/copied/multi:1`], {env: {...process.env, DOCKYARD_HOME: home, NO_COLOR: '1'}})},
			{name: 'skopeo', copy: async (to: string) => timedProcess('skopeo', ['copy', '--quiet', '--all', '--src-tls-verify=false', '--dest-tls-verify=false', `docker://${source}`, `docker://${to}/copied/multi:1`])},
		];
		const times = new Map<string, number[]>(tools.map(tool => [tool.name, []]));
		for (let round = 0; round < rounds; round++) {
			for (const tool of rotated(tools, round)) {
				// eslint-disable-next-line no-await-in-loop
				const to = await startLocalRegistry();
				try {
					// eslint-disable-next-line no-await-in-loop
					times.get(tool.name)!.push(await tool.copy(to.host));
				} finally {
					// eslint-disable-next-line no-await-in-loop
					await to.stop();
				}
			}
		}

		const ours = times.get('dockyard')!;
		const theirs = times.get('skopeo')!;
		console.log(`  seconds per round: ${[...times].map(([name, values]) => `${name} ${values.map(ms => (ms / 1000).toFixed(2)).join(', ')}`).join('; ')}`);
		report({what, unit: '×', values: ours.map((ms, round) => ms / theirs[round]!), target: 1});
		console.log(`    dockyard median ${(median(ours) / 1000).toFixed(2)} s = ${(4 * mib / (median(ours) / 1000)).toFixed(0)} MiB/s`);
	} catch (error) {
		skip(what, (error instanceof Error ? error.message : String(error)).split('\n')[0]!, '×', 1);
	} finally {
		await Promise.all(started.map(async registry => registry.stop()));
		rmSync(work, {recursive: true, force: true});
	}
}
