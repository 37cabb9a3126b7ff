import {spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
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
	console.warn('lesson-tmux: tmux is not installed, so the end-to-end lesson test is skipped (apt-get install tmux to run it)');
}

function quote(value: string): string {
	return `'${value.replaceAll('\'', '\'\\\'\'')}'`;
}

/** The CLI against the same store, as a second terminal would run it. */
function dockyard(home: string, ...args: string[]): {status: number | null; stdout: string; stderr: string} {
	const run = spawnSync(process.execPath, [cli, ...args], {env: {...process.env, DOCKYARD_HOME: home, NO_COLOR: '1'}, encoding: 'utf8', timeout: 30_000});
	return {status: run.status, stdout: run.stdout, stderr: run.stderr};
}

/** The step the panel is on, as its title row says it. */
const onStep = (step: number) => `step ${step} of 11:`;

describe.skipIf(!tmuxPresent && !inCi)('the seed lesson in a real terminal (tmux 100x30)', () => {
	let home: string;
	let terminal: Terminal;

	beforeAll(() => {
		if (!tmuxPresent) {
			throw new Error('tmux is required for the end-to-end lesson test when CI=true');
		}

		if (!existsSync(cli)) {
			throw new Error(`${cli} is missing: run npm run build first`);
		}

		home = mkdtempSync(path.join(os.tmpdir(), 'dockyard-lesson-tmux-'));
		terminal = openTerminal(`env -u CI -u CONTINUOUS_INTEGRATION DOCKYARD_HOME=${quote(home)} ${quote(process.execPath)} ${quote(cli)} lesson container-images --presenter`, {columns: 100, rows: 30});
	});

	afterAll(() => {
		terminal?.close();
		if (home) {
			rmSync(home, {recursive: true, force: true});
		}
	});

	test('from an empty store to the end by keys, one step done by the CLI in another process and noticed', async () => {
		const t = terminal;
		let screen = await t.waitFor(onStep(1), 15_000);
		expect(screen).toContain('Lesson · Container images · step 1 of 11: Find and install a base OS image');
		expect(screen).toContain('PS> Install-ContainerImage -Name NanoServer');
		// Presenter: the store's path is not on the screen; the keys pressed are.
		expect(screen).not.toContain(home);

		// 1. Find-ContainerImage's list in the Hub; NanoServer (latest) is the first row.
		t.send('2');
		await t.waitFor('Search (offline catalog)');
		t.send('i');
		await t.waitFor('Install a base OS image');
		t.send('Enter');
		screen = await t.waitFor(onStep(2), 30_000);
		expect(screen).toContain('✔ step 1 done.');
		expect(screen).toContain('keys: 2 i Enter');

		// 2. Both ways of listing: a step to read, moved on with W.
		t.send('1');
		await t.waitFor(/nanoserver\s+latest/);
		t.send('p');
		await t.waitFor(/Publisher\s+Version\s+IsOSImage/);
		t.send('p');
		await t.waitFor(/REPOSITORY\s+TAG\s+IMAGE ID/);
		t.send('W');
		await t.waitFor(onStep(3));

		// 3. Search the hub (Enter leaves the search box for the results, where W is a key again).
		t.send('2');
		t.send('/');
		await t.waitFor('Enter/↓ results');
		t.type('iis');
		await t.waitFor(/Tags of microsoft\/iis/);
		t.send('Enter');
		await t.waitFor('→/l tag');
		t.send('W');
		await t.waitFor(onStep(4));

		// 4. The pull is refused: the store journals the refusal, the panel notices it (whatever the dialog offers; Esc declines).
		t.send('Enter');
		screen = await t.waitFor(onStep(5));
		expect(screen).toContain('✔ step 4 done.');
		t.send('Escape');
		await t.waitFor('→/l tag');

		// 5. The fix: WindowsServerCore 10.0.10586.0 is the third row of the install dialog.
		t.send('i');
		await t.waitFor('Install a base OS image');
		t.send('j');
		t.send('j');
		t.send('Enter');
		await t.waitFor(onStep(6), 30_000);

		// 6. The pull goes through now.
		t.send('Enter');
		await t.waitFor(onStep(7), 30_000);

		// 7. A container from microsoft/iis.
		t.send('1');
		t.send('/');
		await t.waitFor('Enter/↓ keep');
		t.type('iis');
		await t.waitFor('1/1 of 5');
		t.send('Enter');
		t.send('c');
		await t.waitFor(onStep(8));

		// 8. Commit it as windowsservercoreiis, from the Containers pane.
		t.send('4');
		await t.waitFor('microsoft/iis:latest');
		t.send('c');
		await t.waitFor('Repository[:tag] for the new image');
		t.type('windowsservercoreiis');
		t.send('Enter');
		await t.waitFor(onStep(9));

		// 9. History and what depends on it: read, then W.
		t.send('1');
		t.send('Escape');
		await t.waitFor('/ to filter');
		t.send('/');
		t.type('windowsservercoreiis');
		await t.waitFor('1/1 of 6');
		t.send('Enter');
		t.send('3');
		await t.waitFor('Parent chain');
		t.send('W');
		await t.waitFor(onStep(10));

		// 10. Done in another terminal: the CLI's refused removal, noticed by the panel without a key.
		const refused = dockyard(home, 'rmi', 'microsoft/iis');
		expect(refused.status).toBe(1);
		expect(refused.stderr).toMatch(/conflict: unable to remove repository reference "microsoft\/iis" \(must force\) - container [\da-f]{12} is using its referenced image|unable to delete/);
		screen = await t.waitFor(onStep(11), 5000);
		expect(screen).toContain('✔ step 10 done.');

		// 11. The allowed removal, confirmed.
		t.send('1');
		await t.waitFor('windowsservercoreiis');
		t.send('d');
		await t.waitFor('Proceed? [y/N]');
		t.send('y');
		screen = await t.waitFor('Lesson · Container images · done: 11 of 11 steps (8 noticed in the store)', 10_000);
		expect(dockyard(home, 'images').stdout).not.toContain('windowsservercoreiis');

		// The journal holds the refusals the lesson waited for, after the lesson's own start.
		const journal = JSON.parse(readFileSync(path.join(home, 'index.json'), 'utf8')) as {journal: Array<{action: string; ok: boolean}>};
		const refusedActions = journal.journal.filter(entry => !entry.ok).map(entry => entry.action);
		expect(refusedActions).toContain('pull');
		expect(refusedActions.indexOf('pull')).toBeLessThan(refusedActions.lastIndexOf('rmi'));

		// The session as the class's handout: every step in order, the refusals with their rule, nothing cut.
		const handout = dockyard(home, 'journal', '--format', 'md');
		expect(handout.status).toBe(0);
		const headings = [...handout.stdout.matchAll(/^## \d+\. (\S+): (\S+)$/gm)].map(match => `${match[1]} ${match[2]}`);
		const inOrder = ['os-install done', 'pull refused', 'os-install done', 'pull done', 'create done', 'commit done', 'rmi refused', 'rmi done'];
		let from = 0;
		for (const step of inOrder) {
			const at = headings.indexOf(step, from);
			expect(at, `${step} after entry ${from} in ${headings.join(', ')}`).toBeGreaterThanOrEqual(from);
			from = at + 1;
		}

		const refusals = handout.stdout.split(/^## /m).filter(section => /^\d+\. \S+: refused$/m.test(section));
		expect(refusals.length).toBeGreaterThanOrEqual(2);
		for (const section of refusals) {
			expect(section).toMatch(/^\*\*Rule:\*\* \S/m);
		}

		expect(handout.stdout).not.toMatch(/…|\.\.\.$/m);

		t.send('q');
		await t.waitFor('[exited 0]');
	}, 240_000);
});

describe.skipIf(!tmuxPresent && !inCi)('a lesson\'s start on a store that is not empty asks y/N in the terminal (tmux)', () => {
	let home: string;
	const terminals: Terminal[] = [];

	beforeAll(() => {
		if (!tmuxPresent) {
			throw new Error('tmux is required for the end-to-end lesson test when CI=true');
		}

		home = mkdtempSync(path.join(os.tmpdir(), 'dockyard-lesson-tmux-'));
		expect(dockyard(home, 'os', 'install', 'NanoServer').status).toBe(0);
	});

	afterAll(() => {
		for (const terminal of terminals) {
			terminal.close();
		}

		if (home) {
			rmSync(home, {recursive: true, force: true});
		}
	});

	const open = () => {
		const terminal = openTerminal(`env -u CI -u CONTINUOUS_INTEGRATION DOCKYARD_HOME=${quote(home)} ${quote(process.execPath)} ${quote(cli)} lesson`, {columns: 100, rows: 30});
		terminals.push(terminal);
		return terminal;
	};

	test('No (the default) changes nothing and says how to start; y empties the store and opens the lesson', async () => {
		let t = open();
		let screen = await t.waitFor('Empty it for the lesson? [y/N]', 15_000);
		expect(screen).toContain(`The store ${home} is not empty (1 image).`);
		t.send('Enter');
		screen = await t.waitFor('[exited 1]');
		// The terminal wraps the line at 100 columns: read it whole.
		expect(screen.replaceAll('\n', '')).toContain('a lesson starts on a fresh store: run `dockyard reset --yes` first, or add --yes to empty it');
		expect(dockyard(home, 'images', '-q').stdout).not.toBe('');

		t = open();
		await t.waitFor('Empty it for the lesson? [y/N]', 15_000);
		t.type('y');
		t.send('Enter');
		screen = await t.waitFor(onStep(1), 15_000);
		expect(screen).toContain('No images yet');
		expect(dockyard(home, 'images', '-q').stdout).toBe('');
		// The keys reach the app after the question: 2 opens the Hub.
		t.send('2');
		await t.waitFor('Search (offline catalog)');
		// In the Hub q is a letter (it starts a search); Ctrl-C quits from anywhere.
		t.send('C-c');
		await t.waitFor('[exited 0]');
	}, 120_000);
});
