/**
 * The docker CLI's everyday image commands against `dockyard serve`, with
 * dockerd 20.10 on another temp socket as the oracle: the same images pulled
 * from a loopback registry into both, the same commands typed at both, and
 * their output compared byte for byte where the contents allow. A registry
 * with htpasswd checks `docker login`, and that the credentials a client
 * sends in X-Registry-Auth are what a pull and a push use.
 */
import {spawnSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {request} from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {buildShellImage, startDockerd, type RunningEngine} from '../../source/devtools/engines.js';
import {startLocalRegistry, type LocalRegistry} from '../../source/devtools/local-registry.js';
import {pushImage, run as runTool} from '../../source/devtools/oci-images.js';
import {dockyard, tempHome} from '../helpers/cli.js';
import {hasTools} from '../helpers/tools.js';
import {runProcess, startServe, type Served} from './serve-helpers.js';

const ready = hasTools(['docker', 'dockerd', 'docker-registry', 'skopeo', 'umoci', 'htpasswd', 'busybox'], 'the docker CLI against dockyard serve beside dockerd');

const user = 'student';
const password = 'c0rrect horse';

/** Ages tick and ids of containers differ between the two: compared as placeholders. */
const settled = (text: string) => text
	.replaceAll(/(Less than a second|About a minute|About an hour|\d+ (seconds|minutes|hours|days|weeks|months|years)) ago/g, 'AGO')
	.replaceAll(/\b[\da-f]{64}\b/g, 'ID64')
	.replaceAll(/\b[\da-f]{12}\b/g, 'ID12')
	.replaceAll(/ +/g, ' ');

/** A listing's header (a table has one), then its rows in a fixed order. */
const rows = (text: string) => {
	const lines = settled(text).split('\n');
	return lines[0]?.startsWith('REPOSITORY') ? [lines[0], ...lines.slice(1).sort()] : lines.sort();
};

/**
 * Layers download side by side: their lines come in any order. dockerd
 * sometimes leaves out a small layer's passing `Verifying Checksum` (its
 * progress is coalesced), so a layer's passing words are not compared; its
 * first and last ones are.
 */
const layerLinesSorted = (text: string) => {
	const lines = text.split('\n');
	const layer = (line: string) => /^[\da-f]{12}: /.test(line);
	const passing = (line: string) => /^[\da-f]{12}: (Verifying Checksum|Download complete|Waiting)$/.test(line);
	return [...lines.filter(line => !layer(line)), ...lines.filter(line => layer(line) && !passing(line)).sort()];
};

/** A raw request to a unix socket: the status and the body, as any client sees them. */
async function raw(socketPath: string, method: string, urlPath: string): Promise<{status: number; body: string}> {
	return new Promise((resolve, reject) => {
		const sent = request({socketPath, method, path: urlPath, timeout: 10_000}, response => {
			let body = '';
			response.on('data', (chunk: Buffer) => {
				body += chunk.toString();
			});
			response.on('end', () => {
				resolve({status: response.statusCode ?? 0, body});
			});
		});
		sent.on('timeout', () => sent.destroy(new Error('no answer within 10 s')));
		sent.on('error', reject);
		sent.end();
	});
}

describe.runIf(ready)('everyday docker commands: dockyard serve beside dockerd', {timeout: 120_000}, () => {
	const {home, cleanup} = tempHome('dockyard-serve-everyday-');
	const work = mkdtempSync(path.join(os.tmpdir(), 'dockyard-serve-everyday-work-'));
	const socket = path.join(home, 'd.sock');
	let registry: LocalRegistry;
	let locked: LocalRegistry;
	let daemon: RunningEngine;
	let served: Served;
	const configs = {served: path.join(work, 'served-config'), daemon: path.join(work, 'daemon-config'), stranger: path.join(work, 'stranger-config')};
	const env = (config: string): NodeJS.ProcessEnv => {
		const environment: NodeJS.ProcessEnv = {...process.env, DOCKER_CONFIG: config, DOCKER_CLI_HINTS: 'false', NO_COLOR: '1', HOME: work};
		delete environment['DOCKER_HOST'];
		delete environment['DOCKER_CONTEXT'];
		return environment;
	};

	const ours = async (...args: string[]) => runProcess('docker', ['-H', `unix://${socket}`, ...args], env(configs.served), 60_000);
	const theirs = async (...args: string[]) => runProcess('docker', ['-H', daemon.host, ...args], env(configs.daemon), 60_000);
	const both = async (...args: string[]) => Promise.all([ours(...args), theirs(...args)]);
	let image = '';
	let child = '';
	let secret = '';

	beforeAll(async () => {
		for (const config of Object.values(configs)) {
			mkdirSync(config, {recursive: true});
		}

		[registry, locked] = await Promise.all([startLocalRegistry(), startLocalRegistry({htpasswd: {user, password}})]);
		daemon = await startDockerd({insecureRegistries: [registry.host, locked.host]});
		const layout = path.join(work, 'layout');
		await buildShellImage({layout, tag: 'shell-1'});
		await buildShellImage({layout, tag: 'shell-2', base: 'shell-1', files: {'/etc/motd': 'second\n'}});
		await buildShellImage({layout, tag: 'child-1', base: 'shell-1', files: {'/srv/index.html': '<h1>hello</h1>\n'}});
		await buildShellImage({layout, tag: 'secret-1', base: 'shell-1', files: {'/srv/secret.txt': 'private\n'}});
		await pushImage(layout, 'shell-1', `${registry.host}/shell:1`);
		await pushImage(layout, 'shell-2', `${registry.host}/shell:2`);
		await pushImage(layout, 'child-1', `${registry.host}/child:1`);
		await runTool('skopeo', ['copy', '--quiet', '--preserve-digests', '--dest-tls-verify=false', '--dest-creds', `${user}:${password}`, `oci:${layout}:secret-1`, `docker://${locked.host}/secret:1`]);
		image = `${registry.host}/shell`;
		child = `${registry.host}/child:1`;
		secret = `${locked.host}/secret:1`;
		served = await startServe(home, ['--socket', socket]);
	}, 240_000);

	afterAll(async () => {
		const code = await served?.stop();
		await Promise.all([daemon?.stop(), registry?.stop(), locked?.stop()]);
		rmSync(work, {recursive: true, force: true});
		cleanup();
		expect(code).toBe(0);
	}, 60_000);

	test('docker pull -a pulls every tag, with dockerd\'s lines', async () => {
		const [mine, real] = await both('pull', '-a', image);
		expect(mine.stderr).toBe('');
		expect(real.stderr).toBe('');
		expect(mine.code).toBe(0);
		expect(layerLinesSorted(mine.stdout)).toEqual(layerLinesSorted(real.stdout));
		expect(mine.stdout).toMatch(/^1: Pulling from shell$/m);
		expect(mine.stdout).toMatch(/^2: Pulling from shell$/m);
		const [tags] = await both('images', '--format', '{{.Repository}}:{{.Tag}}', image);
		expect(tags.stdout.split('\n').filter(Boolean).sort()).toEqual([`${image}:1`, `${image}:2`]);
	});

	test('a container is counted on its image, and docker system df prints what dockerd prints', async () => {
		for (const run of [ours, theirs]) {
			// eslint-disable-next-line no-await-in-loop
			expect((await run('pull', child)).code).toBe(0);
			// eslint-disable-next-line no-await-in-loop
			expect((await run('create', '--name', 'web', child)).code).toBe(0);
		}

		const counted = await ours('images', '--format', '{{.Repository}}:{{.Tag}} {{.Containers}}');
		expect(counted.stdout.split('\n').filter(Boolean).sort()).toEqual([`${child} 1`, `${image}:1 0`, `${image}:2 0`]);
		// dockyard reads the store the same way.
		expect((await dockyard(home, ['images', '--format', '{{.Repository}}:{{.Tag}} {{.Containers}}'])).stdout.split('\n').filter(Boolean).sort())
			.toEqual(counted.stdout.split('\n').filter(Boolean).sort());

		const [mine, real] = await both('system', 'df');
		expect(mine.stderr).toBe('');
		expect(mine.stdout).toBe(real.stdout);
		const [mineVerbose, realVerbose] = await both('system', 'df', '-v');
		expect(mineVerbose.stderr).toBe('');
		// Images made at the same instant come in no fixed order from dockerd: the lines compared as a set, the sections in place.
		expect(settled(mineVerbose.stdout).split('\n').sort()).toEqual(settled(realVerbose.stdout).split('\n').sort());
		expect(mineVerbose.stdout.split('\n').filter(line => line.endsWith(':'))).toEqual(realVerbose.stdout.split('\n').filter(line => line.endsWith(':')));
	});

	test('docker run leaves nothing behind and says why, in one sentence', async () => {
		const before = (await ours('ps', '-a', '-q', '--no-trunc')).stdout;
		for (const args of [['run', '--rm', child, 'true'], ['run', child, 'true'], ['run', '-d', child]]) {
			// eslint-disable-next-line no-await-in-loop
			const result = await ours(...args);
			expect(result.code, args.join(' ')).toBe(125);
			expect(result.stdout).toBe('');
			expect(result.stderr).toMatch(/^docker: Error response from daemon: dockyard serve runs no process: .*use|make one with docker create/);
		}

		expect((await ours('ps', '-a', '-q', '--no-trunc')).stdout).toBe(before);
		const start = await ours('start', 'web');
		expect(start.code).toBe(1);
		expect(start.stderr.split('\n')[0]).toMatch(/^Error response from daemon: dockyard serve runs no process/);
		expect((await ours('exec', 'web', 'ls')).stderr).toMatch(/dockyard serve runs no process/);
		expect((await ours('ps', '-a', '-q', '--no-trunc')).stdout).toBe(before);
	});

	test('docker build, volumes and networks: one sentence each, nothing made', async () => {
		const context = path.join(work, 'context');
		mkdirSync(context, {recursive: true});
		writeFileSync(path.join(context, 'Dockerfile'), `FROM ${child}\nRUN true\n`);
		const build = await runProcess('docker', ['-H', `unix://${socket}`, 'build', '-t', 'built:1', context], {...env(configs.served), DOCKER_BUILDKIT: '0'}, 60_000);
		expect(build.code).toBe(1);
		expect(build.stderr).toMatch(/Error response from daemon: dockyard serve builds no images: make one from a container with docker create, docker cp and docker commit/);
		expect((await ours('images', '-q', 'built')).stdout).toBe('');
		expect((await ours('volume', 'ls')).stderr).toBe('Error response from daemon: dockyard serve keeps no volumes: its containers hold only the files docker cp puts in them\n');
		expect((await ours('network', 'ls')).stderr).toBe('Error response from daemon: dockyard serve keeps no networks: no process runs in its containers\n');
	});

	test('a path the server does not know is dockerd\'s 404, whatever the method', async () => {
		for (const [method, url] of [['POST', '/v1.41/images/json'], ['DELETE', '/_ping'], ['GET', '/v1.41/nothing/here'], ['PUT', '/v1.41/images/create']]) {
			// eslint-disable-next-line no-await-in-loop
			const [mine, real] = await Promise.all([raw(socket, method!, url!), raw(daemon.socketPath, method!, url!)]);
			expect(mine, `${method} ${url}`).toEqual(real);
		}
	});

	test('docker login checks with the registry; the client\'s X-Registry-Auth is what pull and push use', async () => {
		// No credentials: the registry says no, through either daemon.
		const [deniedMine, deniedReal] = await both('pull', secret);
		expect(deniedMine.code).toBe(1);
		expect(deniedReal.code).toBe(1);
		expect(deniedMine.stderr).toMatch(/^Error response from daemon: .*(unauthorized|authentication required)/i);

		const loginArgs = ['login', '-u', user, '--password-stdin', locked.host];
		const badLogin = await runProcess('docker', ['-H', `unix://${socket}`, ...loginArgs], env(configs.served), 60_000, 'wrong\n');
		expect(badLogin.code).toBe(1);
		expect(badLogin.stderr).toMatch(/^Error response from daemon: login attempt to http:\/\/.*\/v2\/ failed with status: 401 Unauthorized\n$/);

		const loggedMine = await runProcess('docker', ['-H', `unix://${socket}`, ...loginArgs], env(configs.served), 60_000, `${password}\n`);
		const loggedReal = await runProcess('docker', ['-H', daemon.host, ...loginArgs], env(configs.daemon), 60_000, `${password}\n`);
		expect(loggedMine.stdout).toBe(loggedReal.stdout);
		expect(loggedMine.stdout).toMatch(/Login Succeeded/);
		expect(loggedMine.code).toBe(0);
		// The server stored nothing: the store's home holds no copy of the password.
		expect(spawnSync('grep', ['-rl', password, home], {encoding: 'utf8'}).stdout).toBe('');

		const [pulledMine, pulledReal] = await both('pull', secret);
		expect(pulledMine.stderr).toBe('');
		expect(pulledMine.code).toBe(0);
		expect(layerLinesSorted(pulledMine.stdout)).toEqual(layerLinesSorted(pulledReal.stdout));

		expect((await ours('tag', secret, `${locked.host}/pushed:1`)).code).toBe(0);
		const push = await ours('push', `${locked.host}/pushed:1`);
		expect(push.stderr).toBe('');
		expect(push.code).toBe(0);
		const lines = push.stdout.split('\n').filter(Boolean);
		expect(lines[0]).toBe(`The push refers to repository [${locked.host}/pushed]`);
		const digest = /^1: digest: (sha256:[\da-f]{64}) size: \d+$/.exec(lines.at(-1) ?? '')?.[1];
		expect(digest).toBeDefined();
		const inspected = JSON.parse(await runTool('skopeo', ['inspect', '--tls-verify=false', '--creds', `${user}:${password}`, `docker://${locked.host}/pushed:1`])) as {Digest: string};
		expect(inspected.Digest).toBe(digest);

		// Another client, not logged in, gets no credentials from the first one's requests.
		const stranger = await runProcess('docker', ['-H', `unix://${socket}`, 'push', `${locked.host}/pushed:1`], env(configs.stranger), 60_000);
		expect(stranger.code).toBe(1);
		expect(stranger.stdout + stranger.stderr).not.toContain(password);
	});

	test('a digest without a tag is its repository with <none>, as docker lists it, in dockyard too', async () => {
		const inspected = JSON.parse(await runTool('skopeo', ['inspect', '--tls-verify=false', `docker://${image}:2`])) as {Digest: string};
		for (const run of [ours, theirs]) {
			// eslint-disable-next-line no-await-in-loop
			expect((await run('rmi', `${image}:2`)).code).toBe(0);
			// eslint-disable-next-line no-await-in-loop
			expect((await run('pull', `${image}@${inspected.Digest}`)).code).toBe(0);
		}

		for (const args of [['images', image], ['images', '--digests', image], ['images', '--digests', '--format', '{{.Repository}} {{.Tag}} {{.Digest}}', image]]) {
			// eslint-disable-next-line no-await-in-loop
			const [mine, real] = await both(...args);
			// Both images were built at the same instant: dockerd lists equal times in no fixed order.
			expect(rows(mine.stdout), args.join(' ')).toEqual(rows(real.stdout));
			// eslint-disable-next-line no-await-in-loop
			const direct = await dockyard(home, args);
			expect(rows(direct.stdout), args.join(' ')).toEqual(rows(mine.stdout));
		}

		expect((await ours('images', '--digests', '--format', '{{.Repository}} {{.Tag}} {{.Digest}}', image)).stdout).toContain(`${image} <none> ${inspected.Digest}`);
	});

	test('image, container and system prune print what dockerd prints', async () => {
		const [containers, realContainers] = await both('container', 'prune', '-f');
		expect(containers.stderr).toBe('');
		expect(settled(containers.stdout)).toBe(settled(realContainers.stdout));
		expect(containers.stdout).toMatch(/^Deleted Containers:\n[\da-f]{64}\n\nTotal reclaimed space: /);

		const [dangling, realDangling] = await both('image', 'prune', '-f');
		expect(dangling.stdout).toBe(realDangling.stdout);

		const [all, realAll] = await both('image', 'prune', '-a', '-f');
		expect(all.stderr).toBe('');
		const deleted = (text: string) => text.split('\n').filter(line => line.startsWith('deleted: ')).sort();
		expect(deleted(all.stdout)).toEqual(deleted(realAll.stdout));
		expect(all.stdout).toMatch(/\nTotal reclaimed space: \S+\n$/);
		expect((await ours('images', '-q')).stdout).toBe('');

		const [system, realSystem] = await both('system', 'prune', '-f');
		expect(system.stderr).toBe('');
		expect(system.stdout).toBe(realSystem.stdout);
	});
});
