/**
 * T in Local images: an index's platforms as rows under its image, as
 * `docker image ls --tree` lists them, against a real registry serving a
 * two-platform index (this machine's and another). Enter pulls a platform
 * not held, d removes a held one alone (refused while a container depends
 * on it), and the rows' manifests are the ones skopeo reads from the index.
 */
import {execFileSync} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, expect, test} from 'vitest';
import {startLocalRegistry, type LocalRegistry} from '../../source/devtools/local-registry.js';
import {buildImage, buildIndex, pushImage} from '../../source/devtools/oci-images.js';
import {hasTools} from '../helpers/tools.js';
import {dialogText, keys, linesWith, makeStore, renderApp, type Harness} from './helpers.js';

const ready = hasTools(['docker-registry', 'skopeo', 'umoci'], 'platform rows against a real registry');
const here = process.arch === 'arm64' ? 'arm64' : 'amd64';
const other = here === 'arm64' ? 'amd64' : 'arm64';

let registry: LocalRegistry | undefined;
let work: string | undefined;

beforeAll(async () => {
	if (!ready) {
		return;
	}

	work = mkdtempSync(path.join(os.tmpdir(), 'dockyard-platform-rows-'));
	const layout = path.join(work, 'layout');
	registry = await startLocalRegistry();
	await buildImage({layout, tag: here, platform: {os: 'linux', architecture: here}, steps: [{layer: {'v.txt': 'here\n'}, createdBy: 'COPY v.txt /'}]});
	await buildImage({layout, tag: other, platform: {os: 'linux', architecture: other}, steps: [{layer: {'v.txt': 'other\n'}, createdBy: 'COPY v.txt /'}]});
	buildIndex(layout, 'both', [{tag: here, platform: {os: 'linux', architecture: here}}, {tag: other, platform: {os: 'linux', architecture: other}}]);
	await pushImage(layout, 'both', `${registry.host}/team/multi:1`, {all: true});
}, 120_000);

afterAll(async () => {
	await registry?.stop();
	if (work) {
		rmSync(work, {recursive: true, force: true});
	}
});

/** The index's manifests by platform, as skopeo reads them from the registry. */
function indexManifests(reference: string): Map<string, string> {
	const raw = execFileSync('skopeo', ['inspect', '--raw', '--tls-verify=false', `docker://${reference}`], {encoding: 'utf8', timeout: 30_000});
	const index = JSON.parse(raw) as {manifests: Array<{digest: string; platform: {os: string; architecture: string}}>};
	return new Map(index.manifests.map(entry => [`${entry.platform.os}/${entry.platform.architecture}`, entry.digest.slice(7, 19)]));
}

/** The highlight on the row whose text has `text`, moving down from the top (bounded by the rows there are). */
async function highlightRow(app: Harness, text: string): Promise<void> {
	await app.press('g');
	for (let step = 0; step < 12 && !app.highlighted().some(row => row.includes(text)); step++) {
		// eslint-disable-next-line no-await-in-loop
		await app.press('j');
	}

	expect(app.highlighted().some(row => row.includes(text))).toBe(true);
}

test.skipIf(!ready)('T lists an index\'s platforms as rows under its image (held, and not held); Enter pulls one not held, d removes a held one alone, refused while a container uses it', async () => {
	const host = registry!.host;
	const reference = `${host}/team/multi:1`;
	const manifests = indexManifests(reference);
	const store = await makeStore(async setup => {
		await setup.pull(reference);
	});
	const app = renderApp(store.store, {columns: 110, rows: 30});
	await app.waitFor(`${host}/team/multi`);
	expect(app.frame()).not.toContain('└─');

	await app.press('T');
	let screen = await app.waitFor(`└─ linux/${other}`);
	expect(screen).toContain('platforms (T folds)');
	const heldRow = linesWith(screen, `├─ linux/${here}`)[0]!;
	const otherRow = linesWith(screen, `└─ linux/${other}`)[0]!;
	// Each row's id is its manifest in the index, as skopeo reads it.
	expect(heldRow).toContain(manifests.get(`linux/${here}`)!);
	expect(otherRow).toContain(manifests.get(`linux/${other}`)!);
	expect(otherRow).toContain('not held');
	expect(heldRow).not.toContain('not held');

	// A platform not held: a key that needs an image says so; the teaching line is its pull.
	await highlightRow(app, `linux/${other}`);
	await app.waitFor(`docker pull --platform linux/${other} ${reference}`);
	await app.press('c');
	await app.waitFor(`linux/${other} of ${reference} is not held: Enter pulls it`);
	expect(store.fresh().containers).toHaveLength(0);
	await app.press('o');
	await app.waitFor(`linux/${other} of ${reference} is not held: Enter pulls it`);
	expect(app.frame()).not.toContain('(dockyard copy)');

	await app.press(keys.enter);
	screen = await app.waitFor(screen => !linesWith(screen, `└─ linux/${other}`)[0]?.includes('not held'), 20_000);
	expect(store.fresh().images).toHaveLength(2);
	// The tag stays on this machine's platform; the other is under it, not a <none> row of its own.
	expect(screen).not.toContain('<none>');
	expect(store.fresh().images.find(image => image.tags.includes(reference))?.architecture).toBe(here);

	// o on a held platform's row copies that platform alone, as save --platform: here into an OCI archive skopeo reads.
	const archive = path.join(work!, 'other.tar');
	await highlightRow(app, `linux/${other}`);
	await app.press('o');
	await app.waitFor(`Copy linux/${other} of ${reference} (dockyard copy)`);
	await app.type(`oci-archive:${archive}`);
	// (The teaching line wraps before the name at this width.)
	await app.waitFor(`docker save --platform linux/${other} -o ${archive}`);
	await app.press(keys.enter);
	await app.waitFor(`Copied dockyard:${reference} to oci-archive:${archive}`, 20_000);
	const saved = JSON.parse(execFileSync('skopeo', ['inspect', `oci-archive:${archive}`], {encoding: 'utf8', timeout: 30_000})) as {Architecture: string};
	expect(saved.Architecture).toBe(other);

	// A container on the other platform's image: d on its row is refused, naming it, and nothing goes.
	const otherImage = store.fresh().images.find(image => image.architecture === other)!;
	await store.store.createContainer(otherImage.id, {name: 'on-other'});
	await app.waitFor(screen => linesWith(screen, `└─ linux/${other}`)[0]?.includes(' 1 ') ?? false);
	await highlightRow(app, `linux/${other}`);
	await app.press('d');
	screen = await app.waitFor('Refused:');
	expect(dialogText(screen)).toContain(`linux/${other} of ${reference} cannot be removed`);
	expect(dialogText(screen)).toMatch(/container/);
	await app.press(keys.escape);
	expect(store.fresh().images).toHaveLength(2);

	await store.store.removeContainer('on-other');
	await app.waitFor(screen => !(linesWith(screen, `└─ linux/${other}`)[0]?.includes(' 1 ') ?? true));
	await highlightRow(app, `linux/${other}`);
	await app.press('d');
	screen = await app.waitFor(`Remove linux/${other} of ${reference}?`);
	await app.waitFor(`docker rmi --platform linux/${other} ${reference}`);
	await app.press('y');
	await app.waitFor(screen => linesWith(screen, `└─ linux/${other}`)[0]?.includes('not held') ?? false, 10_000);
	const left = store.fresh().images;
	expect(left).toHaveLength(1);
	expect(left[0]!.tags).toEqual([reference]);
	expect(left[0]!.architecture).toBe(here);

	await app.press('T');
	await app.waitFor(screen => !screen.includes('└─'));
	app.unmount();
	store.cleanup();
}, 90_000);
