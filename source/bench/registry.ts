/**
 * Pull speed against a real registry on loopback: a big single-layer image
 * and an 8-layer image of the same total size, pulled by `dockyard pull` and
 * by `skopeo copy docker://… oci:DIR` in the same run, each into a fresh
 * place. Then a breakdown of where a pull's time goes: node's start, sha256
 * alone, the raw fetch, fetch + hash, fetch + hash + write.
 *
 * DOCKYARD_BENCH_REGISTRY_MIB sets the size (default 300),
 * DOCKYARD_BENCH_REGISTRY_ROUNDS the pulls per tool and image (default 3).
 * `node dist/bench/run.js registry` runs this one alone.
 */
import {spawn, spawnSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {createWriteStream, mkdtempSync, rmSync} from 'node:fs';
import {get} from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {Readable, Writable} from 'node:stream';
import {pipeline} from 'node:stream/promises';
import type {ReadableStream as WebReadableStream} from 'node:stream/web';
import {fileURLToPath} from 'node:url';
import {openStore} from '../core/store/store.js';
import {startLocalRegistry, type LocalRegistry} from '../devtools/local-registry.js';
import {makeBigImage, pushImage, type BuiltImage} from '../devtools/oci-images.js';

const cli = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'cli.js');
const MiB = 1024 * 1024;

function hasCommand(name: string): boolean {
	return spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
}

/** Runs a command to the end (bounded), returning its wall time in ms; a failure is thrown with its stderr. */
async function timed(command: string, args: string[], env: NodeJS.ProcessEnv = process.env, timeoutMs = 600_000): Promise<number> {
	const started = performance.now();
	await new Promise<void>((resolve, reject) => {
		const child = spawn(command, args, {env, stdio: ['ignore', 'ignore', 'pipe']});
		let stderr = '';
		child.stderr.on('data', (chunk: Buffer) => {
			stderr = (stderr + chunk.toString()).slice(-4000);
		});
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.once('error', reject);
		child.once('close', code => {
			clearTimeout(timer);
			if (code === 0) {
				resolve();
			} else {
				reject(new Error(`${path.basename(command)} ${args.join(' ')} exited ${code ?? 'on a signal'}: ${stderr.trim()}`));
			}
		});
	});
	return performance.now() - started;
}

async function timeIt(work: () => Promise<unknown>): Promise<number> {
	const started = performance.now();
	await work();
	return performance.now() - started;
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)]!;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const rate = (bytes: number, ms: number) => `${(bytes / MiB / (ms / 1000)).toFixed(0)} MiB/s`;

type Subject = {label: string; image: BuiltImage; reference: string; bytes: number};

/** Every layer blob of an image, fetched `concurrency` at a time, each through `sink`. */
async function fetchLayers(registry: LocalRegistry, repository: string, image: BuiltImage, sink: (body: Readable, digest: string) => Promise<void>, concurrency = 4): Promise<void> {
	const queue = [...image.layers];
	const worker = async () => {
		for (let layer = queue.shift(); layer; layer = queue.shift()) {
			// eslint-disable-next-line no-await-in-loop
			const response = await fetch(`${registry.url}/v2/${repository}/blobs/${layer.digest}`, {signal: AbortSignal.timeout(300_000)});
			if (!response.ok || !response.body) {
				throw new Error(`GET blob ${layer.digest}: ${response.status}`);
			}

			// eslint-disable-next-line no-await-in-loop
			await sink(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), layer.digest);
		}
	};

	await Promise.all(Array.from({length: Math.min(concurrency, image.layers.length)}, worker));
}

const discard = () => new Writable({
	write(_chunk, _encoding, callback) {
		callback();
	},
});

async function hashed(body: Readable, digest: string, next?: Writable): Promise<void> {
	const hash = createHash('sha256');
	body.on('data', (chunk: Buffer) => hash.update(chunk));
	await pipeline(body, next ?? discard());
	if ('sha256:' + hash.digest('hex') !== digest) {
		throw new Error(`digest mismatch for ${digest}`);
	}
}

export async function benchRegistry(): Promise<void> {
	const missing = ['docker-registry', 'skopeo'].filter(tool => !hasCommand(tool));
	if (missing.length > 0) {
		console.log(`skipped: ${missing.join(' and ')} not installed (apt-get install docker-registry skopeo)`);
		return;
	}

	const mib = Number(process.env['DOCKYARD_BENCH_REGISTRY_MIB'] ?? 300);
	const rounds = Math.max(1, Number(process.env['DOCKYARD_BENCH_REGISTRY_ROUNDS'] ?? 3));
	if (!Number.isFinite(mib) || mib <= 0) {
		console.log(`skipped: DOCKYARD_BENCH_REGISTRY_MIB=${process.env['DOCKYARD_BENCH_REGISTRY_MIB']} is not a size in MiB`);
		return;
	}

	const work = mkdtempSync(path.join(os.tmpdir(), 'dockyard-bench-registry-'));
	const registry = await startLocalRegistry();
	try {
		const layout = path.join(work, 'layout');
		const subjects: Subject[] = [];
		for (const layers of [1, 8]) {
			const tag = `${layers}-layer`;
			let image: BuiltImage | undefined;
			// eslint-disable-next-line no-await-in-loop
			const built = await timeIt(async () => {
				image = await makeBigImage({layout, tag, mib, layers, seed: `bench-${layers}`});
			});
			const reference = `${registry.host}/bench/random:${tag}`;
			// eslint-disable-next-line no-await-in-loop
			const pushed = await timeIt(async () => pushImage(layout, tag, reference, {timeoutMs: 600_000}));
			const bytes = image!.layers.reduce((total, layer) => total + layer.size, 0);
			console.log(`${tag}: ${(bytes / MiB).toFixed(0)} MiB of random bytes (uncompressed tar layers), built in ${seconds(built)}, pushed by skopeo in ${seconds(pushed)}`);
			subjects.push({label: `${layers} layer${layers === 1 ? '' : 's'}`, image: image!, reference, bytes});
		}

		// Neither side keeps the layout's copy in its way: drop it before timing.
		rmSync(layout, {recursive: true, force: true});
		// Other work on the machine skews every figure below: say how busy it was.
		console.log(`\nload average ${os.loadavg().map(load => load.toFixed(1)).join(' ')} on ${os.availableParallelism()} CPUs`);
		console.log(`pulls from ${registry.url}, median of ${rounds} (each into a fresh DOCKYARD_HOME / OCI dir; skopeo first, then dockyard, in turn):`);
		for (const subject of subjects) {
			const dockyardTimes: number[] = [];
			const skopeoTimes: number[] = [];
			let failure: string | undefined;
			for (let round = 0; round < rounds && !failure; round++) {
				const target = mkdtempSync(path.join(work, 'skopeo-'));
				// eslint-disable-next-line no-await-in-loop
				skopeoTimes.push(await timed('skopeo', ['copy', '--quiet', '--src-tls-verify=false', '--dest-oci-accept-uncompressed-layers', `docker://${subject.reference}`, `oci:${target}:bench`]));
				rmSync(target, {recursive: true, force: true});
				const home = mkdtempSync(path.join(work, 'home-'));
				try {
					// eslint-disable-next-line no-await-in-loop
					dockyardTimes.push(await timed(process.execPath, [cli, 'pull', subject.reference], {...process.env, DOCKYARD_HOME: home, NO_COLOR: '1'}));
				} catch (error) {
					failure = error instanceof Error ? error.message : String(error);
				} finally {
					rmSync(home, {recursive: true, force: true});
				}
			}

			const skopeo = median(skopeoTimes);
			console.log(`  ${subject.label}:`);
			console.log(`    skopeo copy   ${seconds(skopeo).padStart(8)}  ${rate(subject.bytes, skopeo).padStart(10)}`);
			if (failure) {
				console.log(`    dockyard pull failed: ${failure.split('\n')[0]}`);
				continue;
			}

			const dockyard = median(dockyardTimes);
			console.log(`    dockyard pull ${seconds(dockyard).padStart(8)}  ${rate(subject.bytes, dockyard).padStart(10)}   dockyard/skopeo = ${(dockyard / skopeo).toFixed(2)}  (all: dockyard ${dockyardTimes.map(ms => (ms / 1000).toFixed(2)).join(', ')}; skopeo ${skopeoTimes.map(ms => (ms / 1000).toFixed(2)).join(', ')})`);
		}

		await breakdown(registry, subjects, work);
	} finally {
		await registry.stop();
		rmSync(work, {recursive: true, force: true});
	}
}

/** Where a pull's time goes, piece by piece, in this process (no CLI, no store). */
async function breakdown(registry: LocalRegistry, subjects: Subject[], work: string): Promise<void> {
	const subject = subjects[0]!;
	const repository = 'bench/random';
	const bytes = subject.bytes;
	console.log(`\nwhere the time goes (${(bytes / MiB).toFixed(0)} MiB, in this process):`);
	const startup = median(await Promise.all([0, 1, 2].map(async () => timed(process.execPath, [cli, '--help']))));
	console.log('  node dist/cli.js --help (start-up)'.padEnd(48) + seconds(startup).padStart(8));
	const chunk = Buffer.alloc(MiB, 7);
	const hashOnly = await timeIt(async () => {
		const hash = createHash('sha256');
		for (let done = 0; done < bytes; done += MiB) {
			hash.update(chunk);
		}

		hash.digest();
	});
	console.log('  sha256 alone (memory)'.padEnd(48) + `${seconds(hashOnly).padStart(8)}  ${rate(bytes, hashOnly).padStart(10)}`);
	const layer = subject.image.layers[0]!;
	const viaHttp = await timeIt(async () => new Promise<void>((resolve, reject) => {
		// node:http without fetch's web streams: what the registry and loopback give at most to node.
		get(`${registry.url}/v2/${repository}/blobs/${layer.digest}`, {timeout: 300_000}, response => {
			response.on('data', () => {});
			response.once('end', resolve);
			response.once('error', reject);
		}).once('error', reject);
	}));
	console.log('  node:http get, discard (1 layer)'.padEnd(48) + `${seconds(viaHttp).padStart(8)}  ${rate(layer.size, viaHttp).padStart(10)}`);
	if (hasCommand('curl')) {
		const curl = await timed('curl', ['-sf', '-o', '/dev/null', `${registry.url}/v2/${repository}/blobs/${layer.digest}`]);
		console.log('  curl, discard (1 layer)'.padEnd(48) + `${seconds(curl).padStart(8)}  ${rate(layer.size, curl).padStart(10)}`);
	}
	for (const eight of [false, true]) {
		const target = eight ? subjects[1]! : subject;
		const label = eight ? '8 layers, 4 at once' : '1 layer';
		const raw = await timeIt(async () => fetchLayers(registry, repository, target.image, async body => pipeline(body, discard())));
		console.log(`  fetch, discard (${label})`.padEnd(48) + `${seconds(raw).padStart(8)}  ${rate(target.bytes, raw).padStart(10)}`);
		const withHash = await timeIt(async () => fetchLayers(registry, repository, target.image, async (body, digest) => hashed(body, digest)));
		console.log(`  fetch + sha256 (${label})`.padEnd(48) + `${seconds(withHash).padStart(8)}  ${rate(target.bytes, withHash).padStart(10)}`);
		const twice = await timeIt(async () => fetchLayers(registry, repository, target.image, async (body, digest) => {
			// What the store does with a plain tar layer today: the blob's digest and the diff_id, two hashes of the same bytes.
			const second = createHash('sha256');
			body.on('data', (chunk: Buffer) => second.update(chunk));
			await hashed(body, digest);
			second.digest();
		}));
		console.log(`  fetch + sha256 twice (${label})`.padEnd(48) + `${seconds(twice).padStart(8)}  ${rate(target.bytes, twice).padStart(10)}`);
		const directory = mkdtempSync(path.join(work, 'raw-'));
		const withWrite = await timeIt(async () => fetchLayers(registry, repository, target.image, async (body, digest) => hashed(body, digest, createWriteStream(path.join(directory, digest.slice(7))))));
		rmSync(directory, {recursive: true, force: true});
		console.log(`  fetch + sha256 + write (${label})`.padEnd(48) + `${seconds(withWrite).padStart(8)}  ${rate(target.bytes, withWrite).padStart(10)}`);
		const home = mkdtempSync(path.join(work, 'home-'));
		try {
			const inProcess = await timeIt(async () => openStore({home}).pull(target.reference));
			console.log(`  dockyard store.pull, no process start (${label})`.padEnd(48) + `${seconds(inProcess).padStart(8)}  ${rate(target.bytes, inProcess).padStart(10)}`);
		} catch (error) {
			console.log(`  dockyard store.pull failed: ${error instanceof Error ? error.message : String(error)}`);
		} finally {
			rmSync(home, {recursive: true, force: true});
		}
	}
}
