import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {engineCli, startPodman, type RunningEngine} from '../../source/devtools/engines.js';
import {buildImage, run, type BuiltImage} from '../../source/devtools/oci-images.js';
import {dockyard, tempHome} from '../helpers/cli.js';
import {hasTools} from '../helpers/tools.js';

const present = hasTools(['umoci', 'skopeo', 'podman'], 'the load round trips through skopeo and podman');

type Inspected = {Id: string; RepoTags: string[]; RootFS: {Layers: string[]}; Dockyard: {Layers: Array<{digest: string; diffId: string}>}};

/** Loads an archive into a fresh store and returns what the store says about the image. */
async function loadFresh(archive: string, name: string): Promise<{stdout: string; image: Inspected; fsck: string}> {
	const {home, cleanup} = tempHome();
	try {
		const loaded = await dockyard(home, ['load', '-i', archive]);
		expect(loaded.stderr).toBe('');
		expect(loaded.code).toBe(0);
		const inspected = await dockyard(home, ['inspect', name]);
		expect(inspected.code).toBe(0);
		const fsck = await dockyard(home, ['fsck']);
		expect(fsck.code).toBe(0);
		return {stdout: loaded.stdout, image: (JSON.parse(inspected.stdout) as Inspected[])[0]!, fsck: fsck.stdout};
	} finally {
		cleanup();
	}
}

describe.runIf(present)('load: archives written by skopeo and podman', () => {
	const work = mkdtempSync(path.join(os.tmpdir(), 'dockyard-load-tools-'));
	const layout = path.join(work, 'layout');
	let image: BuiltImage;
	let podman: RunningEngine | undefined;

	beforeAll(async () => {
		await buildImage({layout, tag: 'base', steps: [{layer: {'etc/os-release': 'ID=test\n'}, createdBy: 'ADD base'}]});
		image = await buildImage({layout, tag: 'app', base: 'base', steps: [{layer: {'app/run.sh': 'echo hello\n'}, createdBy: 'COPY run.sh /app/'}, {cmd: ['/app/run.sh'], createdBy: 'CMD ["/app/run.sh"]'}]});
	}, 60_000);
	afterAll(async () => {
		await podman?.stop();
		rmSync(work, {recursive: true, force: true});
	});

	const expectSameImage = (loaded: Inspected) => {
		expect(loaded.Id).toBe(image.configDigest);
		expect(loaded.RootFS.Layers).toEqual(image.diffIds);
		expect(loaded.Dockyard.Layers.map(layer => layer.diffId)).toEqual(image.diffIds);
	};

	test('skopeo docker-archive: loads with its tag, same config and diff_ids', async () => {
		const archive = path.join(work, 'docker.tar');
		await run('skopeo', ['copy', '--quiet', `oci:${layout}:app`, `docker-archive:${archive}:team/app:1.0`]);
		const {stdout, image: loaded, fsck} = await loadFresh(archive, 'team/app:1.0');
		expect(stdout).toBe('Loaded image: team/app:1.0\n');
		expectSameImage(loaded);
		expect(fsck).toContain('0 problems');
	});

	test('skopeo oci-archive: and oci: (a directory) load with the same blob digests', async () => {
		const archive = path.join(work, 'oci.tar');
		await run('skopeo', ['copy', '--quiet', `oci:${layout}:app`, `oci-archive:${archive}:team/app:2.0`]);
		const fromArchive = await loadFresh(archive, 'team/app:2.0');
		expect(fromArchive.stdout).toBe('Loaded image: team/app:2.0\n');
		expectSameImage(fromArchive.image);
		expect(fromArchive.image.Dockyard.Layers.map(layer => layer.digest)).toEqual(image.layers.map(layer => layer.digest));

		const directory = path.join(work, 'copied');
		await run('skopeo', ['copy', '--quiet', `oci:${layout}:app`, `oci:${directory}:team/app:3.0`]);
		const fromDirectory = await loadFresh(directory, 'team/app:3.0');
		expect(fromDirectory.stdout).toBe('Loaded image: team/app:3.0\n');
		expect(fromDirectory.image.Dockyard.Layers.map(layer => layer.digest)).toEqual(image.layers.map(layer => layer.digest));
	});

	test('an OCI layout whose tag names no repository loads untagged, by id', async () => {
		const {home, cleanup} = tempHome();
		try {
			const directory = path.join(work, 'bare');
			await run('skopeo', ['copy', '--quiet', `oci:${layout}:app`, `oci:${directory}:latest`]);
			const loaded = await dockyard(home, ['load', '-i', directory]);
			expect(loaded.stdout).toBe(`Loaded image ID: ${image.configDigest}\n`);
		} finally {
			cleanup();
		}
	});

	test('podman save, docker-archive and oci-archive, loads with the same image id', async () => {
		podman = await startPodman();
		const source = path.join(work, 'for-podman.tar');
		await run('skopeo', ['copy', '--quiet', `oci:${layout}:app`, `docker-archive:${source}:localhost/team/app:4.0`]);
		await engineCli(podman, ['load', '-q', '-i', source]);
		const id = (await engineCli(podman, ['images', '-q', '--no-trunc', 'localhost/team/app:4.0'])).trim();
		for (const format of ['docker-archive', 'oci-archive']) {
			const archive = path.join(work, `podman-${format}.tar`);
			// eslint-disable-next-line no-await-in-loop
			await engineCli(podman, ['save', '--format', format, '-o', archive, 'localhost/team/app:4.0']);
			// eslint-disable-next-line no-await-in-loop
			const {stdout, image: loaded} = await loadFresh(archive, 'localhost/team/app:4.0');
			expect(stdout, format).toBe('Loaded image: localhost/team/app:4.0\n');
			// podman writes docker's config for docker-archive and converts it to OCI's for oci-archive: the id is the archive's own config digest.
			// eslint-disable-next-line no-await-in-loop
			const manifest = JSON.parse(await run('skopeo', ['inspect', '--raw', `${format}:${archive}`])) as {config: {digest: string}};
			expect(loaded.Id, format).toBe(manifest.config.digest);
			if (format === 'docker-archive') {
				expect(loaded.Id).toBe(id);
			}

			expect(loaded.RootFS.Layers, format).toEqual(image.diffIds);
		}
	}, 60_000);
});
