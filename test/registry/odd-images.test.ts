/**
 * Images the world serves that a plain umoci push does not make, against
 * Debian's docker-registry on loopback, with skopeo as the oracle:
 * zstd layers (made by `skopeo copy --dest-compress-format zstd` from an
 * uncompressed docker-archive, content the registry has not seen, since
 * skopeo would reuse a gzip blob), foreign layers fetched from their `urls`
 * (a server in this process), a schema 1 manifest (docker-registry 2.8
 * takes no schema 1 push: a tiny server here serves one), `--platform`
 * aliases against a three-platform index, and the push of a loaded
 * docker-archive's uncompressed layers, gzipped on the way as docker does.
 */
import {createHash, randomBytes} from 'node:crypto';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {startLocalRegistry, type LocalRegistry} from '../../source/devtools/local-registry.js';
import {buildImage, buildIndex, pushImage, readBlob, run as runTool, skopeoInspect, type BuiltImage} from '../../source/devtools/oci-images.js';
import {openStore} from '../../source/core/store/store.js';
import {listLayerFiles} from '../../source/core/store/layer-files.js';
import {dockyard, tempHome, type Run} from '../helpers/cli.js';
import {hasTools} from '../helpers/tools.js';

const present = hasTools(['docker-registry', 'skopeo', 'umoci'], 'the odd-images registry tests');

type Inspected = {Id: string; Architecture: string; RootFS: {Layers: string[]}; Dockyard: {ManifestDigest: string | null; Layers: Array<{digest: string; diffId: string; mediaType: string}>}};
type RawManifest = {mediaType?: string; config: {digest: string}; layers: Array<{mediaType: string; digest: string; size: number; urls?: string[]}>};

function ok(result: Run): Run {
	if (result.code !== 0) {
		throw new Error(`exit ${result.code}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
	}

	return result;
}

const sha256 = (bytes: Uint8Array | string) => 'sha256:' + createHash('sha256').update(bytes).digest('hex');

async function listen(server: Server): Promise<string> {
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function close(server: Server): Promise<void> {
	server.closeAllConnections();
	await new Promise(resolve => {
		server.close(resolve);
	});
}

describe.runIf(present)('odd images from a real docker-registry', () => {
	let registry: LocalRegistry;
	let host: string;
	let work: string;
	let layout: string;
	let home: string;
	let cleanupHome: () => void;
	let zstdImage: BuiltImage;
	let archive: string;
	const platforms: Record<string, BuiltImage> = {};
	const run = async (...args: string[]) => dockyard(home, args, {timeoutMs: 60_000});
	const inspect = async (target: string, inHome = home): Promise<Inspected> => (JSON.parse(ok(await dockyard(inHome, ['inspect', target])).stdout) as Inspected[])[0]!;
	const raw = async (reference: string) => JSON.parse(await runTool('skopeo', ['inspect', '--raw', '--tls-verify=false', `docker://${reference}`])) as RawManifest;

	/** A registry upload: POST for a session, then PUT with the bytes and their digest. */
	const upload = async (repository: string, bytes: Uint8Array): Promise<string> => {
		const digest = sha256(bytes);
		const started = await fetch(`${registry.url}/v2/${repository}/blobs/uploads/`, {method: 'POST'});
		expect(started.status).toBe(202);
		const location = new URL(started.headers.get('location')!, registry.url);
		location.searchParams.set('digest', digest);
		const finished = await fetch(location, {method: 'PUT', body: bytes, headers: {'Content-Type': 'application/octet-stream'}});
		expect(finished.status, await finished.text()).toBe(201);
		return digest;
	};

	const putManifest = async (repository: string, tag: string, manifest: unknown): Promise<void> => {
		const body = JSON.stringify(manifest);
		const response = await fetch(`${registry.url}/v2/${repository}/manifests/${tag}`, {method: 'PUT', body, headers: {'Content-Type': (manifest as {mediaType: string}).mediaType}});
		expect(response.status, await response.text()).toBe(201);
	};

	beforeAll(async () => {
		work = mkdtempSync(path.join(os.tmpdir(), 'dockyard-odd-images-'));
		({home, cleanup: cleanupHome} = tempHome());
		registry = await startLocalRegistry({foreignUrls: ['^http://127\\.0\\.0\\.1:']});
		host = registry.host;
		layout = path.join(work, 'layout');
		// Content no registry has seen (skopeo reuses a gzip blob it finds there instead of compressing with zstd).
		const unique = randomBytes(8).toString('hex');
		zstdImage = await buildImage({layout, tag: 'zstd', steps: [
			{layer: {'/zstd/hello.txt': `hello zstd ${unique}\n`}, createdBy: 'ADD hello.txt /zstd/'},
			{layer: {'/zstd/second.txt': `second ${unique}\n`}, createdBy: 'ADD second.txt /zstd/'},
		]});
		// A docker-archive holds its layers uncompressed: from there skopeo compresses them, with zstd when told.
		archive = path.join(work, 'zstd.tar');
		await runTool('skopeo', ['copy', '--quiet', `oci:${layout}:zstd`, `docker-archive:${archive}:odd/plain:1`]);
		await runTool('skopeo', ['copy', '--quiet', '--dest-tls-verify=false', '--dest-compress-format', 'zstd', `docker-archive:${archive}`, `docker://${host}/odd/zstd:1`]);

		for (const [name, platform] of [['amd64', {os: 'linux', architecture: 'amd64'}], ['arm64', {os: 'linux', architecture: 'arm64', variant: 'v8'}], ['armv7', {os: 'linux', architecture: 'arm', variant: 'v7'}]] as const) {
			// eslint-disable-next-line no-await-in-loop
			platforms[name] = await buildImage({layout, tag: `multi-${name}`, platform, steps: [{layer: {'/etc/arch': `${name}\n`}, createdBy: 'ADD arch /etc/arch'}]});
		}

		buildIndex(layout, 'multi', [
			{tag: 'multi-amd64', platform: {os: 'linux', architecture: 'amd64'}},
			{tag: 'multi-arm64', platform: {os: 'linux', architecture: 'arm64', variant: 'v8'}},
			{tag: 'multi-armv7', platform: {os: 'linux', architecture: 'arm', variant: 'v7'}},
		]);
		await pushImage(layout, 'multi', `${host}/odd/multi:1`, {all: true});
	}, 180_000);

	afterAll(async () => {
		await registry?.stop();
		cleanupHome?.();
		if (work) {
			rmSync(work, {recursive: true, force: true});
		}
	});

	test('zstd layers: pulled and checked against their diff_ids, as skopeo reads them; their files listed; pushed on as zstd', async () => {
		const manifest = await raw(`${host}/odd/zstd:1`);
		expect(manifest.layers.map(layer => layer.mediaType)).toEqual(['application/vnd.oci.image.layer.v1.tar+zstd', 'application/vnd.oci.image.layer.v1.tar+zstd']);
		const skopeo = await skopeoInspect(`${host}/odd/zstd:1`) as {Layers: string[]};
		const config = JSON.parse(await runTool('skopeo', ['inspect', '--config', '--raw', '--tls-verify=false', `docker://${host}/odd/zstd:1`])) as {rootfs: {diff_ids: string[]}};

		const pulled = ok(await run('pull', `${host}/odd/zstd:1`));
		expect(pulled.stderr).toBe('');
		const image = await inspect(`${host}/odd/zstd:1`);
		expect(image.Dockyard.Layers.map(layer => layer.digest)).toEqual(skopeo.Layers);
		expect(image.Id).toBe(manifest.config.digest);
		// The same tar as the umoci image it was made from: the diff_ids did not change with the compression.
		expect(image.RootFS.Layers).toEqual(config.rootfs.diff_ids);
		expect(image.RootFS.Layers).toEqual(zstdImage.diffIds);
		expect(image.Dockyard.Layers.map(layer => layer.mediaType)).toEqual(manifest.layers.map(layer => layer.mediaType));

		const store = openStore({home});
		const stored = store.read().image(`${host}/odd/zstd:1`);
		const files = await listLayerFiles(store.blobs, stored.layers, 0);
		expect(files.entries.map(entry => entry.path)).toContain('zstd/hello.txt');
		expect((await listLayerFiles(store.blobs, stored.layers, 1)).entries.map(entry => entry.path)).toContain('zstd/second.txt');

		ok(await run('tag', `${host}/odd/zstd:1`, `${host}/odd/zstd-again:1`));
		ok(await run('push', `${host}/odd/zstd-again:1`));
		const pushed = await raw(`${host}/odd/zstd-again:1`);
		expect(pushed.mediaType).toBe('application/vnd.oci.image.manifest.v1+json');
		expect(pushed.layers.map(layer => [layer.mediaType, layer.digest])).toEqual(manifest.layers.map(layer => [layer.mediaType, layer.digest]));
		ok(await run('fsck'));
	}, 60_000);

	test('a zstd blob that is not zstd reads as a decompression failure, not as tampering', async () => {
		const garbage = Buffer.from(`not zstd at all ${randomBytes(4).toString('hex')}\n`);
		const configBytes = JSON.stringify({architecture: 'amd64', os: 'linux', rootfs: {type: 'layers', diff_ids: [sha256('whatever')]}});
		const layer = await upload('odd/badzstd', garbage);
		const config = await upload('odd/badzstd', Buffer.from(configBytes));
		await putManifest('odd/badzstd', '1', {
			schemaVersion: 2,
			mediaType: 'application/vnd.oci.image.manifest.v1+json',
			config: {mediaType: 'application/vnd.oci.image.config.v1+json', digest: config, size: configBytes.length},
			layers: [{mediaType: 'application/vnd.oci.image.layer.v1.tar+zstd', digest: layer, size: garbage.length}],
		});
		const {home: fresh, cleanup} = tempHome();
		try {
			const failed = await dockyard(fresh, ['pull', `${host}/odd/badzstd:1`]);
			expect(failed.code).toBe(1);
			expect(failed.stderr.trim().split('\n')).toHaveLength(1);
			expect(failed.stderr).toContain(`layer ${layer} from ${host} (application/vnd.oci.image.layer.v1.tar+zstd) cannot be decompressed: it is not valid zstd`);
			expect(failed.stderr).not.toContain('diff_id');
		} finally {
			cleanup();
		}
	});

	test('a foreign layer comes from its urls, checked by digest; none reachable is one line', async () => {
		const base = platforms['amd64']!;
		const manifest = JSON.parse(readBlob(layout, base.manifestDigest).toString('utf8')) as RawManifest;
		const layerBytes = readBlob(layout, manifest.layers[0]!.digest);
		const configBytes = readBlob(layout, manifest.config.digest);
		let served = 0;
		const server = createServer((request, response) => {
			if (request.url === '/layers/base.tar.gz') {
				served++;
				response.writeHead(200, {'Content-Length': layerBytes.length});
				response.end(layerBytes);
				return;
			}

			if (request.url === '/layers/wrong.tar.gz') {
				const wrong = Buffer.from(layerBytes);
				wrong[wrong.length - 1]! ^= 1;
				response.writeHead(200, {'Content-Length': wrong.length});
				response.end(wrong);
				return;
			}

			response.writeHead(404).end();
		});
		const origin = await listen(server);
		const {home: fresh, cleanup} = tempHome();
		try {
			// The config is in the registry; the layer is only at the urls (docker's foreign layer type, as Windows base images have).
			await upload('odd/foreign', configBytes);
			const foreign = (urls: string[]) => ({
				schemaVersion: 2,
				mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
				config: {mediaType: 'application/vnd.docker.container.image.v1+json', digest: manifest.config.digest, size: configBytes.length},
				layers: [{mediaType: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip', digest: manifest.layers[0]!.digest, size: layerBytes.length, urls}],
			});
			await putManifest('odd/foreign', '1', foreign([`http://${origin}/missing.tar.gz`, `http://${origin}/layers/base.tar.gz`]));
			await putManifest('odd/foreign', 'gone', foreign([`http://${origin}/missing.tar.gz`]));
			await putManifest('odd/foreign', 'wrong', foreign([`http://${origin}/layers/wrong.tar.gz`]));

			ok(await dockyard(fresh, ['pull', `${host}/odd/foreign:1`]));
			expect(served).toBe(1);
			const image = await inspect(`${host}/odd/foreign:1`, fresh);
			expect(image.Id).toBe(base.configDigest);
			expect(image.RootFS.Layers).toEqual(base.diffIds);
			// Pushed on, it goes as an ordinary layer (the store keeps no urls, and a registry wants them with the foreign type).
			ok(await dockyard(fresh, ['tag', `${host}/odd/foreign:1`, `${host}/odd/foreign-copy:1`]));
			ok(await dockyard(fresh, ['push', `${host}/odd/foreign-copy:1`]));
			expect((await raw(`${host}/odd/foreign-copy:1`)).layers.map(layer => [layer.mediaType, layer.digest])).toEqual([['application/vnd.docker.image.rootfs.diff.tar.gzip', manifest.layers[0]!.digest]]);

			const other = tempHome();
			try {
				const gone = await dockyard(other.home, ['pull', `${host}/odd/foreign:gone`]);
				expect(gone.code).toBe(1);
				expect(gone.stderr.trim().split('\n')).toHaveLength(1);
				expect(gone.stderr).toContain(`is a foreign layer (application/vnd.docker.image.rootfs.foreign.diff.tar.gzip) and none of its 1 URLs could be fetched: ${origin} answered 404`);
				const wrong = await dockyard(other.home, ['pull', `${host}/odd/foreign:wrong`]);
				expect(wrong.code).toBe(1);
				expect(wrong.stderr.trim().split('\n')).toHaveLength(1);
				expect(wrong.stderr).toContain('does not match its digest');
				expect(JSON.parse(ok(await dockyard(other.home, ['images', '--format', 'json'])).stdout || '[]')).toEqual([]);
			} finally {
				other.cleanup();
			}
		} finally {
			cleanup();
			await close(server);
		}
	}, 60_000);

	test('a schema 1 manifest is refused in one plain line, before any digest check', async () => {
		// Signed schema 1 as old registries serve it: the digest of the body is not the one asked for (the signature is not hashed).
		const body = JSON.stringify({
			schemaVersion: 1,
			name: 'old/thing',
			tag: '1',
			architecture: 'amd64',
			fsLayers: [{blobSum: 'sha256:a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4'}],
			history: [{v1Compatibility: '{"id":"e45a5af57b00862e5ef5782a9925979a02ba2b12dff832fd0991335f4a11e5c5","architecture":"amd64","os":"linux"}'}],
			signatures: [{header: {jwk: {crv: 'P-256', kid: 'XXXX:XXXX', kty: 'EC', x: 'x', y: 'y'}, alg: 'ES256'}, signature: 'c2lnbmF0dXJl', protected: 'cHJvdGVjdGVk'}],
		}, null, 3);
		const types: Record<string, string> = {signed: 'application/vnd.docker.distribution.manifest.v1+prettyjws', plain: 'application/vnd.docker.distribution.manifest.v1+json', json: 'application/json'};
		const server = createServer((request, response) => {
			const asked = /^\/v2\/old\/thing\/manifests\/([^/]+)$/.exec(request.url ?? '');
			if (request.url === '/v2/') {
				response.writeHead(200, {'Content-Type': 'application/json'}).end('{}');
			} else if (asked) {
				response.writeHead(200, {'Content-Type': types[asked[1]!] ?? types['signed']!, 'Docker-Content-Digest': 'sha256:' + '5'.repeat(64)}).end(body);
			} else {
				response.writeHead(404, {'Content-Type': 'application/json'}).end('{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}');
			}
		});
		const origin = await listen(server);
		const {home: fresh, cleanup} = tempHome();
		try {
			for (const tag of Object.keys(types)) {
				// eslint-disable-next-line no-await-in-loop
				const refused = await dockyard(fresh, ['pull', `${origin}/old/thing:${tag}`]);
				expect(refused.code).toBe(1);
				expect(refused.stderr.trim()).toBe(`Error: the manifest of ${origin}/old/thing:${tag} from ${origin} is a Docker schema 1 manifest, which is not supported (as in docker 20.10 and later); push the image again with a current docker, podman or skopeo`);
			}

			const byDigest = await dockyard(fresh, ['pull', `${origin}/old/thing@sha256:${'6'.repeat(64)}`]);
			expect(byDigest.stderr).not.toContain('does not match');
			expect(byDigest.stderr).toContain('schema 1');
		} finally {
			cleanup();
			await close(server);
		}
	}, 30_000);

	test('--platform aliases pick the image skopeo picks for the canonical platform', async () => {
		const cases: Array<[string, {os: string; architecture: string}, string]> = [
			['arm64', {os: 'linux', architecture: 'arm64'}, 'arm64'],
			['linux/aarch64', {os: 'linux', architecture: 'arm64'}, 'arm64'],
			['linux/x86_64', {os: 'linux', architecture: 'amd64'}, 'amd64'],
			['LINUX/AMD64', {os: 'linux', architecture: 'amd64'}, 'amd64'],
			['linux/armhf', {os: 'linux', architecture: 'arm'}, 'armv7'],
		];
		for (const [alias, canonical, name] of cases) {
			const {home: fresh, cleanup} = tempHome();
			try {
				// eslint-disable-next-line no-await-in-loop
				ok(await dockyard(fresh, ['pull', '--platform', alias, `${host}/odd/multi:1`]));
				// eslint-disable-next-line no-await-in-loop
				const image = await inspect(`${host}/odd/multi:1`, fresh);
				// eslint-disable-next-line no-await-in-loop
				const skopeo = await skopeoInspect(`${host}/odd/multi:1`, {platform: canonical}) as {Layers: string[]};
				expect(image.Dockyard.Layers.map(layer => layer.digest), alias).toEqual(skopeo.Layers);
				expect(image.Dockyard.ManifestDigest, alias).toBe(platforms[name]!.manifestDigest);
			} finally {
				cleanup();
			}
		}

		const {home: fresh, cleanup} = tempHome();
		try {
			const nonsense = await dockyard(fresh, ['pull', '--platform', 'linux/amd64/v2/x', `${host}/odd/multi:1`]);
			expect(nonsense.code).not.toBe(0);
			expect(nonsense.stderr.trim().split('\n')[0]).toBe('Error: invalid platform linux/amd64/v2/x: not os/arch[/variant]; use os/arch[/variant], e.g. linux/amd64');
		} finally {
			cleanup();
		}
	}, 90_000);

	test('images --digests of an image pulled through an index shows the index digest, as docker does', async () => {
		const index = await raw(`${host}/odd/multi:1`) as unknown as {manifests: unknown[]};
		expect(index.manifests).toHaveLength(3);
		const indexDigest = sha256(await runTool('skopeo', ['inspect', '--raw', '--tls-verify=false', `docker://${host}/odd/multi:1`]));
		const {home: fresh, cleanup} = tempHome();
		try {
			ok(await dockyard(fresh, ['pull', '--platform', 'linux/arm64', `${host}/odd/multi:1`]));
			const listed = ok(await dockyard(fresh, ['images', '--digests', '--format', '{{.Repository}}:{{.Tag}} {{.Digest}}'])).stdout.trim();
			expect(listed).toBe(`${host}/odd/multi:1 ${indexDigest}`);
		} finally {
			cleanup();
		}
	});

	test('push gzips the uncompressed layers of a loaded docker-archive; skopeo copies the result', async () => {
		const {home: fresh, cleanup} = tempHome();
		try {
			ok(await dockyard(fresh, ['load', '-i', archive]));
			const loaded = await inspect('odd/plain:1', fresh);
			expect(loaded.Dockyard.Layers.map(layer => layer.digest)).toEqual(zstdImage.diffIds);
			ok(await dockyard(fresh, ['tag', 'odd/plain:1', `${host}/odd/gzipped:1`]));
			ok(await dockyard(fresh, ['push', `${host}/odd/gzipped:1`]));
			const manifest = await raw(`${host}/odd/gzipped:1`);
			expect(manifest.layers.map(layer => layer.mediaType)).toEqual(['application/vnd.oci.image.layer.v1.tar+gzip', 'application/vnd.oci.image.layer.v1.tar+gzip']);
			for (const layer of manifest.layers) {
				expect(zstdImage.diffIds).not.toContain(layer.digest);
			}

			expect(manifest.config.digest).toBe(loaded.Id);
			// skopeo checks every blob against its digest as it copies.
			await runTool('skopeo', ['copy', '--quiet', '--src-tls-verify=false', `docker://${host}/odd/gzipped:1`, `dir:${path.join(work, 'gzipped')}`]);
			const config = JSON.parse(await runTool('skopeo', ['inspect', '--config', '--raw', '--tls-verify=false', `docker://${host}/odd/gzipped:1`])) as {rootfs: {diff_ids: string[]}};
			expect(config.rootfs.diff_ids).toEqual(zstdImage.diffIds);
			// A fresh pull gunzips each layer back to its diff_id.
			const other = tempHome();
			try {
				ok(await dockyard(other.home, ['pull', `${host}/odd/gzipped:1`]));
				expect((await inspect(`${host}/odd/gzipped:1`, other.home)).Id).toBe(loaded.Id);
			} finally {
				other.cleanup();
			}
		} finally {
			cleanup();
		}
	}, 60_000);
});
