/**
 * `docker rmi NAME@DIGEST` through `dockyard serve`: the same planner as the
 * store's CLI and the TUI, so docker's CLI prints `Untagged: NAME@sha256:…`
 * and the image stays with its tags.
 */
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {openStore} from '../../source/core/store/store.js';
import {tempHome} from '../helpers/cli.js';
import {hasTool} from '../helpers/tools.js';
import {dockerEnvironment, runProcess, startServe, type Served} from './serve-helpers.js';

const haveDocker = hasTool('docker', 'docker rmi NAME@DIGEST against dockyard serve');

describe.runIf(haveDocker)('docker rmi NAME@DIGEST on dockyard serve', {timeout: 30_000}, () => {
	const {home, cleanup} = tempHome('dockyard-serve-rmi-');
	const docker = dockerEnvironment();
	const socket = path.join(home, 'd.sock');
	let served: Served;
	const run = async (...args: string[]) => runProcess('docker', ['-H', `unix://${socket}`, ...args], docker.env);

	beforeAll(async () => {
		await openStore({home}).installOs('NanoServer');
		served = await startServe(home, ['--socket', socket]);
	}, 30_000);

	afterAll(async () => {
		await served?.stop();
		docker.cleanup();
		cleanup();
	}, 30_000);

	test('only the digest reference goes', async () => {
		const image = openStore({home}).read().image('nanoserver');
		const reference = image.repoDigests[0]!.replace(/^docker\.io\/library\//, '');
		const removed = await run('rmi', reference);
		expect(removed.stderr).toBe('');
		expect(removed.stdout).toBe(`Untagged: ${reference}\n`);
		const listed = await run('images', '--digests', '--format', '{{.Repository}}:{{.Tag}} {{.Digest}} {{.ID}}');
		expect(listed.stdout).toContain(`nanoserver:latest <none> ${image.shortId}`);
	});
});
