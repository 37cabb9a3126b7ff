/**
 * `dockyard images | head -1`: the reader goes away before the verb is done
 * writing. docker dies of SIGPIPE, silently (a shell reports 141); dockyard
 * prints nothing either, no EPIPE stack trace, and exits 141.
 */
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {dockyard, finished, startDockyard, tempHome} from './helpers/cli.js';

describe('a reader that goes away', () => {
	const {home, cleanup} = tempHome('dockyard-pipe-');
	beforeAll(async () => {
		expect((await dockyard(home, ['os', 'install', 'nanoserver'])).code).toBe(0);
	}, 60_000);
	afterAll(cleanup);

	const verbs = [['images'], ['search', '*'], ['history', 'nanoserver'], ['Get-ContainerImage'], ['inspect', 'nanoserver'], ['--help'], ['images', '--help']].map(args => ({args}));
	test.each(verbs)('dockyard $args with its stdout closed before it writes: quiet, status 141', async ({args}) => {
		const child = startDockyard(home, args);
		// Our end of the pipe closed at once: every write the verb makes meets EPIPE, as after `head -1` has exited.
		child.stdout!.destroy();
		const result = await finished(child, 30_000, args);
		// search names on stderr the hub that answered, as it always does; nothing else is written there.
		expect(result.stderr.replace(/^Hub: .*\n/, '')).toBe('');
		expect(result.code).toBe(141);
	});
});
