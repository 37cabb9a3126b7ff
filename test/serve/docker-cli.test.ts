/**
 * The seed walkthrough typed with the real docker CLI against `dockyard
 * serve`: one server on a temp socket, one store, every step a fresh docker
 * process (and a dockyard one in another "terminal" where the seed installs
 * the base image). docker's exit codes and its stderr lines are checked, the
 * conflict text naming the stopped container above all.
 */
import {spawn, type ChildProcess} from 'node:child_process';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {dockyard, tempHome, waitFor} from '../helpers/cli.js';
import {hasTool} from '../helpers/tools.js';
import {dockerEnvironment, runProcess, startServe, type Served} from './serve-helpers.js';

const haveDocker = hasTool('docker', 'the docker CLI walkthrough against dockyard serve');

describe.runIf(haveDocker)('the real docker CLI on dockyard serve', {timeout: 30_000}, () => {
	const {home, cleanup} = tempHome('dockyard-serve-');
	const docker = dockerEnvironment();
	const socket = path.join(home, 'd.sock');
	const host = `unix://${socket}`;
	let served: Served;
	const run = async (...args: string[]) => runProcess('docker', ['-H', host, ...args], docker.env);
	const lines = (text: string) => text.split('\n').filter(line => line !== '');

	let aspnetId = '';
	let webId = '';
	let iisId = '';

	beforeAll(async () => {
		writeFileSync(path.join(home, 'index.html'), '<h1>Hello from IIS</h1>\n');
		served = await startServe(home, ['--socket', socket, '--debug']);
	}, 30_000);

	afterAll(async () => {
		const code = await served?.stop();
		docker.cleanup();
		cleanup();
		expect(code).toBe(0);
	}, 30_000);

	test('docker version negotiates down to the API the server speaks', async () => {
		const result = await run('version', '--format', '{{.Server.APIVersion}} {{.Client.APIVersion}}');
		expect(result.stderr).toBe('');
		expect(result.stdout.trim()).toBe('1.41 1.41');
	});

	test('docker images lists the empty store', async () => {
		const result = await run('images');
		expect(result.code).toBe(0);
		expect(result.stdout).toBe('REPOSITORY   TAG       IMAGE ID   CREATED   SIZE\n');
	});

	test('docker pull of a hub image is refused without its base, in one line saying what to install', async () => {
		const result = await run('pull', 'microsoft/aspnet');
		expect(result.code).toBe(1);
		expect(result.stdout).toBe('Using default tag: latest\n');
		expect(lines(result.stderr)).toEqual([
			'Error response from daemon: microsoft/aspnet:latest needs the base OS image WindowsServerCore 10.0.10586.0: install it first with `dockyard os install WindowsServerCore --version 10.0.10586.0` (PowerShell: Install-ContainerImage -Name WindowsServerCore -Version 10.0.10586.0)',
		]);
		expect((await run('images', '-q')).stdout).toBe('');
	});

	test('the base installed from another terminal is there for docker at once', async () => {
		const install = await dockyard(home, ['os', 'install', 'WindowsServerCore']);
		expect(install.code).toBe(0);
		const result = await run('images', '--format', '{{.Repository}}:{{.Tag}} {{.ID}}');
		const rows = lines(result.stdout);
		expect(rows.map(row => row.split(' ')[0]).sort()).toEqual(['windowsservercore:10.0.10586.0', 'windowsservercore:latest']);
		expect(new Set(rows.map(row => row.split(' ')[1])).size).toBe(1);
	});

	test('docker pull is then allowed, with docker\'s lines', async () => {
		const result = await run('pull', 'microsoft/aspnet');
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
		const out = lines(result.stdout);
		expect(out[0]).toBe('Using default tag: latest');
		expect(out[1]).toBe('latest: Pulling from microsoft/aspnet');
		expect(out).toContainEqual(expect.stringMatching(/^[a-f\d]{12}: Pull complete$/));
		expect(out).toContainEqual(expect.stringMatching(/^[a-f\d]{12}: Already exists$/));
		expect(out).toContainEqual(expect.stringMatching(/^Digest: sha256:[a-f\d]{64}$/));
		expect(out.slice(-2)).toEqual(['Status: Downloaded newer image for microsoft/aspnet:latest', 'docker.io/microsoft/aspnet:latest']);
		aspnetId = (await run('images', '-q', '--no-trunc', 'microsoft/aspnet')).stdout.trim();
		expect(aspnetId).toMatch(/^sha256:[a-f\d]{64}$/);
	});

	test('docker create, docker cp and docker ps -a', async () => {
		const created = await run('create', '--name', 'web', 'microsoft/aspnet');
		expect(created.stderr).toBe('');
		expect(created.code).toBe(0);
		webId = created.stdout.trim();
		expect(webId).toMatch(/^[a-f\d]{64}$/);

		const copied = await run('cp', path.join(home, 'index.html'), 'web:/inetpub/wwwroot/index.html');
		expect(copied.stderr).toBe('');
		expect(copied.code).toBe(0);

		const ps = await run('ps', '-a');
		expect(ps.code).toBe(0);
		const [header, row, ...rest] = lines(ps.stdout);
		expect(header).toMatch(/^CONTAINER ID\s+IMAGE\s+COMMAND\s+CREATED\s+STATUS\s+PORTS\s+NAMES$/);
		expect(row).toMatch(new RegExp(`^${webId.slice(0, 12)}\\s+microsoft/aspnet\\S*\\s+".*"\\s+.+\\s+Created\\s+web$`));
		expect(rest).toEqual([]);
	});

	test('docker commit makes a child image with the copied file in its layer; docker history shows it down to the base', async () => {
		const committed = await run('commit', 'web', 'windowsservercoreiis');
		expect(committed.code).toBe(0);
		iisId = committed.stdout.trim();
		expect(iisId).toMatch(/^sha256:[a-f\d]{64}$/);

		const history = await run('history', 'windowsservercoreiis');
		expect(history.code).toBe(0);
		const [header, top, ...below] = lines(history.stdout);
		expect(header).toMatch(/^IMAGE\s+CREATED\s+CREATED BY\s+SIZE\s+COMMENT$/);
		expect(top).toMatch(new RegExp(`^${iisId.slice(7, 19)}\\s`));
		expect(top).not.toMatch(/\s0B\s/);
		expect(below.some(row => row.startsWith(aspnetId.slice(7, 19)))).toBe(true);
		expect(below.some(row => row.startsWith('<missing>'))).toBe(true);
		const inspected = await run('image', 'inspect', '--format', '{{.Parent}}', 'windowsservercoreiis');
		expect(inspected.stdout.trim()).toBe(aspnetId);
	});

	test('docker rmi is refused while a stopped container and a child image depend on it, -f or not, in docker\'s conflict words', async () => {
		for (const force of [[], ['-f']]) {
			// eslint-disable-next-line no-await-in-loop
			const result = await run('rmi', ...force, 'microsoft/aspnet');
			expect(result.code).toBe(1);
			expect(result.stdout).toBe('');
			expect(lines(result.stderr)).toEqual([
				`Error response from daemon: conflict: unable to delete ${aspnetId.slice(7, 19)} (cannot be forced) - image is being used by stopped container ${webId.slice(0, 12)}; image has dependent child images: ${iisId.slice(7, 19)} (windowsservercoreiis:latest)`,
			]);
		}

		expect((await run('images', '-q', 'microsoft/aspnet')).stdout.trim()).toBe(aspnetId.slice(7, 19));
	});

	test('docker rm, then docker rmi of the child and the image is allowed', async () => {
		const removed = await run('rm', 'web');
		expect(removed).toMatchObject({code: 0, stdout: 'web\n', stderr: ''});
		expect(lines((await run('ps', '-a')).stdout)).toHaveLength(1);

		const child = await run('rmi', 'windowsservercoreiis');
		expect(child.code).toBe(0);
		expect(lines(child.stdout)).toEqual(['Untagged: windowsservercoreiis:latest', `Deleted: ${iisId}`]);

		const image = await run('rmi', 'microsoft/aspnet');
		expect(image.stderr).toBe('');
		expect(image.code).toBe(0);
		expect(lines(image.stdout)).toEqual(['Untagged: microsoft/aspnet:latest', `Deleted: ${aspnetId}`]);
	});

	test('docker tag, and docker save | docker load brings a removed tag back', async () => {
		const tagged = await run('tag', 'windowsservercore', 'class/demo:1');
		expect(tagged).toMatchObject({code: 0, stdout: '', stderr: ''});
		expect((await run('images', 'class/demo', '--format', '{{.Repository}}:{{.Tag}}')).stdout).toBe('class/demo:1\n');
		const id = (await run('images', '-q', 'class/demo:1')).stdout.trim();
		const byId = await run('rmi', id);
		expect(byId.code).toBe(1);
		expect(lines(byId.stderr)).toEqual([`Error response from daemon: conflict: unable to delete ${id} (must be forced) - image is referenced in multiple repositories`]);

		const saved = path.join(home, 'demo.tar');
		expect((await run('save', '-o', saved, 'class/demo:1')).code).toBe(0);
		expect((await run('rmi', 'class/demo:1')).stdout).toBe('Untagged: class/demo:1\n');
		const piped = await runProcess('sh', ['-c', `docker -H "${host}" save class/demo:1 2>&1 >/dev/null; docker -H "${host}" load -i "${saved}"`], docker.env);
		expect(piped.stdout).toMatch(/^Error response from daemon: No such image: class\/demo:1$/m);
		expect(piped.stdout).toMatch(/^Loaded image: class\/demo:1$/m);
		expect((await run('images', 'class/demo', '--format', '{{.Repository}}:{{.Tag}}')).stdout).toBe('class/demo:1\n');

		const roundTrip = await runProcess('sh', ['-c', `docker -H "${host}" save class/demo:1 | docker -H "${host}" load`], docker.env);
		expect(roundTrip.code).toBe(0);
		expect(roundTrip.stdout).toMatch(/^Loaded image: class\/demo:1$/m);
	});

	test('docker events sees a tag made from another terminal', async () => {
		let events: ChildProcess | undefined;
		try {
			const seen = served.stderr().split('GET /v1.41/events').length;
			events = spawn('docker', ['-H', host, 'events', '--filter', 'type=image'], {env: docker.env, stdio: ['ignore', 'pipe', 'pipe']});
			let out = '';
			events.stdout?.on('data', (chunk: Buffer) => {
				out += chunk.toString();
			});
			// Subscribed once the server has the request: from then on no change is missed.
			await waitFor(() => served.stderr().split('GET /v1.41/events').length > seen, 10_000, 'docker events to subscribe');
			const id = (await run('images', '-q', '--no-trunc', 'windowsservercore:latest')).stdout.trim();
			expect((await dockyard(home, ['tag', 'windowsservercore', 'class/live:1'])).code).toBe(0);
			await waitFor(() => out.includes('(name=class/live:1)'), 10_000, `docker events to show the tag (so far: ${out})`);
			expect(out).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z image tag ${id} \\(name=class/live:1\\)$`, 'm'));
		} finally {
			if (events?.pid !== undefined && events.exitCode === null) {
				process.kill(events.pid, 'SIGTERM');
			}
		}
	});

	test('docker search asks the hub dockyard routes to', async () => {
		const result = await run('search', 'microsoft/iis');
		expect(result.code).toBe(0);
		expect(lines(result.stdout)[0]).toMatch(/^NAME\s+DESCRIPTION\s+STARS\s+OFFICIAL/);
		expect(result.stdout).toMatch(/^microsoft\/iis\s+/m);
	});

	test('what the server does not serve, or does not have, is one clean line from docker', async () => {
		const unknown = await run('network', 'ls');
		expect(unknown.code).toBe(1);
		expect(lines(unknown.stderr)).toEqual(['Error response from daemon: dockyard serve keeps no networks: no process runs in its containers']);

		const missing = await run('rmi', 'nosuch');
		expect(missing.code).toBe(1);
		expect(lines(missing.stderr)).toEqual(['Error response from daemon: No such image: nosuch:latest']);
	});
});
