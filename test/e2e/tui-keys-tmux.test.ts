import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterEach, describe, expect, test} from 'vitest';
import {filterTo, hasTmux, openTerminal, type Terminal} from '../../source/media/tmux.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = path.join(root, 'dist', 'cli.js');
const tmuxPresent = hasTmux();
const inCi = process.env['CI'] === 'true';

if (!tmuxPresent && !inCi) {
	console.warn('tui-keys-tmux: tmux is not installed, so these terminal tests are skipped (apt-get install tmux to run them)');
}

function quote(value: string): string {
	return `'${value.replaceAll('\'', '\'\\\'\'')}'`;
}

const opened: Array<{terminal: Terminal; home: string}> = [];
afterEach(() => {
	for (const {terminal, home} of opened.splice(0)) {
		terminal.close();
		rmSync(home, {recursive: true, force: true});
	}
});

/** The app on an empty store in a fresh 100x30 tmux session, as a user starts it. */
function start(): Terminal {
	if (!tmuxPresent) {
		throw new Error('tmux is required for the terminal tests when CI=true');
	}

	if (!existsSync(cli)) {
		throw new Error(`${cli} is missing: run npm run build first`);
	}

	const home = mkdtempSync(path.join(os.tmpdir(), 'dockyard-keys-'));
	const terminal = openTerminal(`env -u CI -u CONTINUOUS_INTEGRATION DOCKYARD_HOME=${quote(home)} ${quote(process.execPath)} ${quote(cli)}`, {columns: 100, rows: 30});
	opened.push({terminal, home});
	return terminal;
}

describe.skipIf(!tmuxPresent && !inCi)('keys in a real terminal (tmux)', () => {
	test('keys typed while the app starts are not echoed: the frame starts at the first column, the shell shows none of them after', async () => {
		const t = start();
		// At once, while node is still loading.
		t.type('xz');
		const screen = await t.waitFor('No images yet', 30_000);
		expect(screen.split('\n')[0]).toMatch(/^dockyard /);
		t.send('q');
		const after = await t.waitFor('[exited 0]', 10_000);
		expect(after).not.toContain('xz');
	});

	test('Ctrl-C quits from a text prompt', async () => {
		const t = start();
		await t.waitFor('No images yet', 30_000);
		t.send('4');
		await t.waitFor('No containers');
		t.send('n');
		await t.waitFor('From image');
		t.type('abc');
		t.send('C-c');
		await t.waitFor('[exited 0]', 10_000);
	});

	test('Esc then 2 at once: the filter closes and is cleared, then the Hub opens; nothing is typed into the box', async () => {
		const t = start();
		await t.waitFor('No images yet', 30_000);
		await filterTo(t, 'iis');
		// One write of both bytes, as a fast typist's (or a busy app's) Esc then 2.
		t.type('\u001B2');
		const screen = await t.waitFor('Search (offline catalog)', 10_000);
		expect(screen).not.toContain('iis2');
		t.send('1');
		const images = await t.waitFor('/ to filter');
		expect(images).not.toMatch(/filter: \S/);
	});
});
