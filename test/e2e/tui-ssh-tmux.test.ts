/**
 * The TUI over a dockerd reached by ssh (docker's form: the remote runs
 * `docker system dial-stdio`), in a real terminal (tmux): the title names the
 * engine, the list shows its images, a removal is refused naming the stopped
 * container, a `docker tag` run in another process over the same ssh shows
 * by the engine's events, and a lost connection shows the sentence in place
 * of the list and comes back by itself once the engine answers again. The
 * remote session's DOCKER_HOST is a link this test points at the engine, or
 * at nothing.
 */
import {existsSync, mkdtempSync, rmSync, symlinkSync, unlinkSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {buildShellImage, loadIntoEngine, startDockerd, type RunningEngine} from '../../source/devtools/engines.js';
import {startSshd, type RunningSshd} from '../../source/devtools/sshd.js';
import {openTerminal, type Terminal} from '../../source/media/tmux.js';
import {waitFor} from '../helpers/cli.js';
import {hasTools} from '../helpers/tools.js';
import {dockerWith} from '../remote/connections.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = path.join(root, 'dist', 'cli.js');
const present = hasTools(['tmux', 'dockerd', 'runc', 'busybox', 'umoci', 'skopeo', '/usr/sbin/sshd', 'ssh', 'ssh-keygen', '/usr/local/bin/docker'], 'the end-to-end TUI test over ssh');

function quote(value: string): string {
	return `'${value.replaceAll('\'', '\'\\\'\'')}'`;
}

function rowsWith(screen: string, text: string): string[] {
	return screen.split('\n').filter(line => line.includes(text));
}

describe.runIf(present)('the TUI over ssh in a real terminal (tmux 118x34)', () => {
	let engine: RunningEngine;
	let sshd: RunningSshd;
	let work: string;
	let link: string;
	let terminal: Terminal;
	let env: NodeJS.ProcessEnv;
	const repo = 'localhost/remote';

	beforeAll(async () => {
		if (!existsSync(cli)) {
			throw new Error(`${cli} is missing: run npm run build first`);
		}

		work = mkdtempSync(path.join(os.tmpdir(), 'dockyard-tui-ssh-'));
		engine = await startDockerd();
		link = path.join(work, 'engine.sock');
		symlinkSync(engine.socketPath, link);
		sshd = await startSshd({setEnv: {DOCKER_HOST: `unix://${link}`, DOCKER_CONFIG: path.join(work, 'remote-config')}});
		const layout = path.join(work, 'oci');
		await buildShellImage({layout, tag: 'base', created: '2024-01-01T00:00:00Z'});
		await buildShellImage({layout, tag: 'app', base: 'base', files: {'/etc/app': 'app\n'}, labels: {app: '1'}, created: '2024-01-02T00:00:00Z'});
		await loadIntoEngine(engine.client, layout, 'base', `${repo}/base:1`);
		await loadIntoEngine(engine.client, layout, 'app', `${repo}/app:1`);
		await engine.client.createContainer({Image: `${repo}/app:1`}, {name: 'remote-stopped'});
		env = sshd.env('trusted', {...process.env, HOME: work, DOCKER_CONFIG: path.join(work, 'docker'), DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined});
		const environment = `env -u CI -u CONTINUOUS_INTEGRATION -u DOCKER_HOST -u DOCKER_CONTEXT PATH=${quote(env['PATH']!)} HOME=${quote(work)} DOCKER_CONFIG=${quote(path.join(work, 'docker'))} DOCKYARD_HOME=${quote(path.join(work, 'store'))}`;
		terminal = openTerminal(`${environment} ${quote(process.execPath)} ${quote(cli)} -H ${quote(sshd.url())}`, {columns: 118, rows: 34});
	}, 120_000);

	afterAll(async () => {
		terminal?.close();
		await sshd?.stop();
		await engine?.stop();
		if (work) {
			rmSync(work, {recursive: true, force: true});
		}
	});

	test('title, list, a refusal, a change by docker elsewhere, a lost connection that comes back, quit', async () => {
		const t = terminal;
		let screen = await t.waitFor(current => current.includes(`${repo}/app`) && current.includes(`${repo}/base`), 30_000);
		expect(screen.split('\n')[0]).toContain(`docker ${sshd.url()}`);

		// The image the stopped container uses: refused, the container named; nothing changed.
		t.send('/');
		await t.waitFor('Enter/↓ keep');
		t.type('remote/app');
		await t.waitFor('1/1 of ');
		t.send('Enter');
		t.send('d');
		screen = await t.waitFor('Nothing was changed', 20_000);
		expect(screen).toContain('"remote-stopped"');
		t.send('Escape');
		await t.waitFor(current => !current.includes('Nothing was changed'));
		t.send('Escape');
		await t.waitFor('/ to filter');

		// docker, in another process over its own ssh, tags: the pane follows by the events that come over dockyard's ssh.
		const tagged = await dockerWith(['-H', sshd.url(), 'tag', `${repo}/base:1`, `${repo}/live:7`], env);
		expect(tagged.code, tagged.stderr).toBe(0);
		await t.waitFor(current => rowsWith(current, `${repo}/live`).some(row => /\s7\s/.test(row)), 20_000);
		// One ssh for the event stream, one kept alive for the listings: a refresh opens none of its own.
		await waitFor(() => sshd.clients().length <= 2, 5000, 'docker\'s own ssh to end');
		expect(sshd.clients()).toHaveLength(2);

		// The connection is lost (the ssh processes die, the engine is gone): the sentence in place of the list.
		unlinkSync(link);
		for (const pid of sshd.clients()) {
			process.kill(pid, 'SIGKILL');
		}

		screen = await t.waitFor(`error during connect: ${sshd.url()}`, 30_000);
		expect(screen).not.toContain(`${repo}/live`);

		// The engine answers again: the list comes back by itself (a backoff of at most 5 s).
		symlinkSync(engine.socketPath, link);
		screen = await t.waitFor(current => current.includes(`${repo}/live`) && !current.includes('error during connect'), 30_000);

		t.send('q');
		await t.waitFor('[exited 0]');
		// Its ssh processes end with it.
		await waitFor(() => sshd.clients().length === 0, 10_000, 'the TUI\'s ssh processes to end');
	}, 180_000);
});
