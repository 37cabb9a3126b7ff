/**
 * dockyard against a real registry: Debian's docker-registry on a free
 * 127.0.0.1 port, images built here with umoci (shared base layers, empty
 * history steps, a two-platform index) and pushed with skopeo, then searched,
 * listed, pulled by tag and digest through the real CLI, and checked against
 * what `skopeo inspect` reads from the same registry.
 */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {startLocalRegistry, type LocalRegistry} from '../../source/devtools/local-registry.js';
import {buildImage, buildIndex, describeImage, pushImage, skopeoInspect, type BuiltImage} from '../../source/devtools/oci-images.js';
import {registryHub} from '../../source/core/hub/route.js';
import {parseReference} from '../../source/core/reference.js';
import {readSettings} from '../../source/core/settings.js';
import {dockyard, tempHome, type Run} from '../helpers/cli.js';
import {hasTool} from '../helpers/tools.js';

const why = 'the docker-registry integration tests';
// Every tool is checked (no short-circuit), so each missing one is named.
const present = ['docker-registry', 'skopeo', 'umoci'].map(tool => hasTool(tool, why)).every(Boolean);

type Inspected = {
	Id: string;
	RepoTags: string[];
	RepoDigests: string[];
	Parent: string;
	Architecture: string;
	Os: string;
	RootFS: {Layers: string[]};
	Dockyard: {ManifestDigest: string | null; Layers: Array<{digest: string; diffId: string}>; Source: string; Children: string[]};
};

type SkopeoInspect = {Digest: string; Layers: string[]; Architecture: string; Os: string};

function ok(result: Run): Run {
	if (result.code !== 0) {
		throw new Error(`exit ${result.code}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
	}

	return result;
}

const short = (digest: string) => digest.replace(/^sha256:/, '').slice(0, 12);

describe.runIf(present)('a real docker-registry on loopback', () => {
	let registry: LocalRegistry;
	let work: string;
	let home: string;
	let cleanupHome: () => void;
	let host: string;
	const images: Record<'base' | 'app' | 'tools' | 'amd64' | 'arm64', BuiltImage> = {} as never;
	let indexDigest: string;

	const run = async (...args: string[]) => dockyard(home, args, {timeoutMs: 60_000});
	const inspect = async (target: string, inHome = home): Promise<Inspected> => {
		const [document] = JSON.parse(ok(await dockyard(inHome, ['inspect', target])).stdout) as Inspected[];
		return document!;
	};

	beforeAll(async () => {
		work = mkdtempSync(path.join(os.tmpdir(), 'dockyard-registry-test-'));
		({home, cleanup: cleanupHome} = tempHome());
		registry = await startLocalRegistry();
		host = registry.host;
		const layout = path.join(work, 'layout');
		images.base = await buildImage({layout, tag: 'base', steps: [
			{layer: {'/etc/os-release': 'ID=dockyard\n', '/bin/sh': '#!/bin/true\n'}, createdBy: '/bin/sh -c #(nop) ADD file:rootfs in / '},
			{cmd: ['/bin/sh'], createdBy: '/bin/sh -c #(nop)  CMD ["/bin/sh"]'},
		]});
		images.app = await buildImage({layout, tag: 'app', base: 'base', steps: [
			{layer: {'/app/hello.txt': 'hello from the registry\n'}, createdBy: '/bin/sh -c #(nop) COPY file:hello in /app/ ', comment: 'the app'},
			{env: ['GREETING=hello'], createdBy: '/bin/sh -c #(nop)  ENV GREETING=hello'},
			{cmd: ['cat', '/app/hello.txt'], labels: {'org.example.team': 'seven'}, createdBy: '/bin/sh -c #(nop)  CMD ["cat" "/app/hello.txt"]'},
		]});
		images.tools = await buildImage({layout, tag: 'tools', base: 'base', steps: [
			{layer: {'/usr/bin/tool': '#!/bin/sh\necho tool\n'}, createdBy: '/bin/sh -c #(nop) COPY file:tool in /usr/bin/ '},
		]});
		images.amd64 = await buildImage({layout, tag: 'multi-amd64', platform: {os: 'linux', architecture: 'amd64'}, steps: [
			{layer: {'/etc/arch': 'amd64\n'}, createdBy: 'ADD arch /etc/arch'},
		]});
		images.arm64 = await buildImage({layout, tag: 'multi-arm64', platform: {os: 'linux', architecture: 'arm64', variant: 'v8'}, steps: [
			{layer: {'/etc/arch': 'arm64\n'}, createdBy: 'ADD arch /etc/arch'},
		]});
		indexDigest = buildIndex(layout, 'multi', [
			{tag: 'multi-amd64', platform: {os: 'linux', architecture: 'amd64'}},
			{tag: 'multi-arm64', platform: {os: 'linux', architecture: 'arm64', variant: 'v8'}},
		]).digest;
		// umoci rewrote nothing after these reads; describe again to be sure the digests are the pushed ones.
		expect(describeImage(layout, 'app').manifestDigest).toBe(images.app.manifestDigest);
		await pushImage(layout, 'base', `${host}/team/base:1.0`);
		await pushImage(layout, 'app', `${host}/team/app:1.0`);
		await pushImage(layout, 'app', `${host}/team/app:latest`);
		await pushImage(layout, 'tools', `${host}/team/tools:1.0`);
		await pushImage(layout, 'multi', `${host}/team/multi:1.0`, {all: true});
		await pushImage(layout, 'base', `${host}/other/thing:0.1`);
	});

	afterAll(async () => {
		await registry?.stop();
		cleanupHome?.();
		if (work) {
			rmSync(work, {recursive: true, force: true});
		}
	});

	test('the test images are where skopeo sees them, with the layers umoci made', async () => {
		const app = await skopeoInspect(`${host}/team/app:1.0`) as SkopeoInspect;
		expect(app.Digest).toBe(images.app.manifestDigest);
		expect(app.Layers).toEqual(images.app.layers.map(layer => layer.digest));
		// The child shares the base's layer: that is what makes `Already exists`.
		expect(images.app.layers[0]!.digest).toBe(images.base.layers[0]!.digest);
	});

	test('search walks _catalog and keeps names that contain the term', async () => {
		const result = ok(await run('search', `${host}/team`));
		expect(result.stdout).toMatch(/^NAME\s+DESCRIPTION\s+STARS\s+OFFICIAL\s+AUTOMATED/);
		for (const name of ['team/app', 'team/base', 'team/multi', 'team/tools']) {
			expect(result.stdout).toContain(`${host}/${name}`);
		}

		expect(result.stdout).not.toContain('other/thing');
		const json = JSON.parse(ok(await run('search', '--json', `${host}/thing`)).stdout) as Array<{Name: string}>;
		expect(json.map(row => row.Name)).toEqual([`${host}/other/thing`]);
	});

	test('the tags of a result come from tags/list', async () => {
		const hub = registryHub(host, readSettings(home));
		expect([...await hub.tags(parseReference(`${host}/team/app`))].sort()).toEqual(['1.0', 'latest']);
		expect(await hub.tags(parseReference(`${host}/team/multi`))).toEqual(['1.0']);
	});

	test('pull by tag prints docker\'s lines and matches skopeo\'s digests', async () => {
		const result = ok(await run('pull', `${host}/team/base:1.0`));
		const lines = result.stdout.trim().split('\n');
		// Not on a terminal, every message of the layer as docker's non-terminal display prints them (no bars).
		const layer = short(images.base.layers[0]!.digest);
		expect(lines).toEqual([
			'1.0: Pulling from team/base',
			`${layer}: Pulling fs layer`,
			`${layer}: Verifying Checksum`,
			`${layer}: Download complete`,
			`${layer}: Pull complete`,
			`Digest: ${images.base.manifestDigest}`,
			`Status: Downloaded newer image for ${host}/team/base:1.0`,
			`${host}/team/base:1.0`,
		]);
		const inspected = await inspect(`${host}/team/base:1.0`);
		const skopeo = await skopeoInspect(`${host}/team/base:1.0`) as SkopeoInspect;
		expect(inspected.Id).toBe(images.base.configDigest);
		expect(inspected.RepoDigests).toEqual([`${host}/team/base@${skopeo.Digest}`]);
		expect(inspected.Dockyard.ManifestDigest).toBe(skopeo.Digest);
		expect(inspected.Dockyard.Layers.map(layer => layer.digest)).toEqual(skopeo.Layers);
		expect(inspected.RootFS.Layers).toEqual(images.base.diffIds);
		expect(inspected.Dockyard.Source).toBe(host);
	});

	test('a child image sharing the base\'s layer: Already exists, then up to date', async () => {
		const first = ok(await run('pull', `${host}/team/app:1.0`));
		expect(first.stdout).toContain(`${short(images.base.layers[0]!.digest)}: Already exists`);
		expect(first.stdout).toContain(`${short(images.app.layers[1]!.digest)}: Pull complete`);
		expect(first.stdout).toContain(`Status: Downloaded newer image for ${host}/team/app:1.0`);
		const again = ok(await run('pull', `${host}/team/app:1.0`));
		expect(again.stdout).toContain(`Status: Image is up to date for ${host}/team/app:1.0`);
		expect(again.stdout).not.toContain('Pull complete');
		const app = await inspect(`${host}/team/app:1.0`);
		expect(app.Parent).toBe(images.base.configDigest);
		expect(app.Dockyard.Layers.map(layer => layer.digest)).toEqual((await skopeoInspect(`${host}/team/app:1.0`) as SkopeoInspect).Layers);
	});

	test('pull by digest', async () => {
		const reference = `${host}/team/tools@${images.tools.manifestDigest}`;
		const result = ok(await run('pull', reference));
		expect(result.stdout).toContain(`${images.tools.manifestDigest}: Pulling from team/tools`);
		expect(result.stdout).toContain(`${short(images.base.layers[0]!.digest)}: Already exists`);
		expect(result.stdout).toContain(`Digest: ${images.tools.manifestDigest}`);
		const tools = await inspect(reference);
		expect(tools.Id).toBe(images.tools.configDigest);
		expect(tools.RepoTags).toEqual([]);
		expect(tools.RepoDigests).toEqual([reference]);
		// No tag: docker's default, latest (pushed beside 1.0: the same image, now with both tags).
		const latest = ok(await run('pull', `${host}/team/app`));
		expect(latest.stdout).toMatch(/^Using default tag: latest\nlatest: Pulling from team\/app\n/);
		expect(latest.stdout).not.toContain('Pull complete');
		expect((await inspect(`${host}/team/app:latest`)).RepoTags).toEqual([`${host}/team/app:1.0`, `${host}/team/app:latest`]);
		ok(await run('untag', `${host}/team/app:latest`));
	});

	test('an index resolves to this machine\'s platform, or the one asked for', async () => {
		const raw = await skopeoInspect(`${host}/team/multi:1.0`, {raw: true}) as {manifests: Array<{digest: string; platform: {architecture: string}}>};
		const byArch = Object.fromEntries(raw.manifests.map(entry => [entry.platform.architecture, entry.digest]));
		expect(byArch).toEqual({amd64: images.amd64.manifestDigest, arm64: images.arm64.manifestDigest});
		const {home: otherHome, cleanup} = tempHome();
		try {
			const native = ok(await dockyard(otherHome, ['pull', `${host}/team/multi:1.0`]));
			expect(native.stdout).toContain(`Digest: ${indexDigest}`);
			const nativeArch = process.arch === 'arm64' ? 'arm64' : 'amd64';
			const pulled = await inspect(`${host}/team/multi:1.0`, otherHome);
			expect(pulled.Architecture).toBe(nativeArch);
			expect(pulled.Dockyard.ManifestDigest).toBe(byArch[nativeArch]);
			expect(pulled.RepoDigests).toEqual([`${host}/team/multi@${indexDigest}`]);
			const skopeo = await skopeoInspect(`${host}/team/multi:1.0`, {platform: {os: 'linux', architecture: nativeArch}}) as SkopeoInspect;
			expect(pulled.Dockyard.Layers.map(layer => layer.digest)).toEqual(skopeo.Layers);

			const arm = ok(await dockyard(otherHome, ['pull', '--platform', 'linux/arm64', `${host}/team/multi:1.0`]));
			expect(arm.stdout).toContain(`Digest: ${indexDigest}`);
			// The tag stays on the host's platform (docker 28 tags the index); the arm64 image is held beside it.
			expect((await inspect(`${host}/team/multi:1.0`, otherHome)).Architecture).toBe(nativeArch);
			const armImage = await inspect(images.arm64.configDigest, otherHome);
			expect(armImage.Architecture).toBe('arm64');
			expect(armImage.Id).toBe(images.arm64.configDigest);
			expect(armImage.Dockyard.ManifestDigest).toBe(images.arm64.manifestDigest);
			const armSkopeo = await skopeoInspect(`${host}/team/multi:1.0`, {platform: {os: 'linux', architecture: 'arm64'}}) as SkopeoInspect;
			expect(armSkopeo.Digest).toBe(indexDigest);
			expect(armImage.Dockyard.Layers.map(layer => layer.digest)).toEqual(armSkopeo.Layers);
			expect((await inspect(`${host}/team/multi@${indexDigest}`, otherHome)).Architecture).toBe('arm64');

			// Both images carry the index's repo digest: as docker, it names the one pulled last.
			ok(await dockyard(otherHome, ['pull', `${host}/team/multi:1.0`]));
			expect((await inspect(`${host}/team/multi@${indexDigest}`, otherHome)).Architecture).toBe(nativeArch);

			// The index by its digest: the same choice, no tag (a fresh store: both platforms' images carry that repo digest).
			const third = tempHome();
			try {
				const byDigest = ok(await dockyard(third.home, ['pull', `${host}/team/multi@${indexDigest}`]));
				expect(byDigest.stdout).toContain(`Digest: ${indexDigest}`);
				expect((await inspect(`${host}/team/multi@${indexDigest}`, third.home)).Dockyard.ManifestDigest).toBe(byArch[nativeArch]);
			} finally {
				third.cleanup();
			}

			const missing = await dockyard(otherHome, ['pull', '--platform', 'windows/amd64', `${host}/team/multi:1.0`]);
			expect(missing.code).toBe(1);
			expect(missing.stderr).toMatch(/windows\/amd64/);
			ok(await dockyard(otherHome, ['fsck']));
		} finally {
			cleanup();
		}
	});

	test('history reads the config\'s steps: empty layers at 0B, <missing> below the images in the store', async () => {
		const rows = JSON.parse(ok(await run('history', '--json', '--no-trunc', `${host}/team/app:1.0`)).stdout) as Array<{ID: string; CreatedBy: string; Size: number; Comment: string}>;
		expect(rows.map(row => row.CreatedBy)).toEqual([
			'/bin/sh -c #(nop)  CMD ["cat" "/app/hello.txt"]',
			'/bin/sh -c #(nop)  ENV GREETING=hello',
			'/bin/sh -c #(nop) COPY file:hello in /app/ ',
			'/bin/sh -c #(nop)  CMD ["/bin/sh"]',
			'/bin/sh -c #(nop) ADD file:rootfs in / ',
		]);
		// The app's own top step, the base's top step (its parent in the store), <missing> elsewhere.
		expect(rows.map(row => row.ID)).toEqual([images.app.configDigest, '<missing>', '<missing>', images.base.configDigest, '<missing>']);
		expect(rows.map(row => row.Size > 0)).toEqual([false, false, true, false, true]);
		expect(rows[2]!.Comment).toBe('the app');
		const table = ok(await run('history', `${host}/team/app:1.0`)).stdout;
		expect(table).toMatch(/^IMAGE\s+CREATED\s+CREATED BY\s+SIZE\s+COMMENT/);
		expect(table).toContain('<missing>');
		expect(table).toMatch(/\b0B\b/);
	});

	test('removal rules: a child image and a container each block rmi, whatever -f says', async () => {
		const base = await run('rmi', `${host}/team/base:1.0`);
		expect(base.code).toBe(1);
		expect(base.stderr).toContain(short(images.app.configDigest));
		const container = ok(await run('create', '--name', 'from-registry', `${host}/team/app:1.0`)).stdout.trim();
		expect(container).toMatch(/^[a-f\d]{64}$/);
		for (const flags of [[], ['-f']]) {
			// eslint-disable-next-line no-await-in-loop
			const refused = await run('rmi', ...flags, images.app.configDigest);
			expect(refused.code).toBe(1);
			// docker's words: "image is being used by stopped container <short id>".
			expect(refused.stderr).toContain(`stopped container ${container.slice(0, 12)}`);
		}

		// Untagging one of several tags is always allowed; the image stays.
		ok(await run('tag', `${host}/team/app:1.0`, 'mine:1'));
		expect(ok(await run('rmi', 'mine:1')).stdout).toContain('Untagged: mine:1');
		expect((await inspect(`${host}/team/app:1.0`)).Id).toBe(images.app.configDigest);
	});

	test('commit on top of a pulled image, then a clean fsck', async () => {
		const file = path.join(work, 'note.txt');
		writeFileSync(file, 'added on top of a registry image\n');
		ok(await run('cp', file, 'from-registry:/app/note.txt'));
		ok(await run('commit', '-m', 'a note', 'from-registry', 'team/noted:1'));
		const noted = await inspect('team/noted:1');
		expect(noted.Parent).toBe(images.app.configDigest);
		expect(noted.RootFS.Layers.slice(0, images.app.diffIds.length)).toEqual(images.app.diffIds);
		expect(noted.RootFS.Layers).toHaveLength(images.app.diffIds.length + 1);
		const history = JSON.parse(ok(await run('history', '--json', '--no-trunc', 'team/noted:1')).stdout) as Array<{ID: string; Comment: string}>;
		expect(history[0]!.ID).toBe(noted.Id);
		expect(history[0]!.Comment).toBe('a note');
		expect(history[1]!.ID).toBe(images.app.configDigest);

		expect(ok(await run('fsck')).stdout).toMatch(/ 0 problems, 0 orphans, 0 stray temp files/);
		// The app is now a parent too; once its dependents go, it goes.
		expect((await run('rmi', `${host}/team/app:1.0`)).code).toBe(1);
		ok(await run('rmi', 'team/noted:1'));
		ok(await run('rm', 'from-registry'));
		ok(await run('rmi', `${host}/team/app:1.0`, `${host}/team/tools@${images.tools.manifestDigest}`));
		ok(await run('rmi', `${host}/team/base:1.0`));
		ok(await run('prune'));
		const fsck = ok(await run('fsck'));
		expect(fsck.stdout).toMatch(/ 0 problems, 0 orphans, 0 stray temp files/);
		const images_ = ok(await run('images', '-q')).stdout.trim();
		expect(images_).toBe('');
	});
});
