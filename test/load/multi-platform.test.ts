/**
 * `load` of archives the world makes with skopeo: a multi-platform OCI
 * archive (`skopeo copy --all … oci-archive:`) keeps one platform — the
 * host's, or `--platform` — as `podman load` does (podman, rootless-free on
 * its own temp root, is the oracle for the image id), and says which it
 * took; `docker load` through `dockyard serve` does the same, since it is
 * the same load. And an OCI archive whose layers are zstd loads, with the
 * ids skopeo reads.
 */
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {buildImage, buildIndex, run as runTool, type BuiltImage} from '../../source/devtools/oci-images.js';
import {currentPlatform} from '../../source/core/hub/registry/platform.js';
import {dockyard, tempHome, type Run} from '../helpers/cli.js';
import {hasTool, hasTools} from '../helpers/tools.js';
import {dockerEnvironment, runProcess, startServe} from '../serve/serve-helpers.js';

const present = hasTools(['skopeo', 'umoci'], 'the multi-platform and zstd load tests');

type Inspected = {Id: string; Architecture: string; RepoTags: string[]; RootFS: {Layers: string[]}; Dockyard: {Layers: Array<{mediaType: string}>}};

function ok(result: Run): Run {
	if (result.code !== 0) {
		throw new Error(`exit ${result.code}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
	}

	return result;
}

describe.runIf(present)('load of multi-platform and zstd archives', () => {
	let work: string;
	let multi: string;
	let zstd: string;
	const images: Record<string, BuiltImage> = {};
	const host = currentPlatform();
	const hostName = host.architecture === 'arm64' ? 'arm64' : 'amd64';
	const inspect = async (home: string, target: string): Promise<Inspected> => (JSON.parse(ok(await dockyard(home, ['inspect', target])).stdout) as Inspected[])[0]!;

	beforeAll(async () => {
		work = mkdtempSync(path.join(os.tmpdir(), 'dockyard-load-multi-'));
		const layout = path.join(work, 'layout');
		const platforms = {amd64: {os: 'linux', architecture: 'amd64'}, arm64: {os: 'linux', architecture: 'arm64', variant: 'v8'}, s390x: {os: 'linux', architecture: 's390x'}};
		for (const [name, platform] of Object.entries(platforms)) {
			// eslint-disable-next-line no-await-in-loop
			images[name] = await buildImage({layout, tag: `multi-${name}`, platform, steps: [{layer: {'/etc/arch': `${name}\n`}, createdBy: 'ADD arch /etc/arch'}]});
		}

		buildIndex(layout, 'multi', Object.entries(platforms).map(([name, platform]) => ({tag: `multi-${name}`, platform})));
		multi = path.join(work, 'multi.tar');
		await runTool('skopeo', ['copy', '--quiet', '--all', `oci:${layout}:multi`, `oci-archive:${multi}:ns/multi:1`]);

		// zstd from an uncompressed source: a docker-archive's layers.
		await buildImage({layout, tag: 'plain', steps: [{layer: {'/z/hello.txt': 'hello zstd\n'}, createdBy: 'ADD hello.txt /z/'}]});
		const plain = path.join(work, 'plain.tar');
		await runTool('skopeo', ['copy', '--quiet', `oci:${layout}:plain`, `docker-archive:${plain}:ns/plain:1`]);
		zstd = path.join(work, 'zstd.tar');
		await runTool('skopeo', ['copy', '--quiet', '--dest-compress-format', 'zstd', `docker-archive:${plain}`, `oci-archive:${zstd}:ns/zstd:1`]);
	}, 120_000);

	afterAll(() => {
		if (work) {
			rmSync(work, {recursive: true, force: true});
		}
	});

	test('the host\'s platform is kept, and said; --platform takes another; one that is not there is one line', async () => {
		const {home, cleanup} = tempHome();
		try {
			const loaded = ok(await dockyard(home, ['load', '-i', multi]));
			const others = ['linux/amd64', 'linux/arm64/v8', 'linux/s390x'].filter(platform => !platform.startsWith(`linux/${hostName}`));
			const hostShown = hostName === 'arm64' ? 'linux/arm64/v8' : 'linux/amd64';
			expect(loaded.stdout.trim().split('\n')).toEqual([
				`Loading ${hostShown} from the multi-platform index of ns/multi:1 (also has ${others.join(', ')})`,
				'Loaded image: ns/multi:1',
			]);
			const listed = ok(await dockyard(home, ['images', '-q', '--no-trunc'])).stdout.trim().split('\n');
			expect(listed).toEqual([images[hostName]!.configDigest]);
			expect((await inspect(home, 'ns/multi:1')).Architecture).toBe(hostName);

			const arm = ok(await dockyard(home, ['load', '--platform', 'linux/aarch64', '-i', multi]));
			expect(arm.stdout).toContain('Loading linux/arm64/v8 from the multi-platform index of ns/multi:1');
			expect((await inspect(home, 'ns/multi:1')).Id).toBe(images['arm64']!.configDigest);

			const missing = await dockyard(home, ['load', '--platform', 'linux/ppc64le', '-i', multi]);
			expect(missing.code).toBe(1);
			expect(missing.stderr.trim()).toBe(`Error: ${multi} has no image for linux/ppc64le in the multi-platform index of ns/multi:1 (it has linux/amd64, linux/arm64/v8, linux/s390x)`);
		} finally {
			cleanup();
		}
	}, 60_000);

	test.runIf(hasTool('podman', 'the podman load comparison'))('podman load keeps the same image', async () => {
		const root = mkdtempSync(path.join(os.tmpdir(), 'dockyard-podman-load-'));
		const {home, cleanup} = tempHome();
		try {
			const podman = ['--root', path.join(root, 'root'), '--runroot', path.join(root, 'run'), '--storage-driver', 'vfs'];
			await runTool('podman', [...podman, 'load', '-q', '-i', multi]);
			const podmanIds = (await runTool('podman', [...podman, 'images', '-q', '--no-trunc'])).trim().split('\n');
			ok(await dockyard(home, ['load', '-i', multi]));
			expect(ok(await dockyard(home, ['images', '-q', '--no-trunc'])).stdout.trim().split('\n')).toEqual(podmanIds);
		} finally {
			cleanup();
			rmSync(root, {recursive: true, force: true});
		}
	}, 60_000);

	test.runIf(hasTool('docker', 'docker load through dockyard serve'))('docker load through dockyard serve keeps the host\'s platform too', async () => {
		const {home, cleanup} = tempHome();
		const docker = dockerEnvironment();
		const socket = path.join(home, 'd.sock');
		const served = await startServe(home, ['--socket', socket]);
		try {
			const loaded = await runProcess('docker', ['-H', `unix://${socket}`, 'load', '-i', multi], docker.env);
			expect(loaded.code, loaded.stderr).toBe(0);
			expect(loaded.stdout).toContain('Loaded image: ns/multi:1');
			expect(loaded.stdout).toContain(`Loading linux/${hostName}`);
			const ids = await runProcess('docker', ['-H', `unix://${socket}`, 'images', '-q', '--no-trunc'], docker.env);
			expect(ids.stdout.trim().split('\n')).toEqual([images[hostName]!.configDigest]);
		} finally {
			await served.stop();
			docker.cleanup();
			cleanup();
		}
	}, 60_000);

	test('an OCI archive with zstd layers loads, with the ids skopeo reads', async () => {
		const {home, cleanup} = tempHome();
		try {
			const manifest = JSON.parse(await runTool('skopeo', ['inspect', '--raw', `oci-archive:${zstd}`])) as {config: {digest: string}; layers: Array<{mediaType: string}>};
			expect(manifest.layers.map(layer => layer.mediaType)).toEqual(['application/vnd.oci.image.layer.v1.tar+zstd']);
			const config = JSON.parse(await runTool('skopeo', ['inspect', '--config', '--raw', `oci-archive:${zstd}`])) as {rootfs: {diff_ids: string[]}};
			expect(ok(await dockyard(home, ['load', '-i', zstd])).stdout.trim()).toBe('Loaded image: ns/zstd:1');
			const image = await inspect(home, 'ns/zstd:1');
			expect(image.Id).toBe(manifest.config.digest);
			expect(image.RootFS.Layers).toEqual(config.rootfs.diff_ids);
			expect(image.Dockyard.Layers.map(layer => layer.mediaType)).toEqual(['application/vnd.oci.image.layer.v1.tar+zstd']);
			// Saved again, the zstd layer keeps its media type, and skopeo reads the archive.
			const saved = path.join(work, 'saved-zstd.tar');
			ok(await dockyard(home, ['save', '-o', saved, 'ns/zstd:1']));
			const again = JSON.parse(await runTool('skopeo', ['inspect', '--raw', `oci-archive:${saved}`])) as {layers: Array<{mediaType: string}>};
			expect(again.layers.map(layer => layer.mediaType)).toEqual(['application/vnd.oci.image.layer.v1.tar+zstd']);
		} finally {
			cleanup();
		}
	}, 60_000);
});
