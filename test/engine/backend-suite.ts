/**
 * dockyard's CLI over a real engine, the same checks for podman and docker
 * (each file starts its engine once): the docker CLI against the same engine
 * is the oracle for `images`, `history` and `ps -a`; the removal rules,
 * stricter than the engine; pulls from a loopback registry with progress and
 * a failure as one line; an offline-catalog image pulled through the store
 * into the engine; `send`; choosing the engine by -H, DOCKER_HOST and
 * --context; and the sentence for an engine that is not there.
 */
import {spawn} from 'node:child_process';
import http from 'node:http';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {contextDirName} from '../../source/core/engine/host.js';
import {buildShellImage, loadIntoEngine, startEngine, type EngineKind, type RunningEngine} from '../../source/devtools/engines.js';
import {startLocalRegistry, type LocalRegistry} from '../../source/devtools/local-registry.js';
import {pushImage} from '../../source/devtools/oci-images.js';
import {dockyard, type Run} from '../helpers/cli.js';
import {hasTools} from '../helpers/tools.js';

const dockerCli = '/usr/local/bin/docker';
const tools: Record<EngineKind, string[]> = {
	podman: ['podman', 'runc', 'busybox', 'umoci', 'skopeo', 'docker-registry', dockerCli],
	docker: ['dockerd', 'runc', 'busybox', 'umoci', 'skopeo', 'docker-registry', dockerCli],
};

/** The docker CLI 28 against the engine: the oracle. */
async function docker(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
	return new Promise((resolve, reject) => {
		const child = spawn(dockerCli, args, {env: {PATH: process.env['PATH'], HOME: env['HOME'], DOCKER_CONFIG: env['DOCKER_CONFIG']}, stdio: ['ignore', 'pipe', 'pipe']});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => {
			stdout += chunk.toString();
		});
		child.stderr.on('data', (chunk: Buffer) => {
			stderr += chunk.toString();
		});
		const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
		child.once('error', reject);
		child.once('close', code => {
			clearTimeout(timer);
			resolve({code: code ?? 1, stdout, stderr});
		});
	});
}

/** Whether `dockyard images` / `docker images` output lists REPOSITORY TAG. */
function lists(stdout: string, repository: string, tag: string): boolean {
	return stdout.split('\n').some(line => line.startsWith(`${repository} `) && line.slice(repository.length).trimStart().startsWith(`${tag} `));
}

/** The columns that differ by the second (`5 seconds ago`, `Exited (0) 3 seconds ago`) set aside, with their padding. */
function timeless(text: string): string {
	return text
		.replaceAll(/(?:About an? \w+|Less than a second|\d+ \w+) ago {2,}/g, 'AGO  ')
		.replaceAll(/(?:About an? \w+|Less than a second|\d+ \w+) ago$/gm, 'AGO')
		.replaceAll(/\b(CREATED|STATUS) {2,}/g, '$1  ');
}

export function backendSuite(kind: EngineKind): void {
	const present = hasTools(tools[kind], `the dockyard-over-${kind} tests`);

	describe.runIf(present)(`dockyard over ${kind}`, () => {
		let engine: RunningEngine;
		let registry: LocalRegistry;
		let work: string;
		let home: string;
		let layout: string;
		let env: NodeJS.ProcessEnv;
		const repo = 'localhost/dockyard-test/shell';
		const run = async (args: string[], extra: NodeJS.ProcessEnv = {}) => dockyard(home, args, {env: {...env, ...extra}, timeoutMs: 60_000});
		const onEngine = async (args: string[]) => run(['-H', engine.host, ...args]);

		beforeAll(async () => {
			work = mkdtempSync(path.join(os.tmpdir(), `dockyard-over-${kind}-`));
			home = path.join(work, 'home');
			layout = path.join(work, 'oci');
			// No docker config of the machine's, no DOCKER_HOST: only what each test says.
			env = {HOME: work, DOCKER_CONFIG: path.join(work, 'docker-config'), DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined};
			registry = await startLocalRegistry();
			engine = await startEngine(kind, {insecureRegistries: [registry.host]});
			await buildShellImage({layout, tag: 'base', labels: {'org.opencontainers.image.title': 'shell', 'org.opencontainers.image.vendor': 'CN=Dockyard', 'org.opencontainers.image.version': '1.0.0.0'}});
			await buildShellImage({layout, tag: 'child', base: 'base', files: {'/etc/motd': 'hello\n'}, labels: {'org.opencontainers.image.title': 'shell-child'}, created: '2024-01-03T03:04:05Z'});
			await loadIntoEngine(engine.client, layout, 'base', `${repo}:1`);
			await loadIntoEngine(engine.client, layout, 'child', `${repo}:child`);
			await engine.client.createContainer({Image: `${repo}:1`, Cmd: ['/bin/sh']}, {name: `${kind}-listed`});
		});

		afterAll(async () => {
			await engine?.stop();
			await registry?.stop();
			if (work) {
				rmSync(work, {recursive: true, force: true});
			}
		});

		test('images, history and ps -a print what the docker CLI prints against the same engine', async () => {
			for (const args of [['images'], ['images', '-a'], ['history', `${repo}:1`], ['history', `${repo}:child`], ['ps', '-a']]) {
				// eslint-disable-next-line no-await-in-loop
				const [ours, theirs] = await Promise.all([onEngine(args), docker(['-H', engine.host, ...args], env)]);
				expect(theirs.code, theirs.stderr).toBe(0);
				expect(ours.stderr, args.join(' ')).toBe('');
				expect(timeless(ours.stdout), args.join(' ')).toBe(timeless(theirs.stdout));
			}
		});

		test('the PowerShell columns come from the labels, IsOSImage for an image with no parent', async () => {
			const result = await onEngine(['Get-ContainerImage', '--json']);
			expect(result.stderr).toBe('');
			const rows = JSON.parse(result.stdout) as Array<Record<string, unknown>>;
			const base = rows.find(row => JSON.stringify(row).includes(`${repo}:1`) || row['Name'] === 'shell');
			expect(base).toMatchObject({Name: 'shell', Version: '1.0.0.0'});
		});

		test('New-ContainerImage over the engine stamps Name, Publisher and Version as the store does; a plain commit does not inherit its parent\'s', async () => {
			const created = await engine.client.createContainer({Image: `${repo}:1`}, {name: `${kind}-stamped`});
			try {
				const made = await onEngine(['New-ContainerImage', '-ContainerName', `${kind}-stamped`, '-Publisher', 'Demo', '-Name', 'DemoImage', '-Version', '1.0']);
				expect(made.code, made.stderr).toBe(0);
				const labels = (await engine.client.inspectImage('demoimage:latest')).Config?.Labels ?? {};
				expect(labels).toMatchObject({'org.opencontainers.image.title': 'DemoImage', 'org.opencontainers.image.vendor': 'Demo', 'org.opencontainers.image.version': '1.0.0.0'});
				const rows = JSON.parse((await onEngine(['Get-ContainerImage', '--json'])).stdout) as Array<Record<string, unknown>>;
				expect(rows.find(row => row['Name'] === 'DemoImage')).toMatchObject({Publisher: 'CN=Demo', Version: '1.0.0.0'});

				const plain = await onEngine(['commit', `${kind}-stamped`, 'localhost/dockyard-test/plain:1']);
				expect(plain.code, plain.stderr).toBe(0);
				const after = JSON.parse((await onEngine(['Get-ContainerImage', '--json'])).stdout) as Array<Record<string, unknown>>;
				// Named by its tag, not as its parent `shell` 1.0.0.0, with no Publisher or Version: as the store prints a plain commit.
				expect(after.filter(row => row['Name'] === 'shell')).toHaveLength(1);
				expect(after.find(row => String(row['Name']).endsWith('dockyard-test/plain'))).toMatchObject({Publisher: '', Version: ''});
			} finally {
				await engine.client.removeContainer(created.Id);
				await engine.client.removeImage('demoimage:latest').catch(() => undefined);
				await engine.client.removeImage('localhost/dockyard-test/plain:1').catch(() => undefined);
			}
		});

		test('an image a stopped container uses is refused, naming it, with or without -f; both stay', async () => {
			await engine.client.tag(`${repo}:1`, `${repo}-solo`, '1');
			const created = await engine.client.createContainer({Image: `${repo}-solo:1`}, {name: `${kind}-solo`});
			await engine.client.removeImage(`${repo}-solo:1`).catch(() => undefined);
			const image = await engine.client.inspectImage(`${repo}:1`);
			try {
				for (const args of [['rmi', image.Id], ['rmi', '-f', image.Id], ['rmi', '-f', image.Id.slice(7, 19)]]) {
					// eslint-disable-next-line no-await-in-loop
					const result = await onEngine(args);
					expect(result.code, args.join(' ')).toBe(1);
					expect(result.stderr).toMatch(new RegExp(`^Error: conflict: unable to delete ${image.Id.slice(7, 19)} \\(cannot be forced\\) - image is being used by stopped container`));
					expect(result.stderr).toContain(`image is being used by stopped container ${created.Id.slice(0, 12)}`);
					expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
				}

				expect((await engine.client.inspectImage(image.Id)).Id).toBe(image.Id);
				expect((await engine.client.containers()).map(container => container.Id)).toContain(created.Id);
			} finally {
				await engine.client.removeContainer(created.Id);
			}
		});

		test('an image with a child (a commit) is refused, naming the child', async () => {
			const created = await engine.client.createContainer({Image: `${repo}:1`}, {name: `${kind}-committed`});
			const commit = await run(['-H', engine.host, 'commit', `${kind}-committed`, 'localhost/dockyard-test/committed:1']);
			expect(commit.code, commit.stderr).toBe(0);
			await engine.client.removeContainer(created.Id);
			const snapshotChild = (await engine.client.images()).find(image => image.RepoTags?.includes('localhost/dockyard-test/committed:1'))!;
			const parent = snapshotChild.ParentId.replace(/^sha256:/, '');
			if (parent === '') {
				// An engine that reports no parent for a commit leaves the rule nothing to see.
				return;
			}

			await engine.client.tag(`${repo}:1`, `${repo}-only`, '1');
			try {
				const result = await onEngine(['rmi', '-f', parent]);
				expect(result.code).toBe(1);
				expect(result.stderr).toMatch(/image has dependent child images: [\da-f]{12} \(localhost\/dockyard-test\/committed:1/);
				expect((await engine.client.inspectImage(parent)).Id).toContain(parent);
			} finally {
				await engine.client.removeImage(`${repo}-only:1`);
				await engine.client.removeImage('localhost/dockyard-test/committed:1');
			}
		});

		test('an id several tags name: refused without -f; with -f each tag goes, then the image, and nothing else', async () => {
			const created = await engine.client.createContainer({Image: `${repo}:1`}, {name: `${kind}-twice`});
			const commit = await run(['-H', engine.host, 'commit', `${kind}-twice`, 'localhost/dockyard-test/twice:1']);
			expect(commit.code, commit.stderr).toBe(0);
			await engine.client.removeContainer(created.Id);
			await engine.client.tag('localhost/dockyard-test/twice:1', 'localhost/dockyard-test/twice', '2');
			const image = await engine.client.inspectImage('localhost/dockyard-test/twice:1');
			const refused = await onEngine(['rmi', image.Id]);
			expect(refused.code).toBe(1);
			expect(refused.stderr).toBe(`Error: conflict: unable to delete ${image.Id.slice(7, 19)} (must be forced) - image is referenced in multiple repositories\n`);
			expect((await engine.client.inspectImage(image.Id)).RepoTags?.length).toBe(2);

			// Through a proxy that notes every request: podman's force=true would also delete containers made since the snapshot.
			const proxy = await recordingProxy(engine.socketPath, work);
			let forced: Run;
			try {
				forced = await run(['-H', proxy.host, 'rmi', '-f', image.Id]);
			} finally {
				await proxy.close();
			}

			expect(proxy.seen.some(request => request.startsWith('DELETE '))).toBe(true);
			expect(proxy.seen.filter(request => /force=(true|1)/.test(request))).toEqual([]);
			expect(forced.stderr).toBe('');
			expect(forced.code).toBe(0);
			const lines = forced.stdout.trimEnd().split('\n');
			expect(lines.filter(line => line.startsWith('Untagged: ')).map(line => line.replace(/^Untagged: (docker\.io\/)?/, '')).sort())
				.toEqual(['localhost/dockyard-test/twice:1', 'localhost/dockyard-test/twice:2']);
			expect(lines).toContain(`Deleted: ${image.Id}`);
			await expect(engine.client.inspectImage(image.Id)).rejects.toThrow();
			// The image it was committed from is still there, with its tag.
			expect((await engine.client.inspectImage(`${repo}:1`)).RepoTags).toContain(`${repo}:1`);
		});

		test('rmi of one of several tags only untags; tag and untag', async () => {
			expect((await onEngine(['tag', `${repo}:1`, `${repo}:extra`])).code).toBe(0);
			const result = await onEngine(['rmi', `${repo}:extra`]);
			expect(result.stderr).toBe('');
			expect(result.stdout).toBe(`Untagged: ${repo}:extra\n`);
			expect((await engine.client.inspectImage(`${repo}:1`)).RepoTags).toEqual([`${repo}:1`]);

			await onEngine(['tag', `${repo}:1`, `${repo}:again`]);
			const untag = await onEngine(['untag', `${repo}:again`]);
			expect(untag.code, untag.stderr).toBe(0);
			expect((await engine.client.inspectImage(`${repo}:1`)).RepoTags).toEqual([`${repo}:1`]);
		});

		test(kind === 'podman' ? 'untag of the last tag keeps the image (libpod untag)' : 'untag of the last tag is refused in one line (docker cannot)', async () => {
			await engine.client.tag(`${repo}:1`, `${repo}-last`, '1');
			const id = (await engine.client.inspectImage(`${repo}-last:1`)).Id;
			await engine.client.removeImage(`${repo}-last:1`);
			await engine.client.tag(id, `${repo}-last`, '1');
			await engine.client.removeImage(`${repo}:1`);
			try {
				const result = await onEngine(['untag', `${repo}-last:1`]);
				if (kind === 'podman') {
					expect(result.code, result.stderr).toBe(0);
					expect((await engine.client.inspectImage(id)).RepoTags ?? []).toEqual([]);
				} else {
					expect(result.code).toBe(1);
					expect(result.stderr).toBe(`Error: docker cannot untag ${repo}-last:1: it is the image's last tag, and docker only drops a last tag by deleting the image (use rmi)\n`);
					expect((await engine.client.inspectImage(id)).RepoTags).toEqual([`${repo}-last:1`]);
				}
			} finally {
				await engine.client.tag(id, repo, '1');
				await engine.client.removeImage(`${repo}-last:1`).catch(() => undefined);
			}
		});

		test('pull from a loopback registry through the engine, with docker\'s lines; a missing tag is one line, exit 1', async () => {
			// A layer the engine does not have, so that it has a layer to report.
			await buildShellImage({layout, tag: 'remote', base: 'base', files: {'/etc/remote': 'from the registry\n'}});
			await pushImage(layout, 'remote', `${registry.host}/dockyard/pulled:2`);
			const result = await onEngine(['pull', `${registry.host}/dockyard/pulled:2`]);
			expect(result.code, result.stderr).toBe(0);
			const lines = result.stdout.trimEnd().split('\n');
			expect(lines[0]).toMatch(kind === 'docker' ? /^2: Pulling from dockyard\/pulled$/ : /./);
			expect(lines.filter(line => /^[\da-f]{12}: (Pull complete|Already exists|Download complete)$/.test(line)).length, result.stdout).toBeGreaterThan(0);
			expect(lines).toContain(`Status: Downloaded newer image for ${registry.host}/dockyard/pulled:2`);
			expect(lines.at(-1)).toBe(`${registry.host}/dockyard/pulled:2`);
			expect((await engine.client.inspectImage(`${registry.host}/dockyard/pulled:2`)).Id).toMatch(/^sha256:/);

			const again = await onEngine(['pull', `${registry.host}/dockyard/pulled:2`]);
			expect(again.stdout).toContain(`Status: Image is up to date for ${registry.host}/dockyard/pulled:2`);

			const missing = await onEngine(['pull', `${registry.host}/dockyard/pulled:missing`]);
			expect(missing.code).toBe(1);
			expect(missing.stderr.trimEnd().split('\n')).toHaveLength(1);
			expect(missing.stderr).toMatch(/missing|not found|manifest unknown/i);
		});

		test('an offline-catalog image pulls through the store and loads into the engine (docker refuses a windows image in one line)', async () => {
			const result = await onEngine(['pull', 'nanoserver']);
			// It came through the store, which keeps it.
			expect(lists((await run(['images'])).stdout, 'nanoserver', 'latest')).toBe(true);
			if (kind === 'docker') {
				// The catalog's images are windows images: a linux dockerd says so, and nothing changes.
				expect(result.code).toBe(1);
				expect(result.stderr).toBe('Error: cannot load windows image on linux\n');
				expect(lists((await onEngine(['images'])).stdout, 'nanoserver', 'latest')).toBe(false);
				return;
			}

			expect(result.code, result.stderr).toBe(0);
			expect(result.stdout).toContain('Status: Downloaded newer image for nanoserver:latest');
			expect(lists((await onEngine(['images'])).stdout, 'nanoserver', 'latest')).toBe(true);
		});

		test('send hands a store image to the engine, printing docker load\'s line', async () => {
			await pushImage(layout, 'base', `${registry.host}/dockyard/classroom:1`);
			const pulled = await run(['pull', `${registry.host}/dockyard/classroom:1`]);
			expect(pulled.code, pulled.stderr).toBe(0);
			await run(['tag', `${registry.host}/dockyard/classroom:1`, 'classroom/nano:1']);
			// --explain sends nothing: it says what would be sent, and the docker pipe that does it.
			const explained = await run(['send', '--to', engine.host, 'classroom/nano:1', '--explain']);
			expect(explained.code, explained.stderr).toBe(0);
			expect(explained.stdout).toMatch(/^Would send classroom\/nano:1/m);
			expect(explained.stdout).toContain(`docker:     docker save classroom/nano:1 | docker -H ${engine.host} load`);
			expect(lists((await onEngine(['images'])).stdout, 'classroom/nano', '1')).toBe(false);
			const sent = await run(['send', '--to', engine.host, 'classroom/nano:1']);
			expect(sent.code, sent.stderr).toBe(0);
			expect(sent.stdout).toMatch(/^Loaded image: (docker\.io\/)?classroom\/nano:1$/m);
			const listed = (await onEngine(['images'])).stdout;
			expect(lists(listed, 'classroom/nano', '1'), listed).toBe(true);

			const nothing = await run(['send', 'classroom/nano:1']);
			expect(nothing.code).toBe(1);
			expect(nothing.stderr).toMatch(/^Error: send needs an engine/);
		});

		test('the engine chosen by DOCKER_HOST and by --context, as docker does; dockyard is the store', async () => {
			const viaEnv = await run(['images'], {DOCKER_HOST: engine.host});
			expect(lists(viaEnv.stdout, repo, '1'), viaEnv.stdout + viaEnv.stderr).toBe(true);

			const meta = path.join(env['DOCKER_CONFIG']!, 'contexts', 'meta', contextDirName(`my-${kind}`));
			mkdirSync(meta, {recursive: true});
			writeFileSync(path.join(meta, 'meta.json'), JSON.stringify({Name: `my-${kind}`, Metadata: {}, Endpoints: {docker: {Host: engine.host, SkipTLSVerify: false}}}));
			const viaContext = await run(['--context', `my-${kind}`, 'images', '--explain']);
			expect(lists(viaContext.stdout, repo, '1')).toBe(true);
			expect(viaContext.stdout).toContain(`docker --context my-${kind} images`);

			const store = await run(['--context', 'dockyard', 'images'], {DOCKER_HOST: engine.host});
			expect(store.code, store.stderr).toBe(0);
			expect(lists(store.stdout, repo, '1')).toBe(false);

			const setting = await run(['engine', engine.host]);
			expect(setting.stdout).toContain(`Engine: ${engine.host}, chosen by the engine setting`);
			expect(lists((await run(['images'])).stdout, repo, '1')).toBe(true);
			expect((await run(['engine', 'dockyard'])).code).toBe(0);
			expect(lists((await run(['images'])).stdout, repo, '1')).toBe(false);
		});
	});
}

/** A pass-through to the engine's socket that notes each request (`METHOD /path?query`), to see what dockyard asked. */
async function recordingProxy(engineSocket: string, directory: string): Promise<{host: string; seen: string[]; close: () => Promise<void>}> {
	const seen: string[] = [];
	const socketPath = path.join(directory, `proxy-${process.pid}-${Date.now()}.sock`);
	const server = http.createServer((request, response) => {
		seen.push(`${request.method} ${request.url}`);
		const upstream = http.request({socketPath: engineSocket, path: request.url, method: request.method, headers: request.headers}, answer => {
			response.writeHead(answer.statusCode ?? 502, answer.headers);
			answer.pipe(response);
		});
		upstream.on('error', error => {
			response.destroy(error);
		});
		request.pipe(upstream);
	});
	await new Promise<void>(resolve => {
		server.listen(socketPath, resolve);
	});
	return {
		host: `unix://${socketPath}`,
		seen,
		async close() {
			server.closeAllConnections();
			await new Promise<void>(resolve => {
				server.close(() => {
					resolve();
				});
			});
		},
	};
}
