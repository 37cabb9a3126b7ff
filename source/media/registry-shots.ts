/**
 * `npm run media`'s registry screens: a loopback docker-registry with a few
 * repositories and a two-platform index (umoci + skopeo), browsed in the Hub
 * (`HOST:PORT/`, then a repository's tags with the highlighted tag's details),
 * and the index's platforms unfolded under its row in Local images (`T`).
 */
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {execFileSync} from 'node:child_process';
import {startLocalRegistry} from '../devtools/local-registry.js';
import {buildImage, buildIndex, pushImage} from '../devtools/oci-images.js';
import {openTerminal, type Terminal} from './tmux.js';

type Shoot = (name: string, title: string, ready: string | RegExp | ((screen: string) => boolean)) => Promise<void>;

function quote(value: string): string {
	return `'${value.replaceAll('\'', '\'\\\'\'')}'`;
}

export async function registryShots(cli: string, shootIn: (terminal: Terminal) => Shoot, size: {columns: number; rows: number}): Promise<void> {
	const work = mkdtempSync(path.join(os.tmpdir(), 'dockyard-media-registry-'));
	// A fixed path: the tab bar shows the store, and the screenshots should not show a random name.
	const home = path.join(os.tmpdir(), 'dockyard-media');
	rmSync(home, {recursive: true, force: true});
	const registry = await startLocalRegistry();
	let terminal: Terminal | undefined;
	try {
		const layout = path.join(work, 'layout');
		const created = '2024-05-01T09:00:00Z';
		await buildImage({layout, tag: 'amd', created, steps: [{layer: {'/srv/app.txt': 'amd64 build\n'}, createdBy: 'COPY app.txt /srv/'}, {labels: {'org.opencontainers.image.title': 'classroom-app', 'org.opencontainers.image.version': '1.2'}, createdBy: 'LABEL title version'}]});
		await buildImage({layout, tag: 'arm', created, platform: {os: 'linux', architecture: 'arm64'}, steps: [{layer: {'/srv/app.txt': 'arm64 build\n'}, createdBy: 'COPY app.txt /srv/'}]});
		buildIndex(layout, 'both', [{tag: 'amd', platform: {os: 'linux', architecture: 'amd64'}}, {tag: 'arm', platform: {os: 'linux', architecture: 'arm64'}}]);
		await pushImage(layout, 'both', `${registry.host}/class/app:1.2`, {all: true});
		await pushImage(layout, 'both', `${registry.host}/class/app:latest`, {all: true});
		for (const name of ['class/api', 'class/web', 'team/tools']) {
			// eslint-disable-next-line no-await-in-loop
			await pushImage(layout, 'amd', `${registry.host}/${name}:1.0`);
		}

		// One platform of the index in the store, for the tree.
		execFileSync(process.execPath, [cli, 'pull', `${registry.host}/class/app:1.2`], {env: {...process.env, DOCKYARD_HOME: home}, stdio: 'pipe'});
		terminal = openTerminal(
			`env -u CI -u CONTINUOUS_INTEGRATION -u NO_COLOR DOCKYARD_HOME=${quote(home)} ${quote(process.execPath)} ${quote(cli)}`,
			size,
		);
		const shoot = shootIn(terminal);
		await terminal.waitFor('class/app');
		terminal.send('T');
		await shoot('platform-tree', 'Local images: the platforms of an index as rows (T)', screen => screen.includes('└─ linux/arm64'));
		terminal.send('T');
		terminal.send('2');
		terminal.send('/');
		terminal.type(`${registry.host}/`);
		terminal.send('Enter');
		await shoot('registry-browser', `Hub: the repositories of ${registry.host}`, 'team/tools');
		// class/api, class/app, class/web, team/tools: the index is the second.
		terminal.send('Down');
		await terminal.waitFor(/class\/app/);
		terminal.send('Enter');
		await shoot('registry-tags', 'Hub: a repository\'s tags, the highlighted one\'s digest, platforms and labels', screen => screen.includes('linux/arm64') && screen.includes('latest'));
	} finally {
		terminal?.close();
		await registry.stop();
		rmSync(work, {recursive: true, force: true});
		rmSync(home, {recursive: true, force: true});
	}
}
