import {readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, test} from 'vitest';
import {ConflictError, NotFoundError, UsageError} from '../source/core/errors.js';
import {historyRows} from '../source/core/store/history.js';
import type {IndexData} from '../source/core/store/records.js';
import {openStore, type Store} from '../source/core/store/store.js';
import {tempHome} from './helpers/cli.js';

/** The index's records as they are on disk. */
function indexOf(store: Store): IndexData {
	return JSON.parse(readFileSync(store.indexPath, 'utf8')) as IndexData;
}

describe('the store\'s rules', () => {
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

	test('an install without a version takes the latest and tags it latest too', () => {
		const core = store.read().image('windowsservercore:latest');
		expect(core.tags).toEqual(['windowsservercore:10.0.10586.0', 'windowsservercore:latest']);
		expect(core.isOSImage).toBe(true);
		expect(core.publisher).toBe('Microsoft');
	});

	test('an older version installs beside the latest without taking its tag', async () => {
		await store.installOs('windowsservercore', '10.0.10514.0');
		const old = store.read().image('windowsservercore:10.0.10514.0');
		expect(old.tags).toEqual(['windowsservercore:10.0.10514.0']);
		expect(store.read().image('windowsservercore').id).not.toBe(old.id);
	});

	test('pull records the base as parent and counts layers already there', async () => {
		const events: string[] = [];
		const result = await store.pull('microsoft/iis', {onProgress(event) {
			if (event.kind === 'layer') {
				events.push(event.status);
			}
		}});
		const view = store.read();
		const iis = view.image('microsoft/iis');
		expect(iis.parent).toBe(view.image('windowsservercore').id);
		expect(events).toContain('Already exists');
		expect(events).toContain('Downloading');
		expect(events).toContain('Pull complete');
		expect(result.upToDate).toBe(false);
		expect(view.dependents(view.image('windowsservercore').id)).toEqual([{kind: 'image', id: iis.id, tags: ['microsoft/iis:latest']}]);
	});

	test('naming one of several tags only untags; by id it must be forced', async () => {
		await store.tag('windowsservercore', 'mycore:1');
		const id = store.read().image('mycore:1').id;
		expect(store.planRemoval('mycore:1')).toMatchObject({allowed: true, untagged: ['mycore:1'], deleted: []});
		const plan = store.planRemoval(id.slice(7, 19));
		expect(plan.allowed).toBe(false);
		expect(plan.allowed === false && plan.message).toBe(`conflict: unable to delete ${id.slice(7, 19)} (must be forced) - image is referenced in multiple repositories`);
		const result = await store.removeImage(id.slice(7, 19), {force: true});
		expect(result.untagged).toEqual(['mycore:1', 'windowsservercore:10.0.10586.0', 'windowsservercore:latest']);
		expect(result.deleted).toEqual([id]);
	});

	test('a stopped container blocks removal, whatever force says, and nothing changes', async () => {
		const container = await store.createContainer('windowsservercore');
		const before = indexOf(store);
		const plan = store.planRemoval('windowsservercore:latest', {force: true});
		expect(plan.allowed).toBe(true); // one of two tags: an untag, which leaves the container's image alone
		await store.untag('windowsservercore:10.0.10586.0');
		const refused = store.planRemoval('windowsservercore', {force: true});
		expect(refused.allowed).toBe(false);
		if (!refused.allowed) {
			expect(refused.message).toBe(`conflict: unable to delete ${container.image.slice(7, 19)} (cannot be forced) - image is being used by stopped container ${container.id.slice(0, 12)}`);
			expect(refused.dependents).toEqual([{kind: 'container', id: container.id, name: container.name, status: 'created', statusText: 'stopped'}]);
			expect(refused.rule).toMatch(/even a stopped container/);
		}

		await expect(store.removeImage('windowsservercore', {force: true})).rejects.toBeInstanceOf(ConflictError);
		const after = indexOf(store);
		expect(after.images).toEqual(before.images);
		expect(after.containers).toEqual(before.containers);
		expect(after.journal.at(-1)).toMatchObject({action: 'rmi', ok: false});
	});

	test('a child image blocks removal of its parent and is named', async () => {
		await store.pull('microsoft/iis');
		const plan = store.planRemoval('windowsservercore:latest');
		expect(plan.allowed).toBe(true);
		await store.untag('windowsservercore:latest');
		const refused = store.planRemoval('windowsservercore:10.0.10586.0');
		expect(refused.allowed).toBe(false);
		expect(!refused.allowed && refused.message).toMatch(/\(cannot be forced\) - image has dependent child images: [a-f\d]{12} \(microsoft\/iis:latest\)$/);
	});

	test('commit makes a child with a real layer, history and PowerShell labels', async () => {
		const container = await store.createContainer('windowsservercore', {name: 'web'});
		const file = path.join(home, 'app.txt');
		writeFileSync(file, 'hello');
		await store.copyIntoContainer('web', file, 'C:\\app\\');
		const image = await store.commit('web', {repository: 'demoimage', publisher: 'Demo', title: 'DemoImage', version: '1.0', message: 'first'});
		const view = store.read();
		expect(image.parent).toBe(container.image);
		expect(image.layers).toHaveLength(view.byId(container.image)!.layers.length + 1);
		expect(image).toMatchObject({title: 'DemoImage', publisher: 'Demo', version: '1.0.0.0', isOSImage: false, tags: ['demoimage:latest']});
		const rows = historyRows(view, image.id, await store.config(image.id));
		expect(rows[0]).toMatchObject({id: image.id, comment: 'first'});
		expect(rows[0]!.size).toBeGreaterThan(0);
		expect(rows.find(row => row.id === container.image)).toBeDefined();
		expect((await store.fsck()).problems).toEqual([]);
	});

	test('commit without changes adds an empty history step', async () => {
		await store.createContainer('windowsservercore', {name: 'empty'});
		const image = await store.commit('empty');
		expect(image.tags).toEqual([]);
		expect(image.layers).toEqual(store.read().image('windowsservercore').layers);
		expect(store.read().dangling().map(each => each.id)).toEqual([image.id]);
	});

	test('removing a child also deletes an untagged parent left with nothing, unless told not to', async () => {
		const build = async () => {
			await store.createContainer('windowsservercore', {name: 'first'});
			const middle = await store.commit('first', {repository: 'middle'});
			await store.removeContainer('first');
			await store.createContainer('middle', {name: 'second'});
			const top = await store.commit('second', {repository: 'top'});
			await store.removeContainer('second');
			await store.untag('middle');
			return {middle, top};
		};

		const once = await build();
		expect((await store.removeImage('top')).deleted).toEqual([once.top.id, once.middle.id]);
		const twice = await build();
		expect((await store.removeImage('top', {prune: false})).deleted).toEqual([twice.top.id]);
		expect(store.read().byId(twice.middle.id)).toBeDefined();
	});

	test('containers: names are unique and valid, paths stay inside', async () => {
		await store.createContainer('windowsservercore', {name: 'one'});
		await expect(store.createContainer('windowsservercore', {name: 'one'})).rejects.toThrow(/already in use/);
		await expect(store.createContainer('windowsservercore', {name: 'bad name'})).rejects.toBeInstanceOf(UsageError);
		const file = path.join(home, 'f.txt');
		writeFileSync(file, 'x');
		await expect(store.copyIntoContainer('one', file, '/../../etc/passwd')).rejects.toBeInstanceOf(UsageError);
		await expect(store.copyIntoContainer('one', path.join(home, 'missing'), '/x')).rejects.toBeInstanceOf(NotFoundError);
		const change = await store.copyIntoContainer('one', file, 'C:\\inetpub\\wwwroot\\index.html');
		expect(change.path).toBe('/inetpub/wwwroot/index.html');
	});

	test('references resolve as docker does: tag, full id, unique prefix', () => {
		const view = store.read();
		const id = view.image('windowsservercore').id;
		expect(view.image(id).id).toBe(id);
		expect(view.image(id.slice(7)).id).toBe(id);
		expect(view.image(id.slice(7, 11)).id).toBe(id);
		expect(view.image('docker.io/library/windowsservercore:latest').id).toBe(id);
		expect(() => view.image('nosuch')).toThrow('No such image: nosuch:latest');
	});

	test('pulling by digest finds the same image, and the journal teaches each step', async () => {
		const first = await store.pull('microsoft/iis:latest');
		const digest = first.lines.find(line => line.startsWith('Digest: '))!.slice(8);
		const again = await store.pull(`microsoft/iis@${digest}`);
		expect(again.image.id).toBe(first.image.id);
		const journal = store.read().journal;
		expect(journal.at(-1)).toMatchObject({action: 'pull', docker: [`docker pull microsoft/iis@${digest}`], ok: true});
		expect(journal[0]).toMatchObject({action: 'os-install', powershell: ['Install-ContainerImage -Name WindowsServerCore']});
	});

	test('prune removes dangling images and unreferenced blobs only', async () => {
		await store.pull('microsoft/iis');
		await store.removeImage('microsoft/iis');
		const report = await store.prune();
		expect(report.deletedBlobs.length).toBeGreaterThan(0);
		expect(report.reclaimed).toBeGreaterThan(0);
		const fsck = await store.fsck();
		expect(fsck).toMatchObject({problems: [], orphans: []});
		expect(store.read().image('windowsservercore')).toBeDefined();
	});

	test('fsck finds a blob whose bytes changed', async () => {
		const core = store.read().image('windowsservercore');
		writeFileSync(store.blobs.path(core.layers[0]!.digest), 'tampered');
		const report = await store.fsck();
		expect(report.problems).toHaveLength(1);
		expect(report.problems[0]).toMatch(/^corrupt blob sha256:[a-f\d]{64} \(layer of image [a-f\d]{12}\): its content hashes to sha256:/);
	});
});

describe('the index file across versions', () => {
	test('an index from a newer dockyard is refused, not rewritten', async () => {
		const {home, cleanup} = tempHome();
		try {
			const file = path.join(home, 'index.json');
			const newer = JSON.stringify({schemaVersion: 99, images: {}, tags: {}, containers: {}, journal: []});
			writeFileSync(file, newer);
			const store = openStore({home});
			expect(() => store.read()).toThrow(/written by a newer dockyard \(schema 99\); upgrade dockyard/);
			await expect(store.tag('a', 'b')).rejects.toThrow(/newer dockyard/);
			expect((await import('node:fs')).readFileSync(file, 'utf8')).toBe(newer);
		} finally {
			cleanup();
		}
	});

	test('an index missing a section reads as empty there and is completed by the next write', async () => {
		const {home, cleanup} = tempHome();
		try {
			writeFileSync(path.join(home, 'index.json'), JSON.stringify({schemaVersion: 1, images: {}, tags: {}}));
			const store = openStore({home});
			expect(store.read().containers).toEqual([]);
			await store.installOs('nanoserver');
			expect(store.read().journal).toHaveLength(1);
		} finally {
			cleanup();
		}
	});
});
