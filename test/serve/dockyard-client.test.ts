/**
 * Both directions of the one Engine API model: dockyard's own engine client
 * (`dockyard -H unix://…`) reading the store through `dockyard serve` prints
 * what `dockyard` prints reading the store directly.
 */
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {dockyard, tempHome} from '../helpers/cli.js';
import {startServe, type Served} from './serve-helpers.js';

describe('dockyard\'s engine client on dockyard serve', {timeout: 30_000}, () => {
	const {home, cleanup} = tempHome('dockyard-serve-client-');
	const host = `unix://${path.join(home, 'd.sock')}`;
	let served: Served;

	beforeAll(async () => {
		expect((await dockyard(home, ['os', 'install', 'WindowsServerCore'])).code).toBe(0);
		expect((await dockyard(home, ['create', '--name', 'web', 'windowsservercore'])).code).toBe(0);
		served = await startServe(home, ['-H', host]);
	}, 60_000);

	afterAll(async () => {
		expect(await served?.stop()).toBe(0);
		cleanup();
	}, 30_000);

	test.each([[['images', '--no-trunc']], [['history', 'windowsservercore']], [['ps', '-a', '--no-trunc']]])('%j reads the same through the API as from the store', async args => {
		const direct = await dockyard(home, args);
		const served = await dockyard(home, ['-H', host, ...args]);
		expect(direct.code).toBe(0);
		expect(served.stderr).toBe('');
		// Seconds tick between the two reads: the ages are compared as words, the columns as they are otherwise.
		const settled = (text: string) => args[0] === 'ps' ? text.replaceAll(/(Less than a second|\d+ seconds?|About a minute) ago/g, 'AGE').replaceAll(/ {2,}/g, '  ') : text;
		expect(settled(served.stdout)).toBe(settled(direct.stdout));
	});

	test('a removal the store refuses is refused through the API in the same words', async () => {
		const direct = await dockyard(home, ['rmi', 'windowsservercore:latest', 'windowsservercore:10.0.10586.0']);
		const served = await dockyard(home, ['-H', host, 'rmi', 'windowsservercore:latest', 'windowsservercore:10.0.10586.0']);
		expect(direct.code).toBe(1);
		expect(served.code).toBe(1);
		expect(served.stderr.split('\n').at(-2)).toContain('image is being used by stopped container');
		expect(direct.stderr).toContain('image is being used by stopped container');
	});
});
