import {existsSync} from 'node:fs';
import {beforeAll, describe, expect, test} from 'vitest';
import {cliPath, dockyard} from '../helpers/cli.js';
import {linesWith, makeStore, renderApp, seeded, type Harness, type TestStore} from './helpers.js';

let app: Harness | undefined;
let store: TestStore | undefined;

beforeAll(() => {
	if (!existsSync(cliPath)) {
		throw new Error(`${cliPath} is missing: build first (npx tsc -p .)`);
	}
});

/** What another terminal does shows up here within about a second, without a key. */
const withinASecond = 1500;

async function cli(...args: string[]): Promise<void> {
	const run = await dockyard(store!.home, args);
	expect(run.stderr).toBe('');
	expect(run.code).toBe(0);
}

describe('live', () => {
	test('the CLI in another process tags, creates and removes: the panes follow within a second', async () => {
		store = await makeStore(async s => seeded(s, {container: false}));
		app = renderApp(store.store);
		await app.waitFor('microsoft/iis');

		await cli('tag', 'microsoft/iis', 'live/demo:1');
		let screen = await app.waitFor('live/demo', withinASecond);
		expect(linesWith(screen, 'live/demo')[0]).toMatch(/live\/demo\s+1\s+[\da-f]{12}/);
		// The highlight stays on the row it was on (microsoft/iis), now the second: a selection is an identity.
		expect(screen).toContain('Local images 2/4');
		expect(app.highlighted().at(-1)).toMatch(/microsoft\/iis\s+latest/);

		await cli('create', '--name', 'second', 'live/demo:1');
		screen = await app.waitFor(frame => /microsoft\/iis\s.*\s1\s*$/m.test(frame), withinASecond);
		expect(linesWith(screen, 'live/demo')[0]).toMatch(/\s1\s*$/);

		await app.press('4');
		await app.waitFor(' second ');

		await cli('rm', 'second');
		await app.waitFor('No containers', withinASecond);
		await app.press('1');
		await cli('rmi', 'live/demo:1');
		screen = await app.waitFor(frame => !frame.includes('live/demo'), withinASecond);
		expect(screen).toContain('Local images 1/3');
	});

	test('the cursor stays on its image when another process adds rows above it', async () => {
		store = await makeStore(async s => seeded(s, {container: false}));
		app = renderApp(store.store);
		await app.waitFor('microsoft/iis');
		await app.press('G');
		await app.waitFor('images 3/3');
		expect(app.highlighted().at(-1)).toMatch(/windowsservercore\s+latest/);
		await cli('tag', 'microsoft/iis', 'aaa/first:1');
		await app.waitFor('aaa/first', withinASecond);
		await app.waitFor('images 4/4');
		expect(app.highlighted().at(-1)).toMatch(/windowsservercore\s+latest/);
	});
});
