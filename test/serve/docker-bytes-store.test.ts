/**
 * The oracle on the store itself: the real docker CLI reading the store
 * through `dockyard serve` and dockyard reading it directly print the same
 * bytes, listing by listing and --format by --format. (test/docker-bytes/
 * does the same over a real dockerd; this closes the loop on the store.)
 */
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {dockyard, tempHome} from '../helpers/cli.js';
import {hasTool} from '../helpers/tools.js';
import {timeless} from '../docker-bytes/oracle.js';
import {dockerEnvironment, runProcess, startServe, type Served} from './serve-helpers.js';

const haveDocker = hasTool('docker', 'docker\'s bytes against dockyard\'s on the store through dockyard serve');

const listings: string[][] = [
	['images'],
	['images', '--no-trunc'],
	['images', '-q'],
	['images', 'microsoft/*'],
	['images', '--filter', 'reference=windows*'],
	['images', '--format', '{{.Repository}}:{{.Tag}}'],
	['images', '--format', 'table {{.ID}}\t{{.Size}}'],
	['images', '--format', '{{json .}}'],
	['history', 'microsoft/aspnet'],
	['history', '--no-trunc', 'microsoft/aspnet'],
	['history', '--format', '{{.ID}}\t{{.CreatedBy}}', 'windowsservercore'],
	['ps', '-a'],
	['ps', '-a', '--no-trunc'],
	['ps', '-a', '--format', '{{.Names}}\t{{.Image}}\t{{.Status}}'],
	['search', '--format', '{{.Name}}\t{{.StarCount}}\t{{.IsOfficial}}', 'microsoft'],
	['search', '--no-trunc', '--format', 'table {{.Name}}\t{{.Description}}', 'iis'],
];

describe.runIf(haveDocker)('docker -H <dockyard serve> and dockyard on the same store', {timeout: 30_000}, () => {
	const {home, cleanup} = tempHome('dockyard-serve-bytes-');
	const docker = dockerEnvironment();
	const host = `unix://${path.join(home, 'd.sock')}`;
	let served: Served;

	beforeAll(async () => {
		for (const args of [['os', 'install', 'WindowsServerCore'], ['pull', 'microsoft/aspnet'], ['create', '--name', 'web', 'microsoft/aspnet']]) {
			// eslint-disable-next-line no-await-in-loop
			expect((await dockyard(home, args)).code).toBe(0);
		}

		served = await startServe(home, ['-H', host]);
	}, 90_000);

	afterAll(async () => {
		const code = await served?.stop();
		docker.cleanup();
		cleanup();
		expect(code).toBe(0);
	}, 30_000);

	test.each(listings)('%s %s %s %s', async (...args) => {
		const theirs = await runProcess('docker', ['-H', host, ...args], docker.env);
		const ours = await dockyard(home, args);
		expect(theirs.stderr).toBe('');
		expect(theirs.code).toBe(0);
		expect(ours.code).toBe(0);
		// Ages tick between the two reads of a container made seconds ago, and the CREATED column's width with them.
		expect(timeless(ours.stdout)).toBe(timeless(theirs.stdout));
	});
});

describe.runIf(haveDocker)('docker pull and rmi through dockyard serve print what dockyard pull and rmi print', {timeout: 60_000}, () => {
	const served = tempHome('dockyard-serve-pull-');
	const direct = tempHome('dockyard-direct-pull-');
	const docker = dockerEnvironment();
	const host = `unix://${path.join(served.home, 'd.sock')}`;
	let server: Served;

	beforeAll(async () => {
		for (const home of [served.home, direct.home]) {
			// eslint-disable-next-line no-await-in-loop
			expect((await dockyard(home, ['os', 'install', 'WindowsServerCore'])).code).toBe(0);
		}

		server = await startServe(served.home, ['-H', host]);
	}, 90_000);

	afterAll(async () => {
		const code = await server?.stop();
		docker.cleanup();
		served.cleanup();
		direct.cleanup();
		expect(code).toBe(0);
	}, 30_000);

	// Layers download side by side: their lines interleave in any order, in docker's output as in dockyard's.
	const layerLinesSorted = (text: string) => {
		const lines = text.split('\n');
		const layer = (line: string) => /^[\da-f]{12}: /.test(line);
		return [...lines.filter(line => !layer(line)), ...lines.filter(line => layer(line)).sort()];
	};

	test.each([[['pull', 'microsoft/aspnet']], [['rmi', 'microsoft/aspnet']], [['pull', 'microsoft/aspnet']]])('%j', async args => {
		const theirs = await runProcess('docker', ['-H', host, ...args], docker.env);
		const ours = await dockyard(direct.home, args);
		expect(theirs.code).toBe(0);
		expect(ours.code).toBe(0);
		// dockyard adds how long the pull took, in words docker does not print.
		expect(layerLinesSorted(ours.stdout.replace(/^Downloaded in .*\n/m, ''))).toEqual(layerLinesSorted(theirs.stdout));
	});
});
