/**
 * The TUI over a real podman service, in a real terminal (tmux): the list
 * shows what the engine holds; a removal is refused naming the stopped
 * container that uses the image; a removal with no dependents is confirmed
 * and the image is gone from `podman images`; a `podman tag` run in another
 * process shows in the pane by the engine's events; q gives the terminal back.
 * And an engine not there at first: docker's sentence in place of the list,
 * the list once it answers; b to the store, e sends a store image into the engine.
 */
import {execFileSync} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync, symlinkSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {buildShellImage, engineCli, loadIntoEngine, startPodman, type RunningEngine} from '../../source/devtools/engines.js';
import {openTerminal, type Terminal} from '../../source/media/tmux.js';
import {hasTools} from '../helpers/tools.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = path.join(root, 'dist', 'cli.js');
const present = hasTools(['tmux', 'podman', 'runc', 'busybox', 'umoci', 'skopeo'], 'the end-to-end TUI test over podman');

function quote(value: string): string {
	return `'${value.replaceAll('\'', '\'\\\'\'')}'`;
}

/** The rows of the screen that mention `text`. */
function rowsWith(screen: string, text: string): string[] {
	return screen.split('\n').filter(line => line.includes(text));
}

describe.runIf(present)('the TUI over podman in a real terminal (tmux 118x34, 140x34)', () => {
	let engine: RunningEngine;
	let work: string;
	let terminal: Terminal;
	let later: Terminal | undefined;
	const repo = 'localhost/e2e';
	const podmanImages = async () => engineCli(engine, ['images', '--format', '{{.Repository}}:{{.Tag}}']);

	beforeAll(async () => {
		if (!existsSync(cli)) {
			throw new Error(`${cli} is missing: run npm run build first`);
		}

		work = mkdtempSync(path.join(os.tmpdir(), 'dockyard-tui-engine-'));
		engine = await startPodman();
		const layout = path.join(work, 'oci');
		await buildShellImage({layout, tag: 'base', created: '2024-01-01T00:00:00Z'});
		await buildShellImage({layout, tag: 'app', base: 'base', files: {'/etc/app': 'app\n'}, created: '2024-01-02T00:00:00Z'});
		await buildShellImage({layout, tag: 'spare', base: 'base', files: {'/etc/spare': 'spare\n'}, created: '2024-01-03T00:00:00Z'});
		await loadIntoEngine(engine.client, layout, 'base', `${repo}/base:1`);
		await loadIntoEngine(engine.client, layout, 'app', `${repo}/app:1`);
		await loadIntoEngine(engine.client, layout, 'spare', `${repo}/spare:1`);
		// A stopped container, made by podman's own CLI in another process.
		await engineCli(engine, ['create', '--name', 'e2e-stopped', `${repo}/app:1`]);
		// Ink draws nothing interactive when it thinks it runs in CI; no docker setting of the machine's applies.
		const environment = `env -u CI -u CONTINUOUS_INTEGRATION -u DOCKER_HOST -u DOCKER_CONTEXT HOME=${quote(work)} DOCKER_CONFIG=${quote(path.join(work, 'docker'))} DOCKYARD_HOME=${quote(path.join(work, 'store'))}`;
		terminal = openTerminal(`${environment} ${quote(process.execPath)} ${quote(cli)} -H ${quote(engine.host)}`, {columns: 118, rows: 34});
	}, 120_000);

	afterAll(async () => {
		terminal?.close();
		later?.close();
		await engine?.stop();
		if (work) {
			rmSync(work, {recursive: true, force: true});
		}
	});

	test('list, a refused removal naming the container, a confirmed removal, a podman tag from elsewhere, quit', async () => {
		const t = terminal;
		// The engine's images, and the title naming it.
		let screen = await t.waitFor(current => current.includes(`${repo}/spare`) && current.includes(`${repo}/app`), 20_000);
		expect(t.format('#{alternate_on}')).toBe('1');
		expect(screen.split('\n')[0]).toContain(`podman ${engine.host}`);
		expect(rowsWith(screen, `${repo}/base `)[0]).toMatch(/\s1\s/);

		// The image the stopped container uses: refused, the container named; nothing changed.
		t.send('/');
		await t.waitFor('Enter/↓ keep');
		t.type('e2e/app');
		await t.waitFor('1/1 of ');
		t.send('Enter');
		screen = await t.waitFor(`$ docker -H ${engine.host} rmi ${repo}/app:1`);
		t.send('d');
		screen = await t.waitFor('Nothing was changed');
		expect(screen).toContain('"e2e-stopped"');
		expect(screen).toMatch(/stopped/);
		t.send('Escape');
		await t.waitFor(current => !current.includes('Nothing was changed'));
		expect(await podmanImages()).toContain(`${repo}/app:1`);

		// An image nothing depends on: confirmed, then gone from the engine.
		t.send('Escape');
		await t.waitFor('/ to filter');
		t.send('/');
		await t.waitFor('Enter/↓ keep');
		t.type('e2e/spare');
		await t.waitFor('1/1 of ');
		t.send('Enter');
		t.send('d');
		screen = await t.waitFor(`Remove ${repo}/spare:1?`);
		expect(screen).toContain(`docker -H ${engine.host} rmi ${repo}/spare:1`);
		t.send('y');
		await t.waitFor(/Untagged: localhost\/e2e\/spare:1/);
		await t.waitFor('Nothing matches the filter');
		expect(await podmanImages()).not.toContain(`${repo}/spare:1`);
		t.send('Escape');
		await t.waitFor(current => current.includes(`${repo}/base`));

		// podman in another process tags: the pane follows by the engine's events (dockyard polls nothing).
		await engineCli(engine, ['tag', `${repo}/base:1`, `${repo}/live:7`]);
		await t.waitFor(current => rowsWith(current, `${repo}/live`).some(row => /\s7\s/.test(row)), 1000);

		// q gives the terminal back.
		t.send('q');
		await t.waitFor('[exited 0]');
		expect(t.format('#{alternate_on}')).toBe('0');
	}, 120_000);

	test('an engine not there: docker\'s sentence in place of the list, the list once it answers; b to the store, e sends into the engine', async () => {
		// A socket path where nothing listens yet; later a link to the running service appears there.
		const socket = path.join(work, 'later.sock');
		const host = `unix://${socket}`;
		const store = path.join(work, 'store-later');
		execFileSync(process.execPath, [cli, 'os', 'install', 'nanoserver'], {env: {...process.env, DOCKYARD_HOME: store, DOCKYARD_OFFLINE_RATE: '0'}, stdio: 'pipe'});
		const environment = `env -u CI -u CONTINUOUS_INTEGRATION -u DOCKER_HOST -u DOCKER_CONTEXT HOME=${quote(work)} DOCKER_CONFIG=${quote(path.join(work, 'docker'))} DOCKYARD_HOME=${quote(store)}`;
		later = openTerminal(`${environment} ${quote(process.execPath)} ${quote(cli)} -H ${quote(host)}`, {columns: 140, rows: 34});
		const t = later;
		let screen = await t.waitFor(`Cannot connect to the Docker daemon at ${host}. Is the docker daemon running?`, 20_000);
		expect(screen).toContain('b store/engine');

		// The engine comes: the watch reconnects (with a backoff of at most 5 s) and the list is drawn.
		symlinkSync(engine.socketPath, socket);
		screen = await t.waitFor(current => current.includes(`${repo}/base`), 20_000);
		expect(screen.split('\n')[0]).toContain(`podman ${host}`);
		expect(screen).not.toContain('Cannot connect');

		// b: the store, its own list and docker line; e sends the highlighted image into the engine.
		t.send('b');
		screen = await t.waitFor(current => current.split('\n')[0]!.includes(`store: ${store}`) && current.includes('nanoserver'));
		expect(screen).toContain('e send to engine');
		expect(screen).not.toContain(`${repo}/base`);
		t.send('e');
		screen = await t.waitFor(/Loaded image: \S*nanoserver/, 30_000);
		expect(screen).toMatch(new RegExp(`docker save nanoserver:\\S+ \\| docker -H ${host.replaceAll('/', '\\/')} load`));
		expect(await podmanImages()).toMatch(/nanoserver/);

		// b again: the engine lists what was sent.
		t.send('b');
		screen = await t.waitFor(current => current.split('\n')[0]!.includes(`podman ${host}`) && current.includes('nanoserver') && current.includes(`${repo}/base`));
		t.send('q');
		await t.waitFor('[exited 0]');
		expect(t.format('#{alternate_on}')).toBe('0');
	}, 120_000);
});
