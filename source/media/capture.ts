import {execFileSync, spawnSync} from 'node:child_process';
import {mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {buildShellImage, engineCli, loadIntoEngine, startPodman} from '../devtools/engines.js';
import {screenToSvg} from './ansi-svg.js';
import {keysEnd, keysStart, withKeysTable} from './keys-table.js';
import {lessonShot} from './lesson-shot.js';
import {registryShots} from './registry-shots.js';
import {hasTmux, openTerminal, type Terminal} from './tmux.js';

/**
 * `npm run media`: the screenshots in media/, made from the real app. The CLI
 * prepares a store (base OS images, a few hub images, a container with a
 * file, a commit); the app runs in tmux at 100x30; each screen is captured
 * with its colours (capture-pane -e), drawn as SVG, and converted to PNG by
 * rsvg-convert. Then the same app over a podman service (when podman is
 * installed), with a few images and a stopped container made by podman.
 * Then the keys table in readme.md is rewritten from the keymap.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = path.join(root, 'dist', 'cli.js');
const mediaDir = path.join(root, 'media');
const readme = path.join(root, 'readme.md');
const columns = 100;
const rows = 30;
/** `npm run media -- layout`: only the wide layout, the palette and the light theme. */
const onlyLayout = process.argv[2] === 'layout';

function quote(value: string): string {
	return `'${value.replaceAll('\'', '\'\\\'\'')}'`;
}

function has(command: string, ...args: string[]): boolean {
	return spawnSync(command, args, {stdio: 'ignore'}).status === 0;
}

function dockyard(home: string, ...args: string[]): void {
	execFileSync(process.execPath, [cli, ...args], {env: {...process.env, DOCKYARD_HOME: home}, stdio: 'pipe'});
}

/** The store of a short class: two base OS images, three hub images, a container with a file, committed. */
function prepareStore(home: string): void {
	dockyard(home, 'os', 'install', 'WindowsServerCore');
	dockyard(home, 'os', 'install', 'NanoServer');
	for (const image of ['microsoft/iis', 'microsoft/aspnet', 'microsoft/dotnet35']) {
		dockyard(home, 'pull', image);
	}

	dockyard(home, 'create', '--name', 'web', 'microsoft/iis');
	const page = path.join(home, 'index.html');
	writeFileSync(page, '<h1>Hello from dockyard</h1>\n');
	dockyard(home, 'cp', page, 'web:/inetpub/wwwroot/index.html');
	rmSync(page);
	dockyard(home, 'commit', '-a', 'A Student', '-m', 'our home page', 'web', 'homepage:1.0');
	dockyard(home, 'create', '--name', 'scratch', 'microsoft/aspnet');
}

type Shot = {name: string; title: string};

async function main(): Promise<number> {
	if (!hasTmux()) {
		console.error('npm run media needs tmux to run the app in a real terminal: apt-get install tmux');
		return 1;
	}

	const rsvg = has('rsvg-convert', '--version');
	// A fixed path: the tab bar shows the store, and the screenshots should not show a random name.
	const home = path.join(os.tmpdir(), 'dockyard-media');
	rmSync(home, {recursive: true, force: true});
	mkdirSync(mediaDir, {recursive: true});
	console.log(`preparing a store in ${home} with the CLI`);
	prepareStore(home);

	// Ink draws nothing interactive when it believes it runs in CI; NO_COLOR would take the colours away.
	const terminal = openTerminal(
		`env -u CI -u CONTINUOUS_INTEGRATION -u NO_COLOR DOCKYARD_HOME=${quote(home)} DOCKYARD_OFFLINE_RATE=150000 ${quote(process.execPath)} ${quote(cli)}`,
		{columns, rows},
	);
	const shots: Shot[] = [];
	const shootIn = (terminal: Terminal, size = {columns, rows}, light = false): Shoot => async (name, title, ready) => {
		await terminal.waitFor(ready, 20_000);
		// Let a redraw in flight land before the picture is taken.
		await new Promise(resolve => {
			setTimeout(resolve, 300);
		});
		const capture = terminal.capture({escapes: true});
		writeFileSync(path.join(mediaDir, `${name}.svg`), screenToSvg(capture, {...size, light, title: `dockyard — ${title}`}));
		shots.push({name, title});
		console.log(`  ${name}: ${title}`);
	};

	try {
		if (!onlyLayout) {
			await walk(terminal, shootIn(terminal));
		}
	} finally {
		terminal.close();
	}

	await layoutShots(home, shootIn);

	try {
		if (onlyLayout) {
			console.log('  only the layout shots (npm run media -- layout)');
		} else if (has('podman', '--version')) {
			await overPodman(home, shootIn);
		} else {
			console.error('  no podman here: the screenshot over an engine is not remade (apt-get install podman runc busybox-static)');
		}
	} finally {
		rmSync(home, {recursive: true, force: true});
	}

	await lessonShot(path.join(os.tmpdir(), 'dockyard-media-lesson'), cli, shootIn, {columns, rows});
	if (!onlyLayout && has('docker-registry', '--version') && has('skopeo', '--version') && has('umoci', '--version')) {
		await registryShots(cli, shootIn, {columns, rows});
	} else if (!onlyLayout) {
		console.error('  no docker-registry, skopeo or umoci here: the registry browser and platform tree screens are not remade');
	}

	if (rsvg) {
		for (const {name} of shots) {
			execFileSync('rsvg-convert', ['--format', 'png', '--output', path.join(mediaDir, `${name}.png`), path.join(mediaDir, `${name}.svg`)]);
		}
	}

	const text = readFileSync(readme, 'utf8');
	const updated = withKeysTable(text);
	if (updated === undefined) {
		console.error(`readme.md has no keys table markers (${keysStart} … ${keysEnd}); the table was not written`);
		return 1;
	}

	if (updated !== text) {
		writeFileSync(readme, updated);
		console.log('readme.md: keys table rewritten from source/ui/keymap.ts');
	}

	if (!rsvg) {
		console.error('media/*.svg written, but no PNG: rsvg-convert is missing. Install it (Debian/Ubuntu: apt-get install librsvg2-bin; macOS: brew install librsvg) and run npm run media again.');
		return 1;
	}

	console.log(`${shots.length} screenshots in media/ (SVG and PNG)`);
	return 0;
}

type Shoot = (name: string, title: string, ready: string | RegExp | ((screen: string) => boolean)) => Promise<void>;

/**
 * The wide layout (Local images and History side by side) and the command
 * palette at 140x40; then the light theme at 100x30, drawn on a light terminal.
 */
async function layoutShots(home: string, shootIn: (terminal: Terminal, size?: {columns: number; rows: number}, light?: boolean) => Shoot): Promise<void> {
	const app = `env -u CI -u CONTINUOUS_INTEGRATION -u NO_COLOR DOCKYARD_HOME=${quote(home)} ${quote(process.execPath)} ${quote(cli)}`;
	const wide = {columns: 140, rows: 40};
	let terminal = openTerminal(app, wide);
	try {
		const shoot = shootIn(terminal, wide);
		await shoot('wide', 'the wide layout: Local images and the History of the highlighted row', screen => screen.includes('╔') && screen.includes('Parent chain') && !screen.includes('Reading the image config'));
		terminal.send(':');
		await terminal.waitFor('Command palette (');
		terminal.type('rem');
		await shoot('palette', 'the command palette (: or Ctrl-P), filtered as you type', screen => /Command palette \(\d+\)/.test(screen) && !screen.includes('quit'));
		terminal.send('Escape');
		terminal.send('q');
		await terminal.waitFor('[exited 0]');
	} finally {
		terminal.close();
	}

	terminal = openTerminal(`${app} --theme light`, {columns, rows});
	try {
		await shootIn(terminal, {columns, rows}, true)('light', 'the light theme (--theme light)', screen => screen.includes('homepage') && screen.includes('d removes'));
		terminal.send('q');
		await terminal.waitFor('[exited 0]');
	} finally {
		terminal.close();
	}
}

/**
 * The app over a podman service started for it (stopped by its pid after):
 * two images of a small class and a stopped container, made by podman's own
 * CLI, seen through `dockyard -H unix://…`. The socket is reached through a
 * link at a fixed path, so the title shows no random name.
 */
async function overPodman(home: string, shootIn: (terminal: Terminal) => Shoot): Promise<void> {
	const engine = await startPodman();
	const layout = path.join(home, 'engine-images');
	// Short, so the title shows all of it at 100 columns.
	const socket = path.join(os.tmpdir(), 'podman-media.sock');
	let terminal: Terminal | undefined;
	try {
		const labels = {'org.opencontainers.image.title': 'ClassroomShell', 'org.opencontainers.image.vendor': 'CN=Dockyard', 'org.opencontainers.image.version': '1.0.0.0'};
		await buildShellImage({layout, tag: 'shell', labels, created: '2024-03-01T09:00:00Z'});
		await buildShellImage({layout, tag: 'web', base: 'shell', files: {'/srv/index.html': '<h1>Hello from podman</h1>\n'}, created: '2024-03-02T09:00:00Z'});
		await loadIntoEngine(engine.client, layout, 'shell', 'localhost/classroom/shell:1.0');
		await loadIntoEngine(engine.client, layout, 'web', 'localhost/classroom/web:latest');
		await engineCli(engine, ['create', '--name', 'lesson1', 'localhost/classroom/web:latest']);
		rmSync(socket, {force: true});
		symlinkSync(engine.socketPath, socket);
		terminal = openTerminal(
			`env -u CI -u CONTINUOUS_INTEGRATION -u NO_COLOR -u DOCKER_HOST -u DOCKER_CONTEXT DOCKYARD_HOME=${quote(home)} ${quote(process.execPath)} ${quote(cli)} -H unix://${socket}`,
			{columns, rows},
		);
		const shoot = shootIn(terminal);
		await shoot('engine', 'Local images over podman', screen => screen.includes('podman unix://') && screen.includes('localhost/classroom/web'));
		// web:latest is what the stopped container was made from.
		terminal.send('/');
		await terminal.waitFor('Enter/↓ keep');
		terminal.type('classroom/web');
		await terminal.waitFor('filter: classroom/web');
		terminal.send('Enter');
		await terminal.waitFor('/ filter');
		terminal.send('d');
		await shoot('engine-refusal', 'over podman: a removal refused, naming the stopped container', 'Nothing was changed');
		terminal.send('Escape');
		terminal.send('q');
		await terminal.waitFor('[exited 0]');
	} finally {
		terminal?.close();
		rmSync(socket, {force: true});
		await engine.stop();
	}
}

/** Through the app, a screen at a time. */
async function walk(t: Terminal, shoot: Shoot): Promise<void> {
	const filter = async (text: string) => {
		t.send('/');
		await t.waitFor('Enter/↓ keep');
		t.type(text);
		await t.waitFor(`filter: ${text}`);
		t.send('Enter');
		await t.waitFor('/ filter');
	};

	const clearFilter = async () => {
		t.send('Escape');
		await t.waitFor('/ to filter');
	};

	await shoot('images', 'Local images', screen => screen.includes('homepage') && /windowsservercore\s+latest/.test(screen));

	t.send('p');
	await shoot('images-powershell', 'Local images, PowerShell columns', 'IsOSImage');
	t.send('p');
	await t.waitFor('REPOSITORY');

	// microsoft/iis has a stopped container and a child image: removing it is refused, naming both.
	await filter('microsoft/iis');
	t.send('d');
	await shoot('refusal', 'a removal refused', 'Nothing was changed');
	t.send('Escape');
	await t.waitFor('/ filter');

	t.send('3');
	await shoot('history', 'History: layers, parent chain, dependents', screen => screen.includes('Parent chain') && screen.includes('Depends on it') && /<missing>/.test(screen));
	t.send('t');
	await shoot('journal', 'History: the journal', /✔ commit/);
	t.send('t');
	await t.waitFor('Parent chain');
	t.send('f');
	await shoot('layer-tree', 'History: a layer\'s files as a tree, and the image\'s efficiency', screen => screen.includes('Image efficiency') && /[+~-] /.test(screen));
	t.send('f');
	await t.waitFor('Parent chain');

	t.send('1');
	await t.waitFor('Local images 1/1');
	await clearFilter();
	await filter('homepage');
	t.send('d');
	await shoot('confirm', 'a removal to confirm', 'Proceed? [y/N]');
	t.send('n');
	await t.waitFor('/ filter');
	await clearFilter();
	// Two images marked (Space marks and moves down), then C: homepage against microsoft/iis, the image it was committed from.
	t.send('g');
	t.send('Space');
	await t.waitFor('1 marked');
	t.send('j');
	t.send('j');
	t.send('Space');
	await t.waitFor('2 marked');
	t.send('C');
	await shoot('compare', 'Local images: two marked images compared (C)', 'Shared layers');
	t.send('Escape');
	await t.waitFor('/ to filter');

	t.send('4');
	await shoot('containers', 'Containers', screen => screen.includes('scratch') && screen.includes('web'));
	// web is the one a file was copied into.
	t.send('j');
	t.send('D');
	await shoot('container-diff', 'Containers: the files a container changed (D, docker diff)', 'Changes in web');
	t.send('Escape');

	t.send('?');
	await shoot('help', 'help, from the keymap', 'Keys (');
	t.send('Escape');

	t.send('2');
	await t.waitFor('Search (');
	t.send('/');
	await t.waitFor('Enter/↓ results');
	t.type('ng');
	await t.waitFor('microsoft/nginx');
	t.send('Enter');
	for (let index = 0; index < 3; index++) {
		t.send('j');
	}

	await t.waitFor('Tags of microsoft/nginx');
	t.send('Enter');
	await shoot('hub-pull', 'Hub: a search and a pull', /Downloading\s+\[=+>?\s*\]/);
	await t.waitFor('Status: Downloaded newer image for microsoft/nginx', 60_000);
	// In the Hub q is a letter that starts a search: Ctrl-C quits from anywhere.
	t.send('C-c');
	await t.waitFor('[exited 0]');
}

process.exitCode = await main();
