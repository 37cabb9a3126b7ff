import {execFileSync} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterEach, describe, expect, test} from 'vitest';
import {hasTmux, openTerminal, type Terminal} from '../../source/media/tmux.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = path.join(root, 'dist', 'cli.js');
const tmuxPresent = hasTmux();
const inCi = process.env['CI'] === 'true';

if (!tmuxPresent && !inCi) {
	console.warn('tui-state-tmux: tmux is not installed, so these terminal tests are skipped (apt-get install tmux to run them)');
}

function quote(value: string): string {
	return `'${value.replaceAll('\'', '\'\\\'\'')}'`;
}

function dockyard(home: string, ...args: string[]): string {
	return execFileSync(process.execPath, [cli, ...args], {env: {...process.env, DOCKYARD_HOME: home, NO_COLOR: '1'}, encoding: 'utf8'});
}

const opened: Array<{terminal: Terminal; home: string}> = [];
afterEach(() => {
	for (const {terminal, home} of opened.splice(0)) {
		terminal.close();
		rmSync(home, {recursive: true, force: true});
	}
});

/** The app in a fresh tmux session of this size, on a store `setup` filled through the CLI. */
async function start(size: {columns: number; rows: number}, setup: (home: string) => void, ready: string): Promise<{t: Terminal; home: string}> {
	if (!tmuxPresent) {
		throw new Error('tmux is required for the terminal tests when CI=true');
	}

	if (!existsSync(cli)) {
		throw new Error(`${cli} is missing: run npm run build first`);
	}

	const home = mkdtempSync(path.join(os.tmpdir(), 'dockyard-state-'));
	setup(home);
	const t = openTerminal(`env -u CI -u CONTINUOUS_INTEGRATION DOCKYARD_HOME=${quote(home)} ${quote(process.execPath)} ${quote(cli)}`, size);
	opened.push({terminal: t, home});
	await t.waitFor(ready, 30_000);
	return {t, home};
}

/** The cursor row: the line drawn inverse below the tab bar (whose focused tab is inverse too). */
function cursorLine(t: Terminal): string {
	const lines = t.capture({escapes: true}).split('\n').slice(1);
	return lines.find(line => /\u001B\[(?:[\d;]*;)?7m/.test(line))?.replaceAll(/\u001B\[[\d;]*m/g, '') ?? '';
}

/** What a terminal sends for a press (or release) of button `code` at a 0-based cell, in SGR mode. */
function sgr(code: number, x: number, y: number, release = false): string {
	return `\u001B[<${code};${x + 1};${y + 1}${release ? 'm' : 'M'}`;
}

const sizes = [{columns: 80, rows: 24}, {columns: 100, rows: 30}, {columns: 160, rows: 45}];

describe.skipIf(!tmuxPresent && !inCi)('the TUI acts on what the user sees (tmux)', () => {
	for (const size of [sizes[0]!, sizes[2]!]) {
		test(`${size.columns}x${size.rows}: 2 / i i s Enter Enter in one burst pulls the top result of iis, not the older list's`, async () => {
			const {t, home} = await start(size, home => {
				dockyard(home, 'os', 'install', 'WindowsServerCore', '--version', '10.0.10586.0');
			}, 'windowsservercore');
			// One write: the keys arrive long before the hub has answered "iis".
			t.sendBytes('2/iis\r\r');
			await t.waitFor(/Status: (Downloaded newer image|Image is up to date) for/, 20_000);
			const images = dockyard(home, 'images');
			expect(images).toMatch(/microsoft\/iis\s+latest/);
			expect(images).not.toContain('microsoft/aspnet');
		}, 60_000);
	}

	for (const size of sizes) {
		test(`${size.columns}x${size.rows}: the wheel and a click in the Hub's and History's lists stay in that pane`, async () => {
			const {t} = await start(size, home => {
				dockyard(home, 'os', 'install', 'WindowsServerCore', '--version', '10.0.10586.0');
				dockyard(home, 'pull', 'microsoft/iis');
			}, 'microsoft/iis');
			for (const [key, title, ready] of [['2', 'Hub', 'microsoft/aspnet'], ['3', 'History', 'Parent chain']] as const) {
				t.send(key);
				// eslint-disable-next-line no-await-in-loop
				const screen = await t.waitFor(ready);
				const lines = screen.split('\n');
				// A row of that pane's list (in a split, the focused pane is the one on the right, or below).
				const header = lines.findIndex(line => title === 'Hub' ? /NAME\s+DESCRIPTION/.test(line) : /IMAGE\s+CREATED\s+CREATED BY/.test(line));
				expect(header, screen).toBeGreaterThan(0);
				const x = lines[header]!.lastIndexOf(title === 'Hub' ? 'NAME' : 'IMAGE') + 2;
				const y = header + 2;
				t.sendBytes(sgr(65, x, y));
				t.sendBytes(sgr(0, x, y) + sgr(0, x, y, true));
				t.sendBytes(sgr(64, x, y));
				// A key only that pane answers as it does: / opens the Hub's search box (Local images': its filter);
				// t switches History to the journal (Local images': a tag prompt).
				if (title === 'Hub') {
					t.send('/');
					// eslint-disable-next-line no-await-in-loop
					const after = await t.waitFor(/Enter\/↓ (results|keep)/);
					expect(after).toContain('Enter/↓ results');
					t.send('Escape');
					// eslint-disable-next-line no-await-in-loop
					await t.waitFor('/ search');
				} else {
					t.send('t');
					// eslint-disable-next-line no-await-in-loop
					const after = await t.waitFor(screen => !screen.includes('Parent chain'));
					expect(after).not.toContain('New repository');
					expect(after).toMatch(/docker events/);
				}
			}
		}, 60_000);
	}

	test('100x30: after a row is removed elsewhere, a tag typed in one burst keeps the highlight on the tagged image', async () => {
		const {t, home} = await start({columns: 100, rows: 30}, home => {
			dockyard(home, 'os', 'install', 'NanoServer');
			dockyard(home, 'os', 'install', 'WindowsServerCore', '--version', '10.0.10586.0');
			dockyard(home, 'tag', 'nanoserver', 'o/third:one');
		}, 'o/third');
		t.send('s');
		const screen = await t.waitFor('sort: name');
		const rows = screen.split('\n').filter(line => /^\s+(nanoserver|o\/third|windowsservercore)\s/.test(line));
		const third = rows.findIndex(line => line.includes('o/third'));
		t.sendBytes('j'.repeat(third));
		await t.waitFor(() => /^\s*o\/third\s/.test(cursorLine(t)));
		dockyard(home, 'rmi', 'o/third:one');
		await t.waitFor(screen => !screen.includes('o/third'));
		await t.waitFor(() => /^\s*windowsservercore\s+10\.0/.test(cursorLine(t)));
		t.sendBytes('taaa/demo:1\r');
		await t.waitFor('✔ Tagged');
		expect(cursorLine(t)).toMatch(/^\s*windowsservercore\s+10\.0/);
	}, 60_000);

	test('100x30: the pull refusal dialog shows its title, rule and question whole (wrapped, not cut)', async () => {
		const {t} = await start({columns: 100, rows: 30}, () => {}, 'No images yet');
		t.sendBytes('2/iis\r\r');
		const screen = await t.waitFor('y/N', 20_000);
		// The frame's text as one: its lines wrap where the width falls.
		const text = screen.split('\n').filter(line => line.startsWith('│')).map(line => line.replace(/^│\s*|\s*│$/g, '')).join(' ').replaceAll(/\s+/g, ' ');
		expect(text).toContain('needs the base OS image WindowsServerCore 10.0.10586.0');
		expect(text).toContain('which must be installed first. Nothing was changed.');
		expect(text).toContain('then pull microsoft/iis:latest? y/N');
		expect(text).not.toContain('…');
	}, 60_000);

	test('80x24: a tag prompt edits as a shell does, and teaches the docker tag being typed', async () => {
		const {t} = await start({columns: 80, rows: 24}, home => {
			dockyard(home, 'os', 'install', 'NanoServer');
		}, 'nanoserver');
		t.send('t');
		await t.waitFor('New repository[:tag]');
		t.type('world');
		t.send('C-a');
		t.type('hello/');
		t.send('C-e');
		t.type(':1');
		let screen = await t.waitFor('> hello/world:1');
		expect(screen).toMatch(/Enter tags: \$ docker tag nanoserver:\S+ hello\/world:1/);
		expect(screen).not.toContain('d removes');
		t.send('M-b', 'C-Left', 'C-k');
		screen = await t.waitFor(/> hello\/\s*│?\s*$/m);
		t.send('Home');
		t.type('x');
		t.send('End', 'C-w');
		screen = await t.waitFor(/> \s*│?\s*$/m);
		t.type('abc');
		t.send('C-u');
		t.type('z');
		screen = await t.waitFor(/> z\s*│?\s*$/m);
		t.send('Escape');
		await t.waitFor('d removes');
	}, 60_000);
});
