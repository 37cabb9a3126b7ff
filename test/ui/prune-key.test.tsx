import path from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import type {Store} from '../../source/core/store/store.js';
import {dockyard} from '../helpers/cli.js';
import {writeDockerArchive} from '../helpers/tar-layers.js';
import {makeStore, renderApp, type Harness, type TestStore} from './helpers.js';

let app: Harness | undefined;
let store: TestStore | undefined;

afterEach(() => {
	app?.unmount();
	app = undefined;
	store?.cleanup();
	store = undefined;
});

const base = {createdBy: '/bin/sh -c #(nop) ADD file:base in /', entries: [{name: 'etc/hosts', text: '127.0.0.1 localhost\n'}]};

/** team/app:v1 loaded twice: the first one, left without its tag, is dangling; the base layer stays with the second. */
async function withDangling(s: Store): Promise<void> {
	for (const [index, text] of ['one\n', 'two, longer\n'].entries()) {
		const file = path.join(s.home, `app${index}.tar`);
		// eslint-disable-next-line no-await-in-loop
		await writeDockerArchive(file, 'team/app:v1', [base, {createdBy: `/bin/sh -c echo ${index}`, entries: [{name: 'app/version', text}]}]);
		// eslint-disable-next-line no-await-in-loop
		await s.load(file);
	}
}

/** The dialog's lines, the frame's edges taken off. */
function dialogText(screen: string): string[] {
	return screen.split('\n').map(line => line.replace(/^[│║]\s?/, '').replace(/\s*[│║]$/, '').trimEnd());
}

describe('Local images: X prunes, showing first what goes', () => {
	test('the confirmation lists prune --dry-run\'s images, blobs and reclaimable space before it asks; y prunes', async () => {
		store = await makeStore(async s => withDangling(s));
		// The CLI's dry run on the same store: what the dialog must list (the CLI's prune is compared with dockerd's elsewhere).
		const dry = await dockyard(store.home, ['prune', '--dry-run']);
		expect(dry.code).toBe(0);
		const expected = dry.stdout.split('\n').filter(line => /^(Would delete|deleted:|untagged:|Total reclaimable space)/.test(line));
		expect(expected.some(line => line.startsWith('deleted: sha256:'))).toBe(true);
		app = renderApp(store.store, {columns: 120, rows: 40});
		await app.waitFor('team/app');
		await app.press('X');
		const screen = await app.waitFor('Are you sure you want to continue? [y/N]', 20_000);
		const shown = dialogText(screen);
		expect(shown).toContain('WARNING! This will remove all dangling images.');
		for (const line of expected) {
			expect(shown).toContain(line);
		}

		const total = expected.find(line => line.startsWith('Total reclaimable space: '))!.replace('Total reclaimable space: ', '');
		await app.press('y');
		await app.waitFor(`Total reclaimed space: ${total}`, 20_000);
		expect(store.fresh().images).toHaveLength(1);
		// Nothing left to prune: nothing is asked.
		await app.press('X');
		await app.waitFor('No dangling images and no unused blobs.', 20_000);
	});
});
