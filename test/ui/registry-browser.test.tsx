import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {RegistryBrowser, browserFor, type Page} from '../../source/core/hub/registry/browse.js';
import {startLocalRegistry, type LocalRegistry} from '../../source/devtools/local-registry.js';
import {buildImage, buildIndex, pushImage} from '../../source/devtools/oci-images.js';
import {hasTools} from '../helpers/tools.js';
import {keys, linesWith, makeStore, renderApp} from './helpers.js';

const ready = hasTools(['docker-registry', 'skopeo', 'umoci'], 'the registry browser against a real registry');

let registry: LocalRegistry | undefined;
let work: string | undefined;
let indexDigest = '';
/** Repositories on the registry, in the catalog's (sorted) order. */
const repositories = ['team/a1', 'team/a2', 'team/a3', 'team/a4', 'team/a5', 'team/a6', 'team/multi', 'zz/last'];

/** The catalog two names a page, so a screen of rows takes several pages and scrolling takes more. */
class TwoAPage extends RegistryBrowser {
	override async catalogPage(next?: string, signal?: AbortSignal): Promise<Page> {
		return super.catalogPage(next, signal, 2);
	}
}

const browser = (domain: string) => new TwoAPage(browserFor(domain, []).client);

beforeAll(async () => {
	if (!ready) {
		return;
	}

	work = mkdtempSync(path.join(os.tmpdir(), 'dockyard-browse-'));
	const layout = path.join(work, 'layout');
	registry = await startLocalRegistry();
	await buildImage({layout, tag: 'amd', steps: [{layer: {'hello.txt': 'amd64\n'}, createdBy: 'COPY hello.txt /'}, {labels: {'org.opencontainers.image.title': 'browsed'}, createdBy: 'LABEL'}]});
	await buildImage({layout, tag: 'arm', platform: {os: 'linux', architecture: 'arm64'}, steps: [{layer: {'hello.txt': 'arm64\n'}, createdBy: 'COPY hello.txt /'}]});
	indexDigest = buildIndex(layout, 'both', [{tag: 'amd', platform: {os: 'linux', architecture: 'amd64'}}, {tag: 'arm', platform: {os: 'linux', architecture: 'arm64'}}]).digest;
	await pushImage(layout, 'both', `${registry.host}/team/multi:1.0`, {all: true});
	await pushImage(layout, 'amd', `${registry.host}/team/multi:2.0`);
	for (const repository of repositories.filter(name => name !== 'team/multi')) {
		// eslint-disable-next-line no-await-in-loop
		await pushImage(layout, 'amd', `${registry.host}/${repository}:latest`);
	}
}, 120_000);

afterAll(async () => {
	await registry?.stop();
	if (work) {
		rmSync(work, {recursive: true, force: true});
	}
});

describe.skipIf(!ready)('the Hub\'s registry browser (HOST/ in the search box)', () => {
	test('repositories a page at a time as the list scrolls, a repository\'s tags, a tag\'s details; Esc and Backspace go back; Enter pulls', async () => {
		const {domain} = {domain: registry!.host};
		const store = await makeStore();
		const app = renderApp(store.store, {columns: 120, rows: 16, browser});
		await app.press('2');
		await app.waitFor('microsoft/aspnet');
		await app.press('/');
		await app.type(`${domain}/`);
		await app.press(keys.enter);
		let screen = await app.waitFor(`${domain}/team/a1`);
		expect(screen).toContain(`Repositories of ${domain}`);
		// A screenful is fetched, not the whole catalog: the last page waits for the list to scroll.
		screen = await app.waitFor('more pages as you scroll');
		expect(screen).not.toContain(`${domain}/zz/last`);
		// G goes to the last row fetched, which fetches the next page: a few times, to the catalog's end.
		for (let tries = 0; tries < 10 && !app.frame().includes(`${domain}/zz/last`); tries++) {
			// eslint-disable-next-line no-await-in-loop
			await app.press('G');
			// eslint-disable-next-line no-await-in-loop
			await app.waitFor(`${domain}/zz/last`, 2000).catch(() => undefined);
		}

		screen = await app.waitFor(`${domain}/zz/last`);
		await app.press('g');
		// Down to team/multi, its tags.
		for (let row = 0; row < repositories.indexOf('team/multi'); row++) {
			// eslint-disable-next-line no-await-in-loop
			await app.press(keys.down);
		}

		await app.press(keys.enter);
		screen = await app.waitFor(screen => screen.includes(`${domain}/team/multi:1.0`) && screen.includes(`${domain}/team/multi:2.0`));
		expect(screen).not.toContain(`${domain}/team/a1`);
		// The tags in the registry's order: 1.0 (an index of two platforms) highlighted, with or without a key.
		const indexFirst = app.highlighted()[0]!.includes(':1.0');
		if (!indexFirst) {
			await app.press(keys.down);
		}

		// The highlighted tag's details, from its manifest and configs: nothing pulled.
		screen = await app.waitFor(`${domain}/team/multi:1.0  Digest: ${indexDigest}`);
		expect(linesWith(screen, 'Platforms (compressed)')[0]).toMatch(/linux\/amd64 \d\S*B, linux\/arm64 \d\S*B$/);
		expect(linesWith(screen, 'Created:')[0]).toContain('(2024-01-02T03:04:05Z)');
		expect(linesWith(screen, 'Created:')[0]).toContain('org.opencontainers.image.title=browsed');
		await app.press(indexFirst ? keys.down : keys.up);
		screen = await app.waitFor(screen => screen.includes(`${domain}/team/multi:2.0  Digest: sha256:`) && !screen.includes(indexDigest));
		expect(linesWith(screen, 'Platforms (compressed)')[0]).toMatch(/: linux\/amd64 \d\S*B$/);
		// Esc: back to the repositories, team/multi highlighted.
		await app.press(keys.escape);
		screen = await app.waitFor(`Repositories of ${domain}`);
		expect(app.highlighted()[0]).toContain(`${domain}/team/multi`);
		expect(screen).not.toContain(`${domain}/team/multi:1.0`);
		expect(screen).toContain(`browsing: $ docker search ${domain}/`);
		// Backspace too.
		await app.press(keys.enter);
		await app.waitFor(`${domain}/team/multi:1.0`);
		await app.press(keys.backspace);
		await app.waitFor(`Repositories of ${domain}`);
		// Enter on a tag pulls it, as the Hub does.
		await app.press(keys.enter);
		await app.waitFor(`${domain}/team/multi:1.0`);
		if (!indexFirst) {
			await app.press(keys.down);
		}

		await app.waitFor(`Digest: ${indexDigest}`);
		expect(app.frame()).toContain(`Enter pulls: $ docker pull ${domain}/team/multi:1.0`);
		await app.press(keys.enter);
		await app.waitFor(`Status: Downloaded newer image for ${domain}/team/multi:1.0`, 15_000);
		expect(store.fresh().images.flatMap(image => image.tags)).toContain(`${domain}/team/multi:1.0`);
	}, 60_000);
});
