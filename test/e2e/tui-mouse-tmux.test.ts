import {execFileSync} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {hasTmux, openTerminal, type Terminal} from '../../source/media/tmux.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = path.join(root, 'dist', 'cli.js');
const tmuxPresent = hasTmux();
const inCi = process.env['CI'] === 'true';

if (!tmuxPresent && !inCi) {
	console.warn('tui-mouse-tmux: tmux is not installed, so the mouse end-to-end test is skipped (apt-get install tmux to run it)');
}

function quote(value: string): string {
	return `'${value.replaceAll('\'', '\'\\\'\'')}'`;
}

function dockyard(home: string, ...args: string[]): void {
	execFileSync(process.execPath, [cli, ...args], {env: {...process.env, DOCKYARD_HOME: home, NO_COLOR: '1'}, encoding: 'utf8'});
}

/** What a terminal sends for a press (or release) of button `code` at a 0-based cell, in SGR mode. */
function sgr(code: number, x: number, y: number, release = false): string {
	return `\u001B[<${code};${x + 1};${y + 1}${release ? 'm' : 'M'}`;
}

/** The cursor row: the line drawn inverse, below the tab bar (whose focused tab is inverse too). */
function cursorLine(t: Terminal): string {
	const lines = t.capture({escapes: true}).split('\n').slice(1);
	// tmux writes inverse as ESC[7m or with other attributes, ESC[0;7m.
	return lines.find(line => /\u001B\[(?:[\d;]*;)?7m/.test(line))?.replaceAll(/\u001B\[[\d;]*m/g, '') ?? '';
}

/** Waits until the cursor is on the row that reads as `line` does (its repository and tag). */
async function cursorOn(t: Terminal, line: string): Promise<void> {
	const [repository, tag] = line.trim().split(/\s+/);
	const pattern = new RegExp(`^\\s*${repository}\\s+${tag}\\s`);
	await t.waitFor(() => pattern.test(cursorLine(t)));
}

function click(t: Terminal, x: number, y: number): void {
	t.sendBytes(sgr(0, x, y) + sgr(0, x, y, true));
}

describe.skipIf(!tmuxPresent && !inCi)('the mouse in a real terminal (tmux 100x30)', () => {
	let home: string;
	let terminal: Terminal;

	beforeAll(() => {
		if (!tmuxPresent) {
			throw new Error('tmux is required for the mouse end-to-end test when CI=true');
		}

		if (!existsSync(cli)) {
			throw new Error(`${cli} is missing: run npm run build first`);
		}

		home = mkdtempSync(path.join(os.tmpdir(), 'dockyard-mouse-'));
		dockyard(home, 'os', 'install', 'NanoServer');
		dockyard(home, 'os', 'install', 'WindowsServerCore');
		dockyard(home, 'tag', 'nanoserver', 'zz/third:one');
		terminal = openTerminal(`env -u CI -u CONTINUOUS_INTEGRATION DOCKYARD_HOME=${quote(home)} ${quote(process.execPath)} ${quote(cli)}`, {columns: 100, rows: 30});
	});

	afterAll(() => {
		terminal?.close();
		if (home) {
			rmSync(home, {recursive: true, force: true});
		}
	});

	test('reporting on while it runs; a click selects a row, the wheel moves on, a double click opens its history; off after quit', async () => {
		const t = terminal;
		let screen = await t.waitFor('zz/third');
		expect(t.format('#{mouse_any_flag}#{mouse_sgr_flag}')).toBe('11');
		const lines = screen.split('\n');
		const rows = lines.map((line, index) => ({line, index})).filter(({line}) => /^\s+(nanoserver|windowsservercore|zz\/third)\s/.test(line));
		expect(rows.length).toBeGreaterThanOrEqual(4);
		await cursorOn(t, rows[0]!.line);

		// A click on the third row moves the cursor there, as ↓ ↓ would.
		const third = rows[2]!;
		click(t, 10, third.index);
		await cursorOn(t, third.line);
		// The wheel down moves one row on.
		t.sendBytes(sgr(65, 10, third.index));
		const fourth = rows[3]!;
		await cursorOn(t, fourth.line);
		// The wheel up, back.
		t.sendBytes(sgr(64, 10, third.index));
		await cursorOn(t, third.line);

		// Nothing of the reports leaked into the filter box as typed text.
		t.send('/');
		await t.waitFor('Enter/↓ keep');
		click(t, 10, third.index);
		t.sendBytes(sgr(65, 10, third.index));
		t.type('zz');
		screen = await t.waitFor('filter: zz');
		expect(screen).not.toMatch(/filter: \S*[<;M]/);
		t.send('Escape');
		await t.waitFor('/ to filter');

		// A double click on a row: its Enter (Local images: its history).
		click(t, 10, rows[1]!.index);
		click(t, 10, rows[1]!.index);
		screen = await t.waitFor(/IMAGE\s+CREATED\s+CREATED BY/);
		// A click on a tab of the tab bar focuses that pane.
		click(t, 12, 0);
		await t.waitFor('REPOSITORY');

		t.send('q');
		await t.waitFor('[exited 0]');
		expect(t.format('#{mouse_any_flag}')).toBe('0');
	});

	test('a SIGTERM or SIGHUP ends it with reporting off and the screen given back, and the signal as its exit status', async () => {
		for (const [signal, status] of [['SIGTERM', 143], ['SIGHUP', 129]] as const) {
			const t = openTerminal(`env -u CI -u CONTINUOUS_INTEGRATION DOCKYARD_HOME=${quote(home)} ${quote(process.execPath)} ${quote(cli)}`, {columns: 100, rows: 30});
			try {
				// eslint-disable-next-line no-await-in-loop
				await t.waitFor('zz/third');
				expect(t.format('#{mouse_any_flag}#{alternate_on}')).toBe('11');
				const app = execFileSync('ps', ['-o', 'pid=', '--ppid', t.format('#{pane_pid}')], {encoding: 'utf8'}).trim().split('\n')[0]!.trim();
				process.kill(Number(app), signal);
				// eslint-disable-next-line no-await-in-loop
				await t.waitFor(`[exited ${status}]`);
				expect(`${signal}: ${t.format('#{mouse_any_flag}#{alternate_on}')}`).toBe(`${signal}: 00`);
			} finally {
				t.close();
			}
		}
	});

	test('--no-mouse leaves reporting off', async () => {
		const t = openTerminal(`env -u CI -u CONTINUOUS_INTEGRATION DOCKYARD_HOME=${quote(home)} ${quote(process.execPath)} ${quote(cli)} --no-mouse`, {columns: 100, rows: 30});
		try {
			await t.waitFor('zz/third');
			expect(t.format('#{mouse_any_flag}')).toBe('0');
			t.send('q');
			await t.waitFor('[exited 0]');
		} finally {
			t.close();
		}
	});
});
