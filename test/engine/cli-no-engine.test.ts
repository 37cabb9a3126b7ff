/** An engine that is not there: docker's own sentence, byte for byte (docker 28 as the oracle when present), exit 1. */
import {spawnSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import path from 'node:path';
import {afterAll, expect, test} from 'vitest';
import {dockyard, tempHome} from '../helpers/cli.js';

const {home, cleanup} = tempHome();
afterAll(cleanup);
const env = {DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined, DOCKER_CONFIG: path.join(home, 'docker-config')};
const socket = path.join(home, 'nothing-here.sock');

test('-H and DOCKER_HOST to a socket nobody listens on: docker\'s sentence on stderr, exit 1', async () => {
	const sentence = `Cannot connect to the Docker daemon at unix://${socket}. Is the docker daemon running?\n`;
	if (existsSync('/usr/local/bin/docker')) {
		const oracle = spawnSync('/usr/local/bin/docker', ['-H', `unix://${socket}`, 'images'], {env: {PATH: process.env['PATH'], HOME: home, DOCKER_CONFIG: env.DOCKER_CONFIG}});
		expect(oracle.stderr.toString()).toBe(sentence);
		expect(oracle.status).toBe(1);
	}

	for (const [args, extra] of [[['-H', `unix://${socket}`, 'images'], {}], [['--host=unix://' + socket, 'ps', '-a'], {}], [['history', 'x'], {DOCKER_HOST: `unix://${socket}`}]] as const) {
		// eslint-disable-next-line no-await-in-loop
		const result = await dockyard(home, [...args], {env: {...env, ...extra}});
		expect(result.stderr, args.join(' ')).toBe(sentence);
		expect(result.stdout).toBe('');
		expect(result.code).toBe(1);
	}
});

test('--host with --context is docker\'s conflict; ssh and a context that is not there are one line', async () => {
	const both = await dockyard(home, ['-H', `unix://${socket}`, '--context', 'x', 'images'], {env});
	expect(both.stderr).toBe('Error: conflicting options: cannot specify both --host and --context\n');
	expect(both.code).toBe(1);
	// Port 1 on loopback: ssh is refused before any key or known_hosts is read or written.
	const ssh = await dockyard(home, ['-H', 'ssh://me@127.0.0.1:1', 'images'], {env});
	expect(ssh.stderr).toMatch(/^error during connect: ssh:\/\/me@127\.0\.0\.1:1: ssh: connect to host 127\.0\.0\.1 port 1: Connection refused/);
	expect(ssh.code).toBe(1);
	expect(ssh.stderr.trimEnd().split('\n')).toHaveLength(1);
	const missing = await dockyard(home, ['--context', 'nope', 'images'], {env});
	expect(missing.stderr).toMatch(/^Error: unable to resolve docker endpoint: context "nope": context not found/);
	expect(missing.code).toBe(1);
	// The store is still the default, and the help lists the flags.
	expect((await dockyard(home, ['images'], {env})).code).toBe(0);
	expect((await dockyard(home, ['--help'], {env})).stdout).toMatch(/-H, --host HOST[\s\S]*-c, --context NAME/);
});

test('plain tcp:// beyond loopback (0.0.0.0 here, dockerd\'s own example) gets dockerd\'s warning on stderr; loopback does not', async () => {
	const wide = await dockyard(home, ['-H', 'tcp://0.0.0.0:1', 'images'], {env});
	expect(wide.stderr).toBe([
		'WARNING: API is accessible on http://0.0.0.0:1 without encryption.',
		'         Access to the remote API is equivalent to root access on the host. Refer',
		'         to the \'Docker daemon attack surface\' section in the documentation for',
		'         more information: https://docs.docker.com/go/attack-surface/',
		'Cannot connect to the Docker daemon at tcp://0.0.0.0:1. Is the docker daemon running?',
		'',
	].join('\n'));
	const loopback = await dockyard(home, ['-H', 'tcp://127.0.0.1:1', 'images'], {env});
	expect(loopback.stderr).toBe('Cannot connect to the Docker daemon at tcp://127.0.0.1:1. Is the docker daemon running?\n');
});

test('no ssh on PATH: one line naming the host, in either form of ssh://', async () => {
	for (const host of ['ssh://me@127.0.0.1:1', 'ssh://me@127.0.0.1:1/run/podman/podman.sock']) {
		// eslint-disable-next-line no-await-in-loop
		const result = await dockyard(home, ['-H', host, 'images'], {env: {...env, PATH: home}, timeoutMs: 20_000});
		expect(result.stderr).toBe(`error during connect: ${host}: ssh: command not found on PATH\n`);
		expect(result.code).toBe(1);
	}
});
