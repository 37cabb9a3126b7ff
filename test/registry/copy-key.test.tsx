/**
 * `o` in the TUI's Local images: the highlighted image copied with
 * `dockyard copy`'s core, against real parts — Debian's docker-registry on
 * loopback, an image built with umoci and pushed with skopeo, pulled into a
 * store; skopeo reads back what the copy wrote (to the registry, to an OCI
 * layout, an OCI archive). On an engine (here the store seen as one) the
 * source is `docker-daemon:`, taught in the engine's docker. A name that is
 * no place stays in the prompt; a registry that is not there ends in a
 * one-line error and leaves the store as it was.
 */
import {createHash} from 'node:crypto';
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import stripAnsi from 'strip-ansi';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {freePort, startLocalRegistry, type LocalRegistry} from '../../source/devtools/local-registry.js';
import {buildImage, pushImage, run, skopeoInspect} from '../../source/devtools/oci-images.js';
import type {Capabilities} from '../../source/core/backend/backend.js';
import type {Store} from '../../source/core/store/store.js';
import {StoreBackend} from '../../source/core/backend/store-backend.js';
import {hasTools} from '../helpers/tools.js';
import {dialogText, keys, makeStore, renderApp, withoutJournal, type Harness, type TestStore} from '../ui/helpers.js';

const present = hasTools(['docker-registry', 'skopeo', 'umoci'], 'the TUI copy tests');

type RawManifest = {config: {digest: string}; layers: Array<{digest: string}>};

/** The real store seen as an engine is: its save and load only (no files of its own), taught with a context's docker. */
class EngineLike extends StoreBackend {
	override readonly capabilities: Capabilities;
	override readonly teaching = {docker: 'docker --context classroom'};

	constructor(store: Store) {
		super(store);
		const {save, load} = new StoreBackend(store).capabilities;
		this.capabilities = {save, load};
	}
}

describe.runIf(present)('o in Local images: copy the highlighted image (dockyard copy)', () => {
	let registry: LocalRegistry;
	let work: string;
	let source: string;

	beforeAll(async () => {
		work = mkdtempSync(path.join(os.tmpdir(), 'dockyard-copy-key-'));
		registry = await startLocalRegistry();
		const layout = path.join(work, 'layout');
		await buildImage({layout, tag: 'app', steps: [
			{layer: {'/etc/os-release': 'ID=dockyard\n'}, createdBy: '/bin/sh -c #(nop) ADD file:rootfs in / '},
			{layer: {'/app/hello.txt': 'hello from the copy test\n'}, createdBy: '/bin/sh -c #(nop) COPY file:hello in /app/ '},
		]});
		source = `${registry.host}/src/app:1`;
		await pushImage(layout, 'app', source);
	}, 120_000);

	afterAll(async () => {
		await registry?.stop();
		if (work) {
			rmSync(work, {recursive: true, force: true});
		}
	});

	/** A store holding the pushed image, the app on it, the image highlighted, the copy prompt open. */
	const openPrompt = async (): Promise<{store: TestStore; app: Harness; id: string}> => {
		const store = await makeStore(async s => {
			await s.pull(source);
		});
		const id = store.fresh().image(source).id;
		const app = renderApp(store.store, {columns: 170, rows: 40});
		await app.waitFor(() => app.highlighted().some(row => row.includes('/src/app')));
		await app.press('o');
		await app.waitFor(`Copy ${source} (dockyard copy)`);
		return {store, app, id};
	};

	test('to a registry: the preview teaches it, the busy line counts blobs, skopeo reads the image back', async () => {
		const {app, id} = await openPrompt();
		const destination = `${registry.host}/copied/app:1`;
		await app.type(`docker://${destination}`);
		// The teaching of what is typed: docker's tag and push (the store is one end: no skopeo line).
		let screen = await app.waitFor(`docker push ${destination}`);
		expect(screen).toContain(`docker tag ${source} ${destination}`);
		await app.press(keys.enter);
		screen = await app.waitFor(/Copied dockyard:\S+ to docker:\/\/\S+: sha256:[a-f\d]{64}/, 30_000);
		const digest = /Copied dockyard:\S+ to docker:\/\/\S+: (sha256:[a-f\d]{64})/.exec(screen)![1]!;
		expect(screen).toContain(`docker push ${destination}`);
		expect(stripAnsi(app.written())).toMatch(new RegExp(`copying ${source.replaceAll('.', '\\.')} to docker://\\S+: \\d+ of 3 blobs`));

		const inspected = await skopeoInspect(destination) as {Digest: string};
		expect(inspected.Digest).toBe(digest);
		const raw = await skopeoInspect(destination, {raw: true}) as RawManifest;
		// The image is the store's: the same config, so the same image id.
		expect(raw.config.digest).toBe(id);
		expect(raw.layers).toHaveLength(2);
	}, 60_000);

	test('to an OCI layout: skopeo finds the image under its ref', async () => {
		const {app, id} = await openPrompt();
		const layout = path.join(work, 'copied-layout');
		await app.type(`oci:${layout}:copied`);
		await app.waitFor('docker has no equivalent');
		await app.press(keys.enter);
		await app.waitFor(/Copied dockyard:\S+ to oci:\S+:\s+sha256:[a-f\d]{64}/, 30_000);
		const raw = JSON.parse(await run('skopeo', ['inspect', '--raw', `oci:${layout}:copied`])) as RawManifest & {mediaType: string};
		expect(raw.mediaType).toBe('application/vnd.oci.image.manifest.v1+json');
		expect(raw.config.digest).toBe(id);
		expect(await run('umoci', ['ls', '--layout', layout])).toContain('copied');
	}, 60_000);

	test('on an engine the source is docker-daemon:, the backend on screen, taught with its docker', async () => {
		const store = await makeStore(async s => {
			await s.pull(source);
		});
		const id = store.fresh().image(source).id;
		const app = renderApp(new EngineLike(store.store), {columns: 170, rows: 40});
		await app.waitFor(() => app.highlighted().some(row => row.includes('/src/app')));
		await app.press('o');
		await app.waitFor(`Copy ${source} (dockyard copy)`);
		const layout = path.join(work, 'from-engine');
		await app.type(`oci-archive:${layout}.tar:app`);
		// The teaching lines wrap at spaces: read as one line.
		const flat = (screen: string) => screen.replaceAll(/\s+/g, ' ');
		const taught = flat(await app.waitFor(screen => flat(screen).includes(`skopeo copy docker-daemon:${source} oci-archive:${layout}.tar:app`)));
		expect(taught).toContain(`$ docker --context classroom save -o ${layout}.tar ${source}`);
		await app.press(keys.enter);
		const screen = await app.waitFor(/Copied docker-daemon:\S+ to oci-archive:\S+:\s+sha256:[a-f\d]{64}/, 30_000);
		const bytes = await run('skopeo', ['inspect', '--raw', `oci-archive:${layout}.tar:app`]);
		// The digest said is the manifest's in the archive; its config is the image's.
		expect(screen).toContain(`sha256:${createHash('sha256').update(bytes).digest('hex')}`);
		expect((JSON.parse(bytes) as RawManifest).config.digest).toBe(id);
	}, 60_000);

	test('a name that is no place: the error in the prompt, which stays open', async () => {
		const {app, store} = await openPrompt();
		const before = withoutJournal(store.index());
		await app.type(`${registry.host}/copied/app:2`);
		await app.press(keys.enter);
		const screen = await app.waitFor('invalid image name');
		expect(screen).toContain(`Copy ${source} (dockyard copy)`);
		expect(dialogText(screen)).toContain('a place is one of docker://, oci:');
		expect(withoutJournal(store.index())).toEqual(before);
	}, 30_000);

	test('a registry that is not there: one line in the error dialog, the store unchanged', async () => {
		const {app, store} = await openPrompt();
		const before = withoutJournal(store.index());
		const port = await freePort();
		await app.type(`docker://127.0.0.1:${port}/copied/app:1`);
		await app.press(keys.enter);
		const screen = await app.waitFor(/Error/, 30_000);
		// The registry client's one line (its attempts counted), no stack, then how to close the dialog.
		expect(dialogText(screen)).toMatch(new RegExp(`^Error cannot reach 127\\.0\\.0\\.1:${port} .*ECONNREFUSED[^│]*attempts Esc or Enter closes$`));
		expect(withoutJournal(store.index())).toEqual(before);
		expect(store.fresh().image(source).id).toBeTruthy();
	}, 60_000);
});
