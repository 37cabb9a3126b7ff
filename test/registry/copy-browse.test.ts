/**
 * Issue 24 on the command line, against real parts: two docker-registry
 * instances (one with htpasswd, behind a proxy that counts blob uploads), a
 * 4-platform index built with umoci and pushed with skopeo; skopeo as the
 * oracle for digests and tags, podman for `search --list-tags`'s bytes.
 */
import {execFileSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {engineCli, startPodman} from '../../source/devtools/engines.js';
import {startLocalRegistry, type LocalRegistry} from '../../source/devtools/local-registry.js';
import {buildImage, buildIndex, pushImage, run} from '../../source/devtools/oci-images.js';
import {browserFor} from '../../source/core/hub/registry/browse.js';
import {parseReference} from '../../source/core/reference.js';
import {dockyard, tempHome} from '../helpers/cli.js';
import {hasTools} from '../helpers/tools.js';

const ready = hasTools(['docker-registry', 'skopeo', 'umoci', 'htpasswd'], 'registry copy, list-tags and outdated');
const user = {user: 'student', password: 'c0rrect horse'};
const platforms = [
	{os: 'linux', architecture: 'amd64'},
	{os: 'linux', architecture: 'arm64', variant: 'v8'},
	{os: 'linux', architecture: 'arm', variant: 'v7'},
	{os: 'linux', architecture: 's390x'},
];

type Counted = {host: string; uploads: string[]; manifestReads: string[]; close: () => Promise<void>};

/** A reverse proxy in front of `target` that records each finished blob upload (the PUT with `digest=`) and each PATCH. */
async function countingProxy(target: URL): Promise<Counted> {
	const uploads: string[] = [];
	const manifestReads: string[] = [];
	const server = http.createServer((request, response) => {
		const url = new URL(request.url ?? '/', 'http://x');
		if (request.method === 'PATCH' && url.pathname.includes('/blobs/uploads/')) {
			uploads.push(`PATCH ${url.pathname}`);
		}

		if (url.pathname.includes('/manifests/') && (request.method === 'GET' || request.method === 'HEAD')) {
			manifestReads.push(`${request.method} ${url.pathname}`);
		}

		if (request.method === 'PUT' && url.pathname.includes('/blobs/uploads/')) {
			uploads.push(url.searchParams.get('digest') ?? 'PUT without digest');
		}

		const forward = http.request({host: target.hostname, port: target.port, method: request.method, path: request.url, headers: request.headers}, answer => {
			response.writeHead(answer.statusCode ?? 502, answer.headers);
			answer.pipe(response);
		});
		forward.on('error', () => response.destroy());
		request.pipe(forward);
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	return {host: `127.0.0.1:${port}`, uploads, manifestReads, close: async () => new Promise<void>(resolve => {
		server.closeAllConnections();
		server.close(() => resolve());
	})};
}

function sha256(bytes: string | Buffer): string {
	return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

async function rawDigest(reference: string, creds?: string): Promise<string> {
	const raw = await run('skopeo', ['inspect', '--raw', '--tls-verify=false', ...(creds ? ['--creds', creds] : []), `docker://${reference}`]);
	return sha256(raw);
}

describe.runIf(ready)('copy, search --list-tags and outdated against docker-registry', () => {
	let plain: LocalRegistry;
	let locked: LocalRegistry;
	let proxy: Counted;
	let work: string;
	let layout: string;
	let home: ReturnType<typeof tempHome>;
	let env: NodeJS.ProcessEnv;
	const blobs = new Set<string>();

	beforeAll(async () => {
		[plain, locked] = await Promise.all([startLocalRegistry(), startLocalRegistry({htpasswd: user})]);
		proxy = await countingProxy(new URL(locked.url));
		work = mkdtempSync(path.join(os.tmpdir(), 'dockyard-copy-'));
		layout = path.join(work, 'layout');
		// One shared base layer under four platform layers: a copy that moves a blob twice would show here.
		await buildImage({layout, tag: 'base', steps: [{layer: {'/etc/shared': 'shared by every platform\n'}, createdBy: 'ADD shared /etc/shared'}]});
		for (const platform of platforms) {
			const name = `p-${platform.architecture}`;
			// eslint-disable-next-line no-await-in-loop
			await buildImage({layout, tag: name, base: 'base', steps: [{layer: {'/etc/arch': `${platform.architecture}\n`}, createdBy: `ADD arch /etc/arch`}, {labels: {'org.example.arch': platform.architecture}, createdBy: 'LABEL'}]});
		}

		buildIndex(layout, 'multi', platforms.map(platform => ({tag: `p-${platform.architecture}`, platform})));
		await pushImage(layout, 'multi', `${plain.host}/src/multi:1`, {all: true});
		await pushImage(layout, 'p-amd64', `${plain.host}/src/multi:single`);
		for (const tag of ['2.0', 'latest', 'a-very-long-tag-name-here']) {
			// eslint-disable-next-line no-await-in-loop
			await run('skopeo', ['copy', '--quiet', '--src-tls-verify=false', '--dest-tls-verify=false', `docker://${plain.host}/src/multi:single`, `docker://${plain.host}/src/multi:${tag}`]);
		}

		const index = JSON.parse(readFileSync(path.join(layout, 'index.json'), 'utf8')) as {manifests: Array<{digest: string; annotations?: Record<string, string>}>};
		const top = index.manifests.find(entry => entry.annotations?.['org.opencontainers.image.ref.name'] === 'multi')!;
		const read = (digest: string) => JSON.parse(readFileSync(path.join(layout, 'blobs', 'sha256', digest.slice(7)), 'utf8')) as {manifests?: Array<{digest: string}>; config?: {digest: string}; layers?: Array<{digest: string}>};
		for (const entry of read(top.digest).manifests!) {
			const manifest = read(entry.digest);
			for (const blob of [manifest.config!, ...manifest.layers!]) {
				blobs.add(blob.digest);
			}
		}

		home = tempHome();
		const dockerConfig = path.join(work, 'docker-config');
		mkdirSync(dockerConfig);
		const auth = Buffer.from(`${user.user}:${user.password}`).toString('base64');
		writeFileSync(path.join(dockerConfig, 'config.json'), JSON.stringify({auths: {[proxy.host]: {auth}, [locked.host]: {auth}}}));
		env = {DOCKER_CONFIG: dockerConfig, HOME: work, XDG_RUNTIME_DIR: path.join(work, 'run'), XDG_CONFIG_HOME: path.join(work, 'config'), REGISTRY_AUTH_FILE: path.join(work, 'auth.json')};
	}, 240_000);

	afterAll(async () => {
		await proxy?.close();
		await Promise.all([plain, locked].filter(Boolean).map(async registry => registry.stop()));
		home?.cleanup();
		if (work) {
			rmSync(work, {recursive: true, force: true});
		}
	});

	test('copy --all registry → registry (htpasswd): skopeo\'s digests, every blob moved once, none the second time', async () => {
		const source = `${plain.host}/src/multi:1`;
		const result = await dockyard(home.home, ['copy', '--all', `docker://${source}`, `docker://${proxy.host}/dst/multi:1`], {env, timeoutMs: 60_000});
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
		const expected = await rawDigest(source);
		expect(result.stdout.trim().split('\n').at(-1)).toBe(expected);

		// skopeo copies the same source beside it: the same index digest, and each platform's manifest the same.
		await run('skopeo', ['copy', '--quiet', '--all', '--src-tls-verify=false', '--dest-tls-verify=false', '--dest-creds', `${user.user}:${user.password}`, `docker://${source}`, `docker://${locked.host}/by-skopeo/multi:1`]);
		const creds = `${user.user}:${user.password}`;
		expect(await rawDigest(`${locked.host}/by-skopeo/multi:1`, creds)).toBe(expected);
		expect(await rawDigest(`${locked.host}/dst/multi:1`, creds)).toBe(expected);
		for (const platform of platforms) {
			// eslint-disable-next-line no-await-in-loop
			const ours = JSON.parse(await run('skopeo', ['inspect', '--tls-verify=false', '--creds', creds, '--override-arch', platform.architecture, ...(platform.variant ? ['--override-variant', platform.variant] : []), `docker://${locked.host}/dst/multi:1`])) as {Digest: string; Labels: Record<string, string>};
			expect(ours.Labels['org.example.arch']).toBe(platform.architecture);
		}

		// Every blob of the four platforms went up once: the shared base layer too.
		expect(proxy.uploads.filter(upload => upload.startsWith('PATCH') || upload.startsWith('PUT without'))).toEqual([]);
		expect([...proxy.uploads].sort()).toEqual([...blobs].sort());

		proxy.uploads.length = 0;
		const again = await dockyard(home.home, ['copy', '--all', `docker://${source}`, `docker://${proxy.host}/dst/multi:again`], {env, timeoutMs: 60_000});
		expect(again.code).toBe(0);
		expect(proxy.uploads).toEqual([]);
		expect(again.stdout).toContain('skipped: already exists');
	}, 120_000);

	test('copy within one registry mounts from the other repository; without --all, the host\'s platform', async () => {
		const result = await dockyard(home.home, ['copy', `docker://${plain.host}/src/multi:1`, `docker://${plain.host}/mounted/multi:1`], {env, timeoutMs: 60_000});
		expect(result.code).toBe(0);
		expect(result.stdout).toContain(' mounted');
		expect(result.stdout).not.toContain(' done');
		// The index entry of this machine's platform, as skopeo reads the index.
		const index = JSON.parse(await run('skopeo', ['inspect', '--raw', '--tls-verify=false', `docker://${plain.host}/src/multi:1`])) as {manifests: Array<{digest: string; platform: {architecture: string}}>};
		const architecture = process.arch === 'x64' ? 'amd64' : process.arch;
		const host = index.manifests.find(entry => entry.platform.architecture === architecture)!.digest;
		expect(result.stdout.trim().split('\n').at(-1)).toBe(host);
		expect(await rawDigest(`${plain.host}/mounted/multi:1`)).toBe(host);
	}, 60_000);

	test('copy to and from an OCI layout, as skopeo reads it; a corrupt blob stops the copy in one line', async () => {
		const directory = path.join(work, 'copied-layout');
		const out = await dockyard(home.home, ['copy', '--all', `docker://${plain.host}/src/multi:1`, `oci:${directory}:v1`], {env, timeoutMs: 60_000});
		expect(out.code).toBe(0);
		expect(sha256(await run('skopeo', ['inspect', '--raw', `oci:${directory}:v1`]))).toBe(await rawDigest(`${plain.host}/src/multi:1`));

		const back = await dockyard(home.home, ['copy', '--all', `oci:${directory}:v1`, `docker://${plain.host}/back/multi:1`], {env, timeoutMs: 60_000});
		expect(back.code).toBe(0);
		expect(await rawDigest(`${plain.host}/back/multi:1`)).toBe(await rawDigest(`${plain.host}/src/multi:1`));

		// One layer's bytes changed in the layout: the copy refuses it, and the destination gets no manifest.
		const amd64 = JSON.parse(await run('skopeo', ['inspect', '--raw', `oci:${layout}:p-amd64`])) as {layers: Array<{digest: string}>};
		const corrupt = path.join(work, 'corrupt');
		execFileSync('cp', ['-r', layout, corrupt]);
		const layer = path.join(corrupt, 'blobs', 'sha256', amd64.layers.at(-1)!.digest.slice(7));
		const bytes = readFileSync(layer);
		bytes[bytes.length - 1] ^= 0xff;
		writeFileSync(layer, bytes);
		const bad = await dockyard(home.home, ['copy', `oci:${corrupt}:p-amd64`, `docker://${plain.host}/corrupt/x:1`], {env, timeoutMs: 60_000});
		expect(bad.code).toBe(1);
		expect(bad.stderr.trim().split('\n')).toHaveLength(1);
		expect(bad.stderr).toMatch(/does not match its digest/);
		const tags = await dockyard(home.home, ['search', '--list-tags', `${plain.host}/corrupt/x`], {env});
		expect(tags.code).toBe(1);

		// Other bad inputs: one line each, exit 1.
		for (const [source, message] of [[`docker://${plain.host}/src/none:1`, /manifest for .* not found/], [`docker-archive:${work}/missing.tar`, /missing\.tar/], [`docker-daemon:x:1`, /needs an engine/], [`oci:${work}/nowhere:x`, /is not an OCI layout/]] as const) {
			// eslint-disable-next-line no-await-in-loop
			const failed = await dockyard(home.home, ['copy', source, `oci:${work}/unused:x`], {env});
			expect([failed.code, failed.stderr.trim().split('\n').length]).toEqual([1, 1]);
			expect(failed.stderr).toMatch(message);
		}
	}, 120_000);

	test('search --list-tags prints podman\'s bytes, and skopeo list-tags\'s tags', async () => {
		const listed = JSON.parse(await run('skopeo', ['list-tags', '--tls-verify=false', `docker://${plain.host}/src/multi`])) as {Tags: string[]};
		const ours = await dockyard(home.home, ['search', '--list-tags', `${plain.host}/src/multi`], {env});
		expect(ours.code).toBe(0);
		expect(ours.stdout.trim().split('\n').slice(1).map(line => line.split(/\s+/)[1])).toEqual(listed.Tags);
		const json = await dockyard(home.home, ['search', '--list-tags', '--json', `${plain.host}/src/multi`], {env});
		expect(JSON.parse(json.stdout)).toEqual([{Name: `${plain.host}/src/multi`, Tags: listed.Tags}]);
		const limited = await dockyard(home.home, ['search', '--list-tags', '--limit', '2', `${plain.host}/src/multi`], {env});
		expect(limited.stdout.trim().split('\n')).toHaveLength(3);

		if (!hasTools(['podman'], 'podman search --list-tags beside dockyard\'s')) {
			return;
		}

		const podmanDir = path.join(work, 'podman');
		mkdirSync(podmanDir, {recursive: true});
		const conf = path.join(podmanDir, 'registries.conf');
		writeFileSync(conf, `[[registry]]\nlocation = "${plain.host}"\ninsecure = true\n`);
		const podman = (args: string[]) => execFileSync('podman', ['--root', path.join(podmanDir, 'root'), '--runroot', path.join(podmanDir, 'runroot'), '--storage-driver', 'vfs', 'search', '--list-tags', '--tls-verify=false', ...args], {encoding: 'utf8', env: {...process.env, CONTAINERS_REGISTRIES_CONF: conf}, timeout: 60_000});
		for (const args of [[], ['--limit', '2'], ['--limit', '0'], ['--limit', '101'], ['--limit', '-1']]) {
			// eslint-disable-next-line no-await-in-loop
			const mine = await dockyard(home.home, ['search', '--list-tags', ...args, `${plain.host}/src/multi`], {env});
			expect(mine.stdout).toBe(podman([...args, `${plain.host}/src/multi`]));
		}

		for (const format of ['json', '{{.Name}}:{{.Tag}}', '{{.Tag}}']) {
			// eslint-disable-next-line no-await-in-loop
			expect((await dockyard(home.home, ['search', '--list-tags', '--format', format, `${plain.host}/src/multi`], {env})).stdout, format).toBe(podman(['--format', format, `${plain.host}/src/multi`]));
		}

		expect((await dockyard(home.home, ['search', '--list-tags', '--json', `${plain.host}/src/multi`], {env})).stdout).toBe(podman(['--format', 'json', `${plain.host}/src/multi`]));
	}, 120_000);

	test('search HOST/ lists the catalog, through the htpasswd registry\'s credentials', async () => {
		const result = await dockyard(home.home, ['search', `${proxy.host}/`], {env});
		expect(result.code).toBe(0);
		expect(result.stdout).toContain(`${proxy.host}/dst/multi`);
	});

	test('outdated: HEAD only, the changed tag outdated (exit 1), the unchanged one current, a tag with no repo digest unknown', async () => {
		const own = tempHome();
		try {
			const creds = `${user.user}:${user.password}`;
			const copyTo = async (tag: string, to: string) => run('skopeo', ['copy', '--quiet', '--preserve-digests', '--dest-tls-verify=false', '--dest-creds', creds, `oci:${layout}:${tag}`, `docker://${locked.host}/watch/app:${to}`]);
			await copyTo('p-amd64', 'stays');
			await copyTo('p-amd64', 'moves');
			// An index pulled for one platform: its repo digest is the index's, which HEAD answers.
			await run('skopeo', ['copy', '--quiet', '--all', '--preserve-digests', '--dest-tls-verify=false', '--dest-creds', creds, `oci:${layout}:multi`, `docker://${locked.host}/watch/multi:1`]);
			expect((await dockyard(own.home, ['pull', `${proxy.host}/watch/multi:1`], {env, timeoutMs: 60_000})).code).toBe(0);
			for (const tag of ['stays', 'moves']) {
				// eslint-disable-next-line no-await-in-loop
				const pulled = await dockyard(own.home, ['pull', `${proxy.host}/watch/app:${tag}`], {env, timeoutMs: 60_000});
				expect(pulled.stderr).toBe('');
			}

			expect((await dockyard(own.home, ['tag', `${proxy.host}/watch/app:stays`, `${proxy.host}/watch/mine:1`], {env})).code).toBe(0);
			// The offline hub's images are its own: never outdated, never asked about.
			expect((await dockyard(own.home, ['os', 'install', 'nanoserver'], {env})).code).toBe(0);
			const before = await dockyard(own.home, ['outdated'], {env});
			expect(before.stdout.split('\n').filter(line => line.includes(' outdated '))).toEqual([]);

			await copyTo('p-s390x', 'moves');
			const newer = await rawDigest(`${locked.host}/watch/app:moves`, creds);
			proxy.manifestReads.length = 0;
			const result = await dockyard(own.home, ['outdated', '--json', '--no-trunc'], {env});
			expect(result.code).toBe(1);
			expect(proxy.manifestReads.filter(read => read.startsWith('GET') && !read.includes('/manifests/sha256:'))).toEqual([]);
			const rows = JSON.parse(result.stdout) as Array<{Image: string; Status: string; RemoteDigest: string | null; RemoteCreated: string | null}>;
			expect(Object.fromEntries(rows.map(row => [row.Image, row.Status]))).toEqual({[`${proxy.host}/watch/app:moves`]: 'outdated', [`${proxy.host}/watch/mine:1`]: 'unknown'});
			const moved = rows.find(row => row.Status === 'outdated')!;
			expect(moved.RemoteDigest).toBe(newer);
			expect(moved.RemoteCreated).toBe('2024-01-02T03:04:05Z');

			const text = await dockyard(own.home, ['outdated'], {env});
			expect(text.code).toBe(1);
			expect(text.stdout.split('\n')[0]).toMatch(/^IMAGE +STATUS +LOCAL +CREATED +REMOTE +CREATED$/);
			expect(text.stdout).toContain(newer.slice(7, 19));
		} finally {
			own.cleanup();
		}
	}, 120_000);

	test('the browser module: catalog and tag pages, and a tag\'s digest, platforms, size, created time and labels as skopeo sees them', async () => {
		for (const name of ['page/a', 'page/b']) {
			// eslint-disable-next-line no-await-in-loop
			await run('skopeo', ['copy', '--quiet', '--src-tls-verify=false', '--dest-tls-verify=false', `docker://${plain.host}/src/multi:single`, `docker://${plain.host}/${name}:1`]);
		}

		const browser = browserFor(plain.host, [], env);
		const catalog = await browser.all(async next => browser.catalogPage(next));
		expect(catalog).toContain('src/multi');
		// Pages of one name: each page's Link leads to the next, and the walk ends with the last.
		const onePage = await browser.catalogPage(undefined, undefined, 1);
		expect(onePage.items).toHaveLength(1);
		expect(onePage.next).toMatch(/^\/v2\/_catalog\?/);
		expect(await browser.all(async next => browser.catalogPage(next, undefined, 1))).toEqual(catalog);
		expect(await browser.all(async next => browser.catalogPage(next, undefined, 1), 2)).toEqual(catalog.slice(0, 2));
		const reference = parseReference(`${plain.host}/src/multi:1`);
		const tags = await browser.all(async next => browser.tagsPage(reference, next));
		expect(tags).toEqual((JSON.parse(await run('skopeo', ['list-tags', '--tls-verify=false', `docker://${plain.host}/src/multi`])) as {Tags: string[]}).Tags);
		const details = await browser.details(reference);
		expect(details.digest).toBe(await rawDigest(`${plain.host}/src/multi:1`));
		expect(details.platforms.map(platform => platform.platform?.architecture)).toEqual(platforms.map(platform => platform.architecture));
		for (const platform of details.platforms) {
			// eslint-disable-next-line no-await-in-loop
			const seen = JSON.parse(await run('skopeo', ['inspect', '--tls-verify=false', `docker://${plain.host}/src/multi@${platform.digest}`])) as {Created: string; Labels: Record<string, string>};
			// eslint-disable-next-line no-await-in-loop
			const raw = JSON.parse(await run('skopeo', ['inspect', '--raw', '--tls-verify=false', `docker://${plain.host}/src/multi@${platform.digest}`])) as {config: {size: number}; layers: Array<{size: number}>};
			expect(platform.labels).toEqual(seen.Labels);
			expect(Date.parse(platform.created!)).toBe(Date.parse(seen.Created));
			expect(platform.compressedSize).toBe(raw.layers.reduce((sum, layer) => sum + layer.size, raw.config.size));
		}

		// Asked again, the very same page: from the cache, not the registry.
		const cachedBrowser = browserFor(plain.host, [], env);
		const first = await cachedBrowser.tagsPage(reference);
		await expect(cachedBrowser.tagsPage(reference)).resolves.toBe(first);
	});

	test('archives, the store and an engine as copy places: skopeo reads what dockyard writes and the other way round', async () => {
		const source = `${plain.host}/src/multi:1`;
		const index = await rawDigest(source);
		// oci-archive: --all keeps the index's digest; skopeo's own oci-archive copies back to the same digest.
		const ours = path.join(work, 'ours-oci.tar');
		expect((await dockyard(home.home, ['copy', '--all', `docker://${source}`, `oci-archive:${ours}:v1`], {env, timeoutMs: 60_000})).code).toBe(0);
		expect(sha256(await run('skopeo', ['inspect', '--raw', `oci-archive:${ours}:v1`]))).toBe(index);
		const theirs = path.join(work, 'skopeo-oci.tar');
		await run('skopeo', ['copy', '--quiet', '--all', '--src-tls-verify=false', `docker://${source}`, `oci-archive:${theirs}:v1`]);
		expect((await dockyard(home.home, ['copy', '--all', `oci-archive:${theirs}:v1`, `docker://${plain.host}/from-oci-archive/multi:1`], {env, timeoutMs: 60_000})).code).toBe(0);
		expect(await rawDigest(`${plain.host}/from-oci-archive/multi:1`)).toBe(index);

		// docker-archive as skopeo writes it (legacy layer.tar links included): the same config, read by skopeo from the registry.
		const dockerArchive = path.join(work, 'skopeo-docker.tar');
		await run('skopeo', ['copy', '--quiet', '--src-tls-verify=false', `docker://${plain.host}/src/multi:single`, `docker-archive:${dockerArchive}:team/app:1`]);
		const fromArchive = await dockyard(home.home, ['copy', `docker-archive:${dockerArchive}`, `docker://${plain.host}/from-docker-archive/app:1`], {env, timeoutMs: 60_000});
		expect(fromArchive.stderr).toBe('');
		const config = (reference: string) => run('skopeo', ['inspect', '--config', '--raw', '--tls-verify=false', `docker://${reference}`]);
		expect(await config(`${plain.host}/from-docker-archive/app:1`)).toBe(await config(`${plain.host}/src/multi:single`));

		// The store: in from the registry, listed, and out again as an archive skopeo reads with the same config.
		const own = tempHome();
		try {
			const into = await dockyard(own.home, ['copy', `docker://${plain.host}/src/multi:single`, `dockyard:${plain.host}/kept/app:1`], {env, timeoutMs: 60_000});
			expect(into.stderr).toBe('');
			expect((await dockyard(own.home, ['images', '--format', '{{.Repository}}:{{.Tag}}'], {env})).stdout).toBe(`${plain.host}/kept/app:1\n`);
			const out = path.join(work, 'from-store.tar');
			expect((await dockyard(own.home, ['copy', `dockyard:${plain.host}/kept/app:1`, `oci-archive:${out}:kept`], {env, timeoutMs: 60_000})).code).toBe(0);
			expect(await run('skopeo', ['inspect', '--config', '--raw', `oci-archive:${out}:kept`])).toBe(await config(`${plain.host}/src/multi:single`));
		} finally {
			own.cleanup();
		}

		if (!hasTools(['podman'], 'docker-daemon: against podman\'s service')) {
			return;
		}

		const podman = await startPodman();
		try {
			const engineEnv = {...env, DOCKER_HOST: podman.host};
			const loaded = await dockyard(home.home, ['copy', `docker://${plain.host}/src/multi:single`, 'docker-daemon:localhost/copied/app:1'], {env: engineEnv, timeoutMs: 120_000});
			expect(loaded.stderr).toBe('');
			expect((await engineCli(podman, ['images', '--format', '{{.Repository}}:{{.Tag}}'])).trim()).toBe('localhost/copied/app:1');
			const layoutOut = path.join(work, 'from-engine');
			const saved = await dockyard(home.home, ['copy', 'docker-daemon:localhost/copied/app:1', `oci:${layoutOut}:back`], {env: engineEnv, timeoutMs: 120_000});
			expect(saved.stderr).toBe('');
			expect(JSON.parse(await run('skopeo', ['inspect', '--config', '--raw', `oci:${layoutOut}:back`])).rootfs).toEqual(JSON.parse(await config(`${plain.host}/src/multi:single`)).rootfs);
		} finally {
			await podman.stop();
		}
	}, 240_000);
});
