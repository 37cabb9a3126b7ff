/**
 * Platforms of an index in the store, against a real docker-registry on
 * 127.0.0.1 holding a three-platform index built with umoci and pushed with
 * skopeo: `images --tree` in docker 28's bytes (its format read from
 * docker/cli's tree.go; dockerd 20.10 has no containerd store, so docker's
 * CLI cannot print the same tree here), with the digests and sizes worked
 * out from what skopeo reads of the registry; `pull --platform` adding a
 * platform beside the one held; and `rmi`, `save` and `history` acting on
 * one platform with `--platform`.
 */
import {execFileSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {startLocalRegistry, type LocalRegistry} from '../../source/devtools/local-registry.js';
import {buildImage, buildIndex, pushImage, readBlob, run as runTool, skopeoInspect} from '../../source/devtools/oci-images.js';
import {goHumanSize} from '../../source/core/go-units.js';
import {currentPlatform} from '../../source/core/hub/registry/platform.js';
import {cliPath, dockyard, tempHome, type Run} from '../helpers/cli.js';
import {hasTool} from '../helpers/tools.js';

const why = 'the platform tests';
const present = ['docker-registry', 'skopeo', 'umoci'].map(tool => hasTool(tool, why)).every(Boolean);

type RawIndex = {manifests: Array<{digest: string; size: number; platform: {os: string; architecture: string; variant?: string}}>};
type RawManifest = {config: {size: number}; layers: Array<{digest: string; size: number}>};

function ok(result: Run): Run {
	if (result.code !== 0) {
		throw new Error(`exit ${result.code}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
	}

	return result;
}

const platforms = {
	amd64: {os: 'linux', architecture: 'amd64'},
	arm64: {os: 'linux', architecture: 'arm64', variant: 'v8'},
	s390x: {os: 'linux', architecture: 's390x'},
} as const;

// The host pulls its own platform first; the test needs it to be one of the index's.
const host = currentPlatform().architecture;
const supported = host === 'amd64' || host === 'arm64';
const other = host === 'amd64' ? 'arm64' : 'amd64';

describe.runIf(present && supported)('the platforms of an index', () => {
	let registry: LocalRegistry;
	let work: string;
	let layout: string;
	let home: string;
	let cleanupHome: () => void;
	let name: string;
	let index: RawIndex;
	const manifests: Record<string, RawManifest> = {};

	const run = async (...args: string[]) => dockyard(home, args, {timeoutMs: 60_000});

	/** docker's tree line: name column, then ID, disk usage, content size and in use, three spaces apart. */
	const line = (first: string, width: number, id: string, disk: number, content: number, inUse = false) =>
		`${first.padEnd(width)}   ${id.slice(7, 19)}   ${goHumanSize(disk).padStart(10)}   ${goHumanSize(content).padStart(12)}   ${inUse ? '  ✔   ' : '      '}`;

	/** The regular files' sizes in a gzip'd layer, as `tar -tvzf` lists them. */
function filesSize(blob: string): number {
	return execFileSync('tar', ['-tvzf', blob], {encoding: 'utf8'}).split('\n')
		.filter(line => line.startsWith('-'))
		.reduce((total, line) => total + Number(line.split(/\s+/)[2]), 0);
}

/** What the containerd store counts for a held platform, from the registry's manifests and the layers' unpacked sizes. */
	const sizes = (arch: string) => {
		const entry = index.manifests.find(manifest => manifest.platform.architecture === arch)!;
		const manifest = manifests[arch]!;
		const content = entry.size + manifest.config.size + manifest.layers.reduce((total, layer) => total + layer.size, 0);
		// A layer's files as GNU tar lists them (docker's SIZE counts the files, not the tar).
		const unpacked = manifest.layers.reduce((total, layer) => total + filesSize(path.join(layout, 'blobs', 'sha256', layer.digest.slice(7))), 0);
		return {content, disk: content + unpacked, digest: entry.digest};
	};

	const tree = (held: string[]) => {
		const width = Math.max(name.length + ':1'.length, ...index.manifests.map(manifest => Buffer.byteLength(`└─ ${[manifest.platform.os, manifest.platform.architecture, manifest.platform.variant].filter(Boolean).join('/')}`)));
		const rows = index.manifests.map((manifest, position) => {
			const arch = manifest.platform.architecture;
			const shown = [manifest.platform.os, arch, manifest.platform.variant].filter(Boolean).join('/');
			const branch = position === index.manifests.length - 1 ? '└─ ' : '├─ ';
			const {content, disk} = held.includes(arch) ? sizes(arch) : {content: 0, disk: 0};
			return line(branch + shown, width, manifest.digest, disk, content);
		});
		const totals = held.map(arch => sizes(arch)).reduce((sum, next) => ({content: sum.content + next.content, disk: sum.disk + next.disk}), {content: 0, disk: 0});
		return [
			'WARNING: This is an experimental feature. The output may change and shouldn\'t be depended on.',
			'',
			`${'IMAGE'.padEnd(width)}   ID             DISK USAGE   CONTENT SIZE   IN USE`,
			line(`${name}:1`, width, indexDigest(), totals.disk, totals.content),
			...rows,
			'',
			'',
		].join('\n');
	};

	let indexDigestValue = '';
	const indexDigest = () => indexDigestValue;

	beforeAll(async () => {
		work = mkdtempSync(path.join(os.tmpdir(), 'dockyard-platforms-test-'));
		({home, cleanup: cleanupHome} = tempHome());
		registry = await startLocalRegistry();
		name = `${registry.host}/ns/multi`;
		layout = path.join(work, 'layout');
		for (const [arch, platform] of Object.entries(platforms)) {
			// eslint-disable-next-line no-await-in-loop
			await buildImage({layout, tag: `multi-${arch}`, platform, steps: [
				{layer: {'/etc/arch': `${arch}\n`}, createdBy: `ADD ${arch} /etc/arch`},
			]});
		}

		buildIndex(layout, 'multi', Object.entries(platforms).map(([arch, platform]) => ({tag: `multi-${arch}`, platform})));
		await pushImage(layout, 'multi', `${name}:1`, {all: true});
		// skopeo is the oracle for the index and each platform's manifest.
		index = await skopeoInspect(`${name}:1`, {raw: true}) as RawIndex;
		// Without --raw, skopeo names the digest of what the tag points to: the index.
		indexDigestValue = (await skopeoInspect(`${name}:1`) as {Digest: string}).Digest;
		for (const manifest of index.manifests) {
			// eslint-disable-next-line no-await-in-loop
			manifests[manifest.platform.architecture] = await skopeoInspect(`${name}@${manifest.digest}`, {raw: true}) as RawManifest;
		}
	}, 120_000);

	afterAll(async () => {
		await registry?.stop();
		cleanupHome?.();
		if (work) {
			rmSync(work, {recursive: true, force: true});
		}
	});

	test('a pull remembers the index it came through: its digest and every platform, as skopeo reads them', async () => {
		ok(await run('pull', `${name}:1`));
		const digest = indexDigest();
		const stored = JSON.parse(readFileSync(path.join(home, 'index.json'), 'utf8')) as {images: Record<string, {index?: {digest: string; manifests: unknown[]}}>};
		const [record] = Object.values(stored.images);
		expect(record!.index).toEqual({digest, manifests: index.manifests.map(({digest, size, platform}) => ({digest, size, platform}))});
	});

	test('images --tree prints docker 28\'s tree: the platform held and the ones not held, with content and disk size', async () => {
		expect(ok(await run('images', '--tree')).stdout).toBe(tree([host]));
		// The list's filters hold: a pattern that names it, and one that does not.
		expect(ok(await run('images', '--tree', `${name}:1`)).stdout).toBe(tree([host]));
		expect(ok(await run('images', '--tree', '-f', 'dangling=true')).stdout).not.toContain(name);
	});

	test.runIf(hasTool('script', 'the terminal colour test'))('on a terminal the platforms not held are faint; NO_COLOR leaves the colour out', async () => {
		// script(1) gives the CLI a terminal: docker colours only there.
		const onTerminal = async (environment: NodeJS.ProcessEnv) => runTool('script', ['-qec', `${process.execPath} ${cliPath} images --tree`, '/dev/null'], {env: environment});
		const {NO_COLOR: _, ...withoutNoColor} = process.env;
		const coloured = await onTerminal({...withoutNoColor, DOCKYARD_HOME: home, COLUMNS: '120'});
		expect(coloured).toContain(`\u001B[39;2m└─ linux/s390x\u001B[0m`);
		const plain = await onTerminal({...withoutNoColor, DOCKYARD_HOME: home, NO_COLOR: '1'});
		expect(plain).toContain('└─ linux/s390x');
		expect(plain).not.toContain('\u001B[');
	});

	test('pull --platform of another platform of the index adds it: both held, the tag stays on the host\'s, one row in images', async () => {
		// --explain teaches the pull of one platform as docker types it, and writes nothing.
		const explained = ok(await run('pull', '--platform', `linux/${other}`, `${name}:1`, '--explain'));
		expect(explained.stdout + explained.stderr).toContain(`docker pull --platform linux/${other} ${name}:1`);
		ok(await run('pull', '--platform', `linux/${other}`, `${name}:1`));
		expect(ok(await run('images', '--tree')).stdout).toBe(tree([host, other]));
		const tagged = (JSON.parse(ok(await run('inspect', `${name}:1`)).stdout) as Array<{Architecture: string}>)[0]!;
		expect(tagged.Architecture).toBe(host);
		expect(ok(await run('images', '--format', '{{.Repository}}:{{.Tag}}')).stdout.trim().split('\n')).toEqual([`${name}:1`]);
		// Held beside a tagged platform, it is not dangling: prune keeps it.
		ok(await run('prune'));
		expect(ok(await run('images', '--tree')).stdout).toBe(tree([host, other]));
	});

	test('a tag on another platform moves to the host\'s when the host\'s is pulled, as run would take it from docker\'s index', async () => {
		const fresh = tempHome();
		try {
			const inFresh = async (...args: string[]) => ok(await dockyard(fresh.home, args, {timeoutMs: 60_000}));
			await inFresh('pull', '--platform', `linux/${other}`, `${name}:1`);
			expect((await inFresh('inspect', '--format', '{{.Architecture}}', `${name}:1`)).stdout.trim()).toBe(other);
			await inFresh('pull', `${name}:1`);
			expect((await inFresh('inspect', '--format', '{{.Architecture}}', `${name}:1`)).stdout.trim()).toBe(host);
			// Pulled again: nothing new, and the tag is where it is.
			expect((await inFresh('pull', '--platform', `linux/${other}`, `${name}:1`)).stdout).toContain(`Status: Image is up to date for ${name}:1`);
			expect((await inFresh('inspect', '--format', '{{.Architecture}}', `${name}:1`)).stdout.trim()).toBe(host);
		} finally {
			fresh.cleanup();
		}
	});

	test('rmi NAME takes every platform of the index held, as docker 28 deletes the index; a container on any of them refuses it, naming it', async () => {
		const fresh = tempHome();
		try {
			const inFresh = async (...args: string[]) => dockyard(fresh.home, args, {timeoutMs: 60_000});
			ok(await inFresh('pull', `${name}:1`));
			ok(await inFresh('pull', '--platform', `linux/${other}`, `${name}:1`));
			const ids = ok(await inFresh('images', '-a', '-q', '--no-trunc')).stdout.trim().split('\n').sort();
			expect(ids).toHaveLength(2);
			const inspected = JSON.parse(ok(await inFresh('inspect', ...ids)).stdout) as Array<{Id: string; Architecture: string}>;
			const otherId = inspected.find(image => image.Architecture === other)!.Id;
			const container = ok(await inFresh('create', '--name', 'on-other', otherId)).stdout.trim();
			const refused = await inFresh('rmi', `${name}:1`);
			expect(refused.code).toBe(1);
			expect(refused.stderr).toContain(`image is being used by stopped container ${container.slice(0, 12)}`);
			expect(ok(await inFresh('images', '-a', '-q', '--no-trunc')).stdout.trim().split('\n').sort()).toEqual(ids);
			ok(await inFresh('rm', 'on-other'));

			const removed = ok(await inFresh('rmi', `${name}:1`)).stdout.trim().split('\n');
			expect(removed[0]).toBe(`Untagged: ${name}:1`);
			expect(removed.filter(line => line.startsWith('Deleted: ')).map(line => line.slice('Deleted: '.length)).sort()).toEqual(ids);
			// Nothing left behind as <none>.
			expect(ok(await inFresh('images', '-a', '-q')).stdout).toBe('');
		} finally {
			fresh.cleanup();
		}
	});

	test('history --platform shows that platform\'s history; a platform not held is docker\'s refusal', async () => {
		expect(ok(await run('history', '--platform', `linux/${other}`, '--format', '{{.CreatedBy}}', `${name}:1`)).stdout).toBe(`ADD ${other} /etc/arch\n`);
		expect(ok(await run('history', '--format', '{{.CreatedBy}}', `${name}:1`)).stdout).toBe(`ADD ${host} /etc/arch\n`);
		const refused = await run('history', '--platform', 'linux/s390x', `${name}:1`);
		expect(refused.code).not.toBe(0);
		expect(refused.stderr.trim()).toBe(`Error: image with reference ${name}:1 was found but does not provide the specified platform (linux/s390x)`);
	});

	test('save --platform writes only that platform, under the name', async () => {
		const archive = path.join(work, 'other.tar');
		// --explain writes nothing; its teaching line is docker's command with its --platform.
		const explained = ok(await run('save', '--platform', `linux/${other}`, '-o', archive, `${name}:1`, '--explain'));
		expect(explained.stdout + explained.stderr).toContain(`docker save --platform linux/${other} -o ${archive} ${name}:1`);
		ok(await run('save', '--platform', `linux/${other}`, '-o', archive, `${name}:1`));
		const inspected = JSON.parse(await runTool('skopeo', ['inspect', `docker-archive:${archive}`])) as {Architecture: string};
		expect(inspected.Architecture).toBe(other);
		const manifest = JSON.parse(await runTool('tar', ['-xOf', archive, 'manifest.json'])) as Array<{RepoTags: string[]}>;
		expect(manifest.map(entry => entry.RepoTags)).toEqual([[`${name}:1`]]);
	});

	test('rmi --platform refuses while a container uses that platform\'s image, then removes that platform only', async () => {
		const images = JSON.parse(readFileSync(path.join(home, 'index.json'), 'utf8')) as {images: Record<string, {architecture: string}>};
		const otherImage = Object.values(images.images).find(image => image.architecture === other) as unknown as {id: string};
		const container = ok(await run('create', '--name', 'on-other', otherImage.id)).stdout.trim();
		const refused = await run('rmi', '--platform', `linux/${other}`, `${name}:1`);
		expect(refused.code).toBe(1);
		expect(refused.stderr).toContain(`image is being used by stopped container ${container.slice(0, 12)}`);
		ok(await run('rm', 'on-other'));

		const removed = ok(await run('rmi', '--platform', `linux/${other}`, `${name}:1`));
		// docker 28 names the platform's manifest it deleted (moby's deleteImagePlatformByImageID).
		expect(removed.stdout).toBe(`Deleted: ${sizes(other).digest}\n`);
		expect(ok(await run('journal', '--format', 'sh')).stdout).toContain(`docker rmi --platform linux/${other} ${name}:1`);
		expect(ok(await run('images', '--tree')).stdout).toBe(tree([host]));
		// The tag is where it was.
		expect(ok(await run('inspect', '--format', '{{.Architecture}}', `${name}:1`)).stdout.trim()).toBe(host);
	});

	test('an index written before images remembered their index still reads, each image its own entry', async () => {
		const file = path.join(home, 'index.json');
		const data = JSON.parse(readFileSync(file, 'utf8')) as {images: Record<string, Record<string, unknown>>};
		for (const image of Object.values(data.images)) {
			delete image['index'];
			delete image['configSize'];
		}

		writeFileSync(file, JSON.stringify(data));
		const listed = ok(await run('images', '--tree')).stdout.split('\n');
		expect(listed[3]).toMatch(new RegExp(`^${name.replaceAll('.', String.raw`\.`)}:1 `));
		expect(listed[4]).toMatch(new RegExp(`^└─ linux/${host} `));
	});

	test('--tree refuses the flags docker 28 refuses beside it', async () => {
		const refused = await run('images', '--tree', '--quiet');
		expect(refused.code).not.toBe(0);
		expect(refused.stderr.trim()).toBe('Error: --quiet is not yet supported with --tree');
	});
});
