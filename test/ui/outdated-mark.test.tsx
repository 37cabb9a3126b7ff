import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, expect, test} from 'vitest';
import {startLocalRegistry, type LocalRegistry} from '../../source/devtools/local-registry.js';
import {buildImage, buildIndex, pushImage} from '../../source/devtools/oci-images.js';
import {hasTools} from '../helpers/tools.js';
import {keys, linesWith, makeStore, renderApp, type Harness} from './helpers.js';

const ready = hasTools(['docker-registry', 'skopeo', 'umoci'], 'outdated marks against a real registry');

let registry: LocalRegistry | undefined;
let work: string | undefined;
let layout = '';

beforeAll(async () => {
	if (!ready) {
		return;
	}

	work = mkdtempSync(path.join(os.tmpdir(), 'dockyard-outdated-'));
	layout = path.join(work, 'layout');
	registry = await startLocalRegistry();
	await buildImage({layout, tag: 'v1', steps: [{layer: {'v.txt': 'one\n'}, createdBy: 'COPY v.txt /'}]});
	await buildImage({layout, tag: 'v2', steps: [{layer: {'v.txt': 'two\n'}, createdBy: 'COPY v.txt /'}], created: '2025-05-06T07:08:09Z'});
	await pushImage(layout, 'v1', `${registry.host}/team/app:1`);
	await pushImage(layout, 'v1', `${registry.host}/team/same:1`);
	// An index of two platforms, this machine's and one it is not.
	await buildImage({layout, tag: 'other', platform: {os: 'linux', architecture: process.arch === 'arm64' ? 'amd64' : 'arm64'}, steps: [{layer: {'v.txt': 'other\n'}, createdBy: 'COPY v.txt /'}]});
	buildIndex(layout, 'both', [{tag: 'v1', platform: {os: 'linux', architecture: process.arch === 'arm64' ? 'arm64' : 'amd64'}}, {tag: 'other', platform: {os: 'linux', architecture: process.arch === 'arm64' ? 'amd64' : 'arm64'}}]);
	await pushImage(layout, 'both', `${registry.host}/team/multi:1`, {all: true});
}, 120_000);

afterAll(async () => {
	await registry?.stop();
	if (work) {
		rmSync(work, {recursive: true, force: true});
	}
});

/** Whether Local images (filtered down to `repository`'s one row) draws it with the outdated mark in its first column. */
function marked(screen: string, repository: string): boolean {
	expect(screen).toContain(`filter: ${repository}`);
	return screen.split('\n').some(line => /^[│║]↑ +127\.0\.0\.1/.test(line));
}

/** Local images filtered down to `name`'s row, highlighted. */
async function highlight(app: Harness, name: string): Promise<void> {
	await app.press('/');
	await app.type(name);
	await app.press(keys.enter);
	await app.waitFor(screen => linesWith(screen, name).length > 0 && app.highlighted().some(row => row.includes(name)));
}

test.skipIf(!ready)('u asks the registry whether a newer image is behind the tag: ↑ marks it and y pulls it, the old image staying; up to date and offline say so', async () => {
	const host = registry!.host;
	const store = await makeStore(async setup => {
		await setup.pull(`${host}/team/app:1`);
		await setup.pull(`${host}/team/same:1`);
		await setup.installOs('WindowsServerCore', '10.0.10586.0');
		await setup.pull('microsoft/iis');
	});
	// The registry moves team/app:1 on; team/same:1 stays.
	await pushImage(layout, 'v2', `${host}/team/app:1`);
	const before = store.fresh().images.find(image => image.tags.includes(`${host}/team/app:1`))!;
	const app = renderApp(store.store, {columns: 120, rows: 30});
	await app.waitFor(`${host}/team/app`);

	await highlight(app, 'team/app');
	await app.press('u');
	let screen = await app.waitFor(`Pull the newer ${host}/team/app:1 now? y/N`);
	expect(screen).toContain(`${host}/team/app:1 is outdated`);
	await app.press('n');
	screen = await app.waitFor(screen => !screen.includes('Pull the newer'));
	expect(marked(screen, 'team/app')).toBe(true);
	await app.press('u');
	await app.waitFor('Pull the newer');
	await app.press('y');
	await app.waitFor(`Status: Downloaded newer image for ${host}/team/app:1`, 15_000);
	const images = store.fresh().images;
	const after = images.find(image => image.tags.includes(`${host}/team/app:1`))!;
	expect(after.id).not.toBe(before.id);
	// The old image stays: team/same:1 still names it (with no other tag it would stay untagged, as docker leaves it).
	expect(images.find(image => image.id === before.id)?.tags).toEqual([`${host}/team/same:1`]);
	// The mark was the old row's: the tag's row now is the newer image, unmarked.
	screen = await app.waitFor(screen => linesWith(screen, `${host}/team/app`).some(line => line.includes(after.id.slice(7, 19))));
	expect(marked(screen, 'team/app')).toBe(false);

	await app.press(keys.escape);
	await highlight(app, 'team/same');
	await app.press('u');
	screen = await app.waitFor(`${host}/team/same:1 is up to date`);
	expect(marked(screen, 'team/same')).toBe(false);

	await app.press(keys.escape);
	await highlight(app, 'microsoft/iis');
	await app.press('u');
	await app.waitFor('microsoft/iis:latest comes from the offline hub: never outdated');
}, 60_000);
