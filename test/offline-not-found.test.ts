/**
 * On the default (offline) hub, a docker.io name the catalog lacks says in
 * one line where docker.io names go and how to send them to Docker Hub,
 * from the core, so the CLI and the TUI's Hub say the same.
 */
import {afterEach, beforeEach, describe, expect, test} from 'vitest';
import {NotFoundError} from '../source/core/errors.js';
import {openStore} from '../source/core/store/store.js';
import {dockyard, tempHome} from './helpers/cli.js';

const hint = 'docker.io names go to the offline catalog, which has no busybox; `dockyard hub dockerhub` (or --hub dockerhub for one command) sends them to Docker Hub';

describe('pull of a name the offline catalog lacks', () => {
	let home: string;
	let cleanup: () => void;
	beforeEach(() => {
		({home, cleanup} = tempHome());
	});
	afterEach(() => {
		cleanup();
	});

	test('the CLI names the offline catalog and `dockyard hub dockerhub`, in one line', async () => {
		const result = await dockyard(home, ['pull', 'busybox'], {env: {DOCKYARD_HUB: undefined}});
		expect(result.code).toBe(1);
		expect(result.stderr).toBe(`Error: manifest for busybox:latest not found: manifest unknown: ${hint}\n`);
	});

	test('in process (what the TUI\'s Hub shows): the same error from the core', async () => {
		const store = openStore({home});
		const failure = await store.pull('busybox').then(() => undefined, (error: unknown) => error);
		expect(failure).toBeInstanceOf(NotFoundError);
		expect((failure as Error).message).toBe(`manifest for busybox:latest not found: manifest unknown: ${hint}`);
	});

	test('a known repository with an unknown tag keeps docker\'s words alone', async () => {
		const result = await dockyard(home, ['pull', 'microsoft/iis:9.9']);
		expect(result.stderr).toBe('Error: manifest for microsoft/iis:9.9 not found: manifest unknown\n');
	});
});
