import {afterEach, beforeEach, describe, expect, test} from 'vitest';
import {need, type Backend} from '../../source/core/backend/backend.js';
import {Snapshot} from '../../source/core/backend/snapshot.js';
import {openStoreBackend} from '../../source/core/backend/store-backend.js';
import {ConflictError} from '../../source/core/errors.js';
import {openStore} from '../../source/core/store/store.js';
import {tempHome} from '../helpers/cli.js';

describe('the embedded store behind the Backend interface', () => {
	let home: string;
	let cleanup: () => void;
	let backend: Backend;

	beforeEach(async () => {
		({home, cleanup} = tempHome());
		backend = openStoreBackend({home, offlineBytesPerSecond: 0});
		await need(backend, 'osImages', 'Install-ContainerImage').install('WindowsServerCore', '10.0.10586.0');
		await backend.pull('microsoft/iis');
	});
	afterEach(() => {
		cleanup();
	});

	test('its snapshot is the core\'s Snapshot, with the store\'s title, teaching context and every capability', async () => {
		const snapshot = await backend.snapshot();
		expect(snapshot).toBeInstanceOf(Snapshot);
		expect(snapshot.image('microsoft/iis').tags).toEqual(['microsoft/iis:latest']);
		expect(snapshot.chain(snapshot.image('microsoft/iis').id).map(image => image.tags[0])).toEqual(['microsoft/iis:latest', 'windowsservercore:10.0.10586.0']);
		expect(backend.snapshotNow?.().images.length).toBe(2);
		expect(backend.label).toBe(`store: ${home}`);
		expect(backend.teaching).toEqual({docker: 'docker'});
		expect(Object.keys(backend.capabilities).sort()).toEqual(['checkPull', 'containerChanges', 'files', 'freedIfRemoved', 'fsck', 'imageLayers', 'journal', 'journalWrite', 'layerFiles', 'load', 'osImages', 'platforms', 'prune', 'push', 'reset', 'save', 'settings']);
		expect(snapshot.journal.map(entry => entry.action)).toEqual(['os-install', 'pull']);
	});

	test('a container refuses the batch that would remove its image; nothing changes, the refusal names it', async () => {
		const created = await backend.createContainer('microsoft/iis', {name: 'web'});
		const base = (await backend.snapshot()).image('windowsservercore:10.0.10586.0').id;
		const plan = await backend.planRemoval(['microsoft/iis', base]);
		expect(plan.allowed).toBe(false);
		expect(!plan.allowed && plan.refusals.map(refusal => refusal.dependents.map(dependent => dependent.id))).toEqual([[created.id], [(await backend.snapshot()).image('microsoft/iis').id]]);
		const error = await backend.remove(['microsoft/iis']).catch((error_: unknown) => error_);
		expect(error).toBeInstanceOf(ConflictError);
		expect((error as ConflictError).message).toContain(`image is being used by stopped container ${created.id.slice(0, 12)}`);
		expect((await backend.snapshot()).images.length).toBe(2);
		// A second process sees the same: nothing was written but the journal's refusal.
		expect(openStore({home}).read().journal.at(-1)).toMatchObject({action: 'rmi', ok: false});
	});

	test('two tags of one image removed as one decision delete it; the parent goes with its container gone', async () => {
		await backend.tag('microsoft/iis', 'team/site:v1');
		expect((await backend.planRemoval(['team/site:v1'])).allowed && (await backend.planRemoval(['team/site:v1']))).toMatchObject({deleted: []});
		const iis = (await backend.snapshot()).image('microsoft/iis').id;
		const result = await backend.remove(['team/site:v1', 'microsoft/iis']);
		expect(result.untagged).toEqual(['team/site:v1', 'microsoft/iis:latest']);
		expect(result.deleted).toEqual([iis]);
		expect(result.teach.docker).toEqual(['docker rmi team/site:v1 microsoft/iis']);
		expect((await backend.snapshot()).images.map(image => image.tags[0])).toEqual(['windowsservercore:10.0.10586.0']);
	});

	test('history, inspect, tag and untag, a container with a file, a commit: all through the interface', async () => {
		const snapshot = await backend.snapshot();
		const iis = snapshot.image('microsoft/iis');
		const rows = await backend.history('microsoft/iis', snapshot);
		expect(rows[0]!.id).toBe(iis.id);
		expect(await backend.inspect('microsoft/iis')).toMatchObject({Id: iis.id, RepoTags: ['microsoft/iis:latest'], Parent: iis.parent});
		await backend.tag('microsoft/iis', 'team/site:v1');
		expect(await backend.untag('team/site:v1')).toBe('team/site:v1');
		const web = await backend.createContainer('microsoft/iis', {name: 'web'});
		const {writeFileSync} = await import('node:fs');
		const file = `${home}/index.html`;
		writeFileSync(file, 'hello');
		expect(await backend.copyIntoContainer('web', file, '/inetpub/wwwroot/')).toMatchObject({path: '/inetpub/wwwroot/index.html', size: 5});
		const committed = await backend.commit('web', {repository: 'team/site:v2'});
		const after = await backend.snapshot();
		expect(after.image('team/site:v2').id).toBe(committed.id);
		expect(after.byId(committed.id)!.parent).toBe(iis.id);
		expect(after.container('web').statusText).toBe('Created');
		expect((await backend.removeContainer(web.id)).name).toBe('web');
	});

	test('watch calls back when another process changes the index, and stops when unsubscribed', async () => {
		let calls = 0;
		const stop = backend.watch(() => {
			calls++;
		});
		try {
			await openStore({home}).tag('microsoft/iis', 'team/other:1');
			const deadline = Date.now() + 5000;
			while (calls === 0 && Date.now() < deadline) {
				// eslint-disable-next-line no-await-in-loop
				await new Promise(resolve => {
					setTimeout(resolve, 20);
				});
			}

			expect(calls).toBeGreaterThan(0);
		} finally {
			stop();
		}
	});
});
