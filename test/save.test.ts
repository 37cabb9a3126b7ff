import {execFileSync, spawnSync} from 'node:child_process';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import tar from 'tar-stream';
import {closeSync, createReadStream, openSync, readFileSync} from 'node:fs';
import {runCommand} from '../source/commands/run.js';
import {cliPath, dockyard, tempHome} from './helpers/cli.js';
import {hasTool} from './helpers/tools.js';

async function entries(file: string): Promise<Map<string, Buffer>> {
	const files = new Map<string, Buffer>();
	const extract = tar.extract();
	extract.on('entry', (header, stream, next) => {
		const chunks: Buffer[] = [];
		stream.on('data', (chunk: unknown) => {
			chunks.push(chunk as Buffer);
		});
		stream.on('end', () => {
			files.set(header.name, Buffer.concat(chunks));
			next();
		});
	});
	await new Promise<void>((resolve, reject) => {
		extract.on('finish', () => {
			resolve();
		});
		extract.on('error', reject);
		createReadStream(file).pipe(extract);
	});
	return files;
}

describe('save: an archive docker, podman and skopeo can read', () => {
	const {home, cleanup} = tempHome();
	const archive = path.join(home, 'core.tar');
	beforeAll(async () => {
		expect((await dockyard(home, ['os', 'install', 'windowsservercore'])).code).toBe(0);
		expect((await dockyard(home, ['pull', 'microsoft/iis'])).code).toBe(0);
	});
	afterAll(cleanup);

	test('save writes an OCI layout and a docker manifest.json whose digests are the pulled ones', async () => {
		const result = await dockyard(home, ['save', '-o', archive, 'microsoft/iis', 'windowsservercore']);
		expect(result.code).toBe(0);
		const files = await entries(archive);
		expect(JSON.parse(files.get('oci-layout')!.toString())).toEqual({imageLayoutVersion: '1.0.0'});
		const index = JSON.parse(files.get('index.json')!.toString()) as {manifests: Array<{digest: string; annotations: Record<string, string>}>};
		const pulled = JSON.parse((await dockyard(home, ['inspect', 'microsoft/iis'])).stdout) as Array<{RepoDigests: string[]}>;
		const iis = index.manifests.find(manifest => manifest.annotations['io.containerd.image.name'] === 'docker.io/microsoft/iis:latest')!;
		expect(pulled[0]!.RepoDigests[0]).toBe(`docker.io/microsoft/iis@${iis.digest}`);
		const docker = JSON.parse(files.get('manifest.json')!.toString()) as Array<{RepoTags: string[]; Layers: string[]}>;
		expect(docker.map(entry => entry.RepoTags)).toEqual([['microsoft/iis:latest'], ['windowsservercore:10.0.10586.0', 'windowsservercore:latest']]);
		for (const layer of docker.flatMap(entry => entry.Layers)) {
			expect(files.has(layer)).toBe(true);
		}
	});

	test('save without -o streams the same archive to stdout when it is not a terminal', async () => {
		const file = path.join(home, 'to-file.tar');
		const piped = path.join(home, 'piped.tar');
		expect((await dockyard(home, ['save', '-o', file, 'microsoft/iis'])).code).toBe(0);
		const output = openSync(piped, 'w');
		try {
			const result = spawnSync(process.execPath, [cliPath, 'save', 'microsoft/iis'], {env: {...process.env, DOCKYARD_HOME: home}, stdio: ['ignore', output, 'pipe'], timeout: 60_000});
			expect(result.status, String(result.stderr)).toBe(0);
		} finally {
			closeSync(output);
		}

		expect(readFileSync(piped).equals(readFileSync(file))).toBe(true);
	});

	test('save without -o onto a terminal is refused in docker\'s words, before any backend is opened', async () => {
		const wasTty = process.stdout.isTTY;
		const err: string[] = [];
		process.stdout.isTTY = true;
		try {
			const code = await runCommand(['save', 'microsoft/iis'], {out() {}, err: line => err.push(line)}, () => {
				throw new Error('no backend should be opened');
			});
			expect(code).toBe(1);
		} finally {
			process.stdout.isTTY = wasTty;
		}

		expect(err).toEqual(['Error: cowardly refusing to save to a terminal. Use the -o flag or redirect']);
	});

	test('Save-ContainerImage names the image as PowerShell does', async () => {
		const file = path.join(home, 'ps.tar');
		const result = await dockyard(home, ['Save-ContainerImage', '-Name', 'WindowsServerCore', '-Path', file]);
		expect(result.code).toBe(0);
		expect((await entries(file)).has('manifest.json')).toBe(true);
	});

	test('save of an unknown image fails and writes nothing', async () => {
		const file = path.join(home, 'none.tar');
		const result = await dockyard(home, ['save', '-o', file, 'nosuch']);
		expect(result.code).toBe(1);
		expect(result.stderr).toBe('Error: No such image: nosuch:latest\n');
		expect((await import('node:fs')).existsSync(file)).toBe(false);
	});

	test.runIf(hasTool('skopeo', 'the archive check with skopeo'))('skopeo reads it as an OCI archive and as a docker archive', () => {
		const oci = JSON.parse(execFileSync('skopeo', ['inspect', `oci-archive:${archive}:latest`], {encoding: 'utf8'})) as {Layers: string[]};
		expect(oci.Layers.length).toBeGreaterThan(2);
		const docker = JSON.parse(execFileSync('skopeo', ['inspect', `docker-archive:${archive}:microsoft/iis:latest`], {encoding: 'utf8'})) as {Layers: string[]};
		expect(docker.Layers).toEqual(oci.Layers);
	});

	test('the names written are the ones asked for, as docker save chooses them: a tag is that tag, a name every tag of that repository, an id none', async () => {
		for (const tag of ['web:1', 'web:2']) {
			// eslint-disable-next-line no-await-in-loop
			expect((await dockyard(home, ['tag', 'microsoft/iis', tag])).code).toBe(0);
		}

		const id = (await dockyard(home, ['images', '-q', 'web:1'])).stdout.trim();
		const namesIn = async (...targets: string[]) => {
			const file = path.join(home, `names-${targets.join('-').replaceAll(/[^\w-]/g, '_')}.tar`);
			const result = await dockyard(home, ['save', '-o', file, ...targets]);
			expect(result.code, result.stderr).toBe(0);
			const files = await entries(file);
			const index = JSON.parse(files.get('index.json')!.toString()) as {manifests: Array<{annotations: Record<string, string>}>};
			return {
				docker: (JSON.parse(files.get('manifest.json')!.toString()) as Array<{RepoTags: string[]}>).map(entry => entry.RepoTags),
				oci: index.manifests.map(manifest => manifest.annotations['io.containerd.image.name'] ?? '(none)'),
			};
		};

		expect(await namesIn('web:1')).toEqual({docker: [['web:1']], oci: ['docker.io/library/web:1']});
		expect(await namesIn('web')).toEqual({docker: [['web:1', 'web:2']], oci: ['docker.io/library/web:1', 'docker.io/library/web:2']});
		expect(await namesIn('web:2', 'microsoft/iis')).toEqual({docker: [['web:2', 'microsoft/iis:latest']], oci: ['docker.io/library/web:2', 'docker.io/microsoft/iis:latest']});
		expect((await namesIn(id)).docker).toEqual([[]]);
	});
});
