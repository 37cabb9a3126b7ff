import {execFileSync} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {RegistryBrowser, browserFor, type Page, type TagDetails} from '../../source/core/hub/registry/browse.js';
import type {Reference} from '../../source/core/reference.js';
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

	test('a search of a registry (HOST/term) shows the platforms the chosen tag offers, from its manifest, as skopeo reads them; nothing is pulled', async () => {
		const domain = registry!.host;
		const index = JSON.parse(execFileSync('skopeo', ['inspect', '--raw', '--tls-verify=false', `docker://${domain}/team/multi:1.0`], {encoding: 'utf8', timeout: 30_000})) as {manifests: Array<{platform: {os: string; architecture: string}}>};
		const offered = index.manifests.map(entry => `${entry.platform.os}/${entry.platform.architecture}`);
		const store = await makeStore();
		const app = renderApp(store.store, {columns: 90, rows: 20});
		await app.press('2');
		await app.waitFor('microsoft/aspnet');
		await app.press('/');
		await app.type(`${domain}/multi`);
		await app.press(keys.enter);
		// The tag Enter would pull (in brackets) first, whichever of 1.0 and 2.0 the registry lists first.
		let screen = await app.waitFor(screen => screen.includes(`Tags of ${domain}/team/multi`) && / \(compressed\): /.test(screen));
		const first = /\[(\d\.0)\]/.exec(linesWith(screen, 'Tags of')[0]!)![1]!;
		const other = first === '1.0' ? '2.0' : '1.0';
		const platformsOf = async (tag: string) => {
			const shown = linesWith(await app.waitFor(`Platforms of ${tag} (compressed)`), `Platforms of ${tag}`)[0]!;
			return [...shown.matchAll(/(linux\/\w+) \d\S*B/g)].map(match => match[1]);
		};

		expect(await platformsOf(first)).toEqual(first === '1.0' ? offered : ['linux/amd64']);
		// Another tag: its own platforms, never the last tag's answer.
		// The chosen tag is the first listed (l moves right) or the last (h moves left).
		await app.press(linesWith(screen, 'Tags of')[0]!.includes(`[${first}]  `) || linesWith(screen, 'Tags of')[0]!.includes(`: [${first}]`) ? 'l' : 'h');
		expect(await platformsOf(other)).toEqual(other === '1.0' ? offered : ['linux/amd64']);
		screen = app.frame();
		expect(screen).not.toContain(`Platforms of ${first}`);
		expect(store.fresh().images).toHaveLength(0);
		app.unmount();
		store.cleanup();
	}, 60_000);
});

/** A registry whose `slow` tag answers only when the test says, and `fast` at once. */
class HeldBrowser extends RegistryBrowser {
	readonly asked: string[] = [];
	release!: () => void;
	readonly slowAsked: Promise<void>;
	readonly slowAnswered: Promise<void>;
	#slowAsked!: () => void;
	#slowAnswered!: () => void;

	constructor() {
		super(browserFor('127.0.0.1:9', []).client);
		this.slowAsked = new Promise(resolve => {
			this.#slowAsked = resolve;
		});
		this.slowAnswered = new Promise(resolve => {
			this.#slowAnswered = resolve;
		});
	}

	override async catalogPage(): Promise<Page> {
		return {items: ['team/held']};
	}

	override async tagsPage(): Promise<Page> {
		return {items: ['slow', 'fast']};
	}

	override async details(reference: Reference): Promise<TagDetails> {
		this.asked.push(reference.tag!);
		const answer = (digest: string): TagDetails => ({digest, mediaType: 'application/vnd.oci.image.manifest.v1+json', platforms: [{digest, compressedSize: 1000, labels: {tag: reference.tag!}}]});
		if (reference.tag === 'slow') {
			this.#slowAsked();
			await new Promise<void>(resolve => {
				this.release = resolve;
			});
			this.#slowAnswered();
			return answer(`sha256:${'5'.repeat(64)}`);
		}

		return answer(`sha256:${'f'.repeat(64)}`);
	}
}

test('a tag\'s details that arrive after the highlight moved on are not drawn as the new tag\'s', async () => {
	const held = new HeldBrowser();
	const store = await makeStore();
	const app = renderApp(store.store, {columns: 100, rows: 30, browser: () => held});
	await app.press('2');
	await app.waitFor('microsoft/aspnet');
	await app.press('/');
	await app.type('127.0.0.1:9/');
	await app.press(keys.enter);
	await app.waitFor('127.0.0.1:9/team/held');
	await app.press(keys.enter);
	await app.waitFor('127.0.0.1:9/team/held:slow: reading');
	await held.slowAsked;
	await app.press(keys.down);
	await app.waitFor(`127.0.0.1:9/team/held:fast  Digest: sha256:${'f'.repeat(40)}`);
	held.release();
	await held.slowAnswered;
	// The slow answer has landed (and a key been drawn since): it is slow's, kept for it; fast's stay on screen.
	await app.press(keys.right);
	expect(app.frame()).toContain(`127.0.0.1:9/team/held:fast  Digest: sha256:${'f'.repeat(40)}`);
	expect(app.frame()).not.toContain('5555');
	await app.press(keys.up);
	await app.waitFor(`127.0.0.1:9/team/held:slow  Digest: sha256:${'5'.repeat(40)}`);
	await app.press(keys.down);
	const screen = await app.waitFor(`127.0.0.1:9/team/held:fast  Digest: sha256:${'f'.repeat(40)}`);
	expect(screen).toContain('Labels: tag=fast');
	// Each tag was asked once: the answers are cached.
	expect(held.asked).toEqual(['slow', 'fast']);
});
