/**
 * `rmi NAME@DIGEST` removes that digest reference only, as docker's daemon
 * does (`Untagged: repo@sha256:…`), never the image and its tags; the last
 * reference of an image takes the image with it, by the image's rules
 * (a container refuses it). The store, the planner the TUI asks, and the CLI agree.
 */
import {afterEach, beforeEach, describe, expect, test} from 'vitest';
import {ConflictError} from '../source/core/errors.js';
import {openStore, type Store} from '../source/core/store/store.js';
import {dockyard, tempHome} from './helpers/cli.js';

describe('rmi NAME@DIGEST', () => {
	let home: string;
	let cleanup: () => void;
	let store: Store;

	beforeEach(async () => {
		({home, cleanup} = tempHome());
		store = openStore({home});
		await store.installOs('WindowsServerCore');
	});
	afterEach(() => {
		cleanup();
	});

	test('an image with a tag keeps it and its id: only the digest reference goes', async () => {
		const pulled = await store.pull('microsoft/iis');
		const repoDigest = pulled.image.repoDigests[0]!;
		const familiar = repoDigest.replace(/^docker\.io\//, '');
		expect(familiar).toMatch(/^microsoft\/iis@sha256:[a-f\d]{64}$/);

		const plan = store.planRemoval(familiar);
		expect(plan).toMatchObject({allowed: true, untagged: [familiar], deleted: []});

		const result = await store.removeImage(familiar);
		expect(result.untagged).toEqual([familiar]);
		expect(result.deleted).toEqual([]);
		const after = store.read().image('microsoft/iis');
		expect(after.id).toBe(pulled.image.id);
		expect(after.tags).toEqual(['microsoft/iis:latest']);
		expect(after.repoDigests).toEqual([]);
		// Gone as a name: naming it again finds nothing.
		await expect(store.removeImage(familiar)).rejects.toThrow(/No such image/);
	});

	test('the CLI prints docker\'s one line and keeps the image listed', async () => {
		const pulled = await store.pull('microsoft/iis');
		const familiar = pulled.image.repoDigests[0]!.replace(/^docker\.io\//, '');
		const removed = await dockyard(home, ['rmi', familiar]);
		expect(removed.stderr).toBe('');
		expect(removed.code).toBe(0);
		expect(removed.stdout).toBe(`Untagged: ${familiar}\n`);
		const images = await dockyard(home, ['images', '--format', '{{.Repository}}:{{.Tag}} {{.ID}}']);
		expect(images.stdout).toContain(`microsoft/iis:latest ${pulled.image.id.slice(7, 19)}`);
	});

	test('an image named only by its digest: its last reference takes it, unless a container uses it', async () => {
		const byTag = await store.pull('microsoft/iis');
		const familiar = byTag.image.repoDigests[0]!.replace(/^docker\.io\//, '');
		await store.untag('microsoft/iis:latest');
		expect(store.read().image(familiar).tags).toEqual([]);

		const container = await store.createContainer(familiar, {name: 'web'});
		expect(store.planRemoval(familiar)).toMatchObject({allowed: false});
		await expect(store.removeImage(familiar)).rejects.toBeInstanceOf(ConflictError);
		expect(store.read().image(familiar).id).toBe(byTag.image.id);

		await store.removeContainer(container.id);
		const result = await store.removeImage(familiar);
		expect(result.untagged).toEqual([familiar]);
		expect(result.deleted[0]).toBe(byTag.image.id);
		expect(store.read().images.map(image => image.id)).not.toContain(byTag.image.id);
	});
});
