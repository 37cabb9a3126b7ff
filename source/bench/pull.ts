/**
 * Pull speed against Debian's docker-registry on loopback: gzip and
 * uncompressed images, one layer of 256 MiB and eight of 32 MiB, pulled by
 * `dockyard pull`, by `skopeo copy` to an OCI directory and by `podman pull`
 * (vfs, its own root in a temp dir), each into a fresh place, the order of
 * the three rotated every round. Ratios are taken round by round.
 *
 * `npm run bench -- pull gzip-8` pulls only the images whose label holds
 * one of the words after `pull`; DOCKYARD_BENCH_PULL_ROUNDS sets the rounds.
 */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {startLocalRegistry} from '../devtools/local-registry.js';
import {makeBigImage, pushImage} from '../devtools/oci-images.js';
import {hasCommand, median, quick, report, rotated, skip, timedProcess} from './figures.js';

const cli = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'cli.js');

type Image = {label: string; what: string; layers: number; gzip: boolean; reference: string};
type Tool = {name: string; pull: (image: Image, into: string) => Promise<number>};

const seconds = (values: number[]) => values.map(ms => (ms / 1000).toFixed(2)).join(', ');

function tools(work: string): {tools: Tool[]; missing: string[]} {
	const found: Tool[] = [{
		name: 'dockyard',
		pull: async (image, into) => timedProcess(process.execPath, [cli, 'pull', image.reference], {env: {...process.env, DOCKYARD_HOME: into, NO_COLOR: '1'}}),
	}];
	const missing: string[] = [];
	if (hasCommand('skopeo')) {
		found.push({
			name: 'skopeo',
			pull: async (image, into) => timedProcess('skopeo', ['copy', '--quiet', '--src-tls-verify=false', '--dest-oci-accept-uncompressed-layers', `docker://${image.reference}`, `oci:${into}:bench`]),
		});
	} else {
		missing.push('skopeo');
	}

	if (hasCommand('podman')) {
		// Its own configuration, so that nothing of the machine's (storage, registries, events) is used or changed.
		const conf = path.join(work, 'containers.conf');
		writeFileSync(conf, '[engine]\nevents_logger = "none"\n');
		found.push({
			name: 'podman',
			pull: async (image, into) => timedProcess('podman', ['--storage-driver', 'vfs', '--root', path.join(into, 'root'), '--runroot', path.join(into, 'run'), '--tmpdir', path.join(into, 'tmp'), 'pull', '--quiet', '--tls-verify=false', image.reference], {
				env: {...process.env, CONTAINERS_CONF: conf, CONTAINERS_REGISTRIES_CONF: path.join(work, 'registries.conf')},
			}),
		});
		writeFileSync(path.join(work, 'registries.conf'), 'unqualified-search-registries = []\n');
	} else {
		missing.push('podman');
	}

	return {tools: found, missing};
}

export async function benchPull(words: string[] = []): Promise<void> {
	const rounds = Number(process.env['DOCKYARD_BENCH_PULL_ROUNDS'] ?? (quick ? 2 : 3));
	const mib = quick ? 64 : 256;
	const shapes = [
		{layers: 8, gzip: true},
		{layers: 1, gzip: true},
		{layers: 8, gzip: false},
		{layers: 1, gzip: false},
	].map(shape => ({
		...shape,
		label: `${shape.gzip ? 'gzip' : 'tar'}-${shape.layers}`,
		what: `${shape.layers === 1 ? `1 × ${mib}` : `${shape.layers} × ${mib / shape.layers}`} MiB ${shape.gzip ? 'gzip' : 'uncompressed'}`,
	})).filter(shape => words.length === 0 || words.some(word => shape.label.includes(word)));
	if (!hasCommand('docker-registry')) {
		for (const shape of shapes) {
			skip(`pull ${shape.what} / skopeo`, 'docker-registry is not installed (apt-get install docker-registry)', '×', 1);
		}

		return;
	}

	const work = mkdtempSync(path.join(os.tmpdir(), 'dockyard-bench-pull-'));
	const registry = await startLocalRegistry();
	try {
		const found = tools(work);
		for (const name of found.missing) {
			console.log(`  ${name} is not installed: its rows are skipped (apt-get install ${name})`);
		}

		if (!found.tools.some(tool => tool.name === 'skopeo')) {
			for (const shape of shapes) {
				skip(`pull ${shape.what} / skopeo`, 'skopeo is not installed, and it builds the images', '×', 1);
			}

			return;
		}

		const images: Image[] = [];
		for (const shape of shapes) {
			const layout = path.join(work, 'layout');
			// eslint-disable-next-line no-await-in-loop
			await makeBigImage({layout, tag: shape.label, mib, layers: shape.layers, gzip: shape.gzip, seed: `bench-${shape.label}`});
			const reference = `${registry.host}/bench/random:${shape.label}`;
			// eslint-disable-next-line no-await-in-loop
			await pushImage(layout, shape.label, reference, {timeoutMs: 600_000});
			rmSync(layout, {recursive: true, force: true});
			images.push({...shape, reference});
		}

		console.log(`from ${registry.url}, ${rounds} rounds per image, the order of ${found.tools.map(tool => tool.name).join(', ')} rotated each round`);
		for (const image of images) {
			const times = new Map<string, number[]>(found.tools.map(tool => [tool.name, []]));
			let failure: string | undefined;
			for (let round = 0; round < rounds && !failure; round++) {
				for (const tool of rotated(found.tools, round)) {
					const into = mkdtempSync(path.join(work, `${tool.name}-`));
					try {
						// eslint-disable-next-line no-await-in-loop
						times.get(tool.name)!.push(await tool.pull(image, into));
					} catch (error) {
						failure = `${tool.name}: ${error instanceof Error ? error.message : String(error)}`;
					} finally {
						rmSync(into, {recursive: true, force: true});
					}
				}
			}

			console.log(`${image.what} (${image.label}), seconds per round: ${[...times].map(([name, values]) => `${name} ${seconds(values)}`).join('; ')}`);
			const ours = times.get('dockyard')!;
			for (const [peer, target] of [['skopeo', 1], ['podman', 0.5]] as const) {
				const what = `pull ${image.what} / ${peer === 'skopeo' ? 'skopeo copy' : 'podman pull'}`;
				const theirs = times.get(peer);
				if (!theirs) {
					skip(what, `${peer} is not installed`, '×', target);
				} else if (failure) {
					skip(what, failure.split('\n')[0]!, '×', target);
				} else {
					report({what, unit: '×', values: ours.map((ms, round) => ms / theirs[round]!), target});
				}
			}

			if (ours.length > 0) {
				console.log(`    dockyard median ${(median(ours) / 1000).toFixed(2)} s = ${(mib / (median(ours) / 1000)).toFixed(0)} MiB/s`);
			}
		}
	} finally {
		await registry.stop();
		rmSync(work, {recursive: true, force: true});
	}
}
