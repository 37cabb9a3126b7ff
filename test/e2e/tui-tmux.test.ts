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
	console.warn('tui-tmux: tmux is not installed, so the end-to-end TUI test is skipped (apt-get install tmux to run it)');
}

function quote(value: string): string {
	return `'${value.replaceAll('\'', '\'\\\'\'')}'`;
}

/** The CLI against the same store, as a second terminal would run it. */
function dockyard(home: string, ...args: string[]): string {
	return execFileSync(process.execPath, [cli, ...args], {env: {...process.env, DOCKYARD_HOME: home, NO_COLOR: '1'}, encoding: 'utf8'});
}

/** Esc, then wait until the dialog is gone, so the next key reaches the pane and not the dialog. */
async function closeDialog(t: Terminal, text: string): Promise<void> {
	t.send('Escape');
	await t.waitFor(screen => !screen.includes(text));
}

/** The lines of the pane area (between the tab bar and the teaching lines) that mention `text`. */
function rowsWith(screen: string, text: string): string[] {
	return screen.split('\n').filter(line => line.includes(text));
}

describe.skipIf(!tmuxPresent && !inCi)('the TUI in a real terminal (tmux 100x30)', () => {
	let home: string;
	let terminal: Terminal;

	beforeAll(() => {
		if (!tmuxPresent) {
			throw new Error('tmux is required for the end-to-end TUI test when CI=true');
		}

		if (!existsSync(cli)) {
			throw new Error(`${cli} is missing: run npm run build first`);
		}

		home = mkdtempSync(path.join(os.tmpdir(), 'dockyard-tmux-'));
		// As a user runs it: no CI in the environment (the test below leaves CI set, which the TUI ignores on a terminal).
		terminal = openTerminal(`env -u CI -u CONTINUOUS_INTEGRATION DOCKYARD_HOME=${quote(home)} DOCKYARD_OFFLINE_RATE=2000000 ${quote(process.execPath)} ${quote(cli)}`, {columns: 100, rows: 30});
	});

	afterAll(() => {
		terminal?.close();
		if (home) {
			rmSync(home, {recursive: true, force: true});
		}
	});

	test('search, install, pull, a refused removal, create, commit, history, a confirmed removal, quit', async () => {
		const t = terminal;
		// An empty store, full screen.
		await t.waitFor('No images yet');
		expect(t.format('#{alternate_on}')).toBe('1');

		// Search the hub for iis, as you type.
		t.send('2');
		await t.waitFor('Search (offline catalog)');
		t.send('/');
		await t.waitFor('Enter/↓ results');
		t.type('iis');
		let screen = await t.waitFor(/Tags of microsoft\/iis .*\[latest\]/);
		expect(rowsWith(screen, 'microsoft/iis ')[0]).toMatch(/Internet Information Services/);
		expect(rowsWith(screen, 'microsoft/nginx')).toHaveLength(0);

		// Pulling it first is refused: it needs its base OS image, and says which.
		t.send('Enter');
		await t.waitFor('→/l tag');
		t.send('Enter');
		// It offers the install in place; Esc declines here, and the install is done from the list below.
		screen = await t.waitFor('then pull microsoft/iis:latest? y/N');
		expect(screen).toMatch(/needs the base OS image WindowsServerCore 10\.0\.10586\.0/);
		await closeDialog(t, 'then pull microsoft/iis:latest? y/N');

		// Install that base OS image from the hub (Find-ContainerImage's list).
		t.send('i');
		await t.waitFor('Install a base OS image');
		t.send('j');
		t.send('j');
		t.send('Enter');
		screen = await t.waitFor('Status: Downloaded newer image for windowsservercore:10.0.10586.0', 20_000);
		expect(screen).toMatch(/Pull complete/);
		expect(screen).toMatch(/PS> Install-ContainerImage -Name WindowsServerCore -Version 10\.0\.10586\.0/);

		// Now the pull goes through, with docker's per-layer words, and the image appears in Local images.
		t.send('Enter');
		screen = await t.waitFor(/Pulling microsoft\/iis:latest|Pulled microsoft\/iis:latest/);
		screen = await t.waitFor('Status: Downloaded newer image for microsoft/iis:latest', 20_000);
		expect(screen).toMatch(/[\da-f]{12}: (Pull complete|Already exists)/);
		expect(screen).toMatch(/\$ docker pull microsoft\/iis/);
		t.send('1');
		screen = await t.waitFor(screen => /microsoft\/iis\s+latest/.test(screen) && /windowsservercore\s+latest/.test(screen));
		// Its two rows in the list (the teaching line may name the one highlighted, which stayed where it was).
		const baseRows = rowsWith(screen, 'windowsservercore').filter(line => /^\s+windowsservercore\s/.test(line));
		expect(baseRows).toHaveLength(2);
		expect(baseRows[0]).toMatch(/base/);

		// Removing the base image (both of its tags, marked) is refused: the child image is named, with the rule.
		t.send('/');
		await t.waitFor('Enter/↓ keep');
		t.type('windowsservercore');
		await t.waitFor('1/2 of 3');
		t.send('Enter');
		t.send('Space');
		t.send('Space');
		await t.waitFor('2 marked');
		t.send('d');
		screen = await t.waitFor('Nothing was changed');
		// The dialog wraps the conflict where its width falls (which tag is named first moves it): read it as one text.
		const dialogText = screen.replaceAll(/\s*[│╭╮╰╯─]+\s*/g, ' ').replaceAll(/\s+/g, ' ');
		expect(dialogText).toMatch(/conflict: unable to delete [\da-f]{12} \(cannot be forced\) - image has dependent child images/);
		expect(screen).toMatch(/child image [\da-f]{12} microsoft\/iis:latest/);
		expect(screen).toMatch(/Rule: An image that other images were created from cannot be/);
		await closeDialog(t, 'Nothing was changed');
		await t.waitFor('2 marked');
		t.send('Escape');
		await t.waitFor('/ to filter');
		expect(dockyard(home, 'images')).toMatch(/windowsservercore\s+latest/);

		// Create a container from microsoft/iis; then the image itself is refused, naming the stopped container.
		t.send('/');
		t.type('iis');
		await t.waitFor('1/1 of 3');
		t.send('Enter');
		t.send('c');
		screen = await t.waitFor(/Created container (\S+) \([\da-f]{12}\) from microsoft\/iis:latest/);
		const name = /Created container (\S+)/.exec(screen)![1]!;
		expect(name).toBe('iis-1');
		expect(screen).toMatch(/\$ docker create --name iis-1 microsoft\/iis:latest/);
		t.send('d');
		screen = await t.waitFor('Nothing was changed');
		expect(screen).toContain(`"${name}" (Created, stopped)`);
		expect(screen).toMatch(/Rule: An image cannot be removed while a container depends on it, even a stopped/);
		await closeDialog(t, 'Nothing was changed');

		// Commit the container as windowsservercoreiis, from the Containers pane.
		t.send('4');
		screen = await t.waitFor(name);
		expect(rowsWith(screen, name)[0]).toMatch(/microsoft\/iis:latest.*Created/);
		t.send('c');
		await t.waitFor('Repository[:tag] for the new image');
		t.type('windowsservercoreiis');
		t.send('Enter');
		screen = await t.waitFor(/✔ sha256:[\da-f]{64} \(windowsservercoreiis\)/);
		expect(screen).toContain('$ docker commit iis-1 windowsservercoreiis');

		// Its history: layers, the parent chain down to the base OS image, and what depends on it.
		t.send('1');
		t.send('Escape');
		await t.waitFor('/ to filter');
		t.send('/');
		t.type('windowsservercoreiis');
		await t.waitFor('1/1 of 4');
		t.send('Enter');
		t.send('3');
		screen = await t.waitFor('Parent chain');
		expect(screen).toMatch(/^ +[\da-f]{12} windowsservercoreiis:latest\n +└─ [\da-f]{12} microsoft\/iis:latest\n +└─ [\da-f]{12} windowsservercore:10\.0\.10586\.0 \(base OS image\)/m);
		expect(screen).toMatch(/IMAGE\s+CREATED\s+CREATED BY/);
		expect(screen).toMatch(/<missing>/);
		expect(screen).toContain('Depends on it (0):');
		t.send('t');
		screen = await t.waitFor(/✔ commit/);
		expect(screen).toMatch(/✔ pull/);
		expect(screen).toMatch(/✔ os-install/);
		t.send('t');

		// Remove what is allowed: confirmed, saying what goes.
		t.send('1');
		await t.waitFor('windowsservercoreiis');
		t.send('d');
		screen = await t.waitFor('Proceed? [y/N]');
		expect(screen).toContain('Will untag windowsservercoreiis:latest');
		expect(screen).toMatch(/Will delete sha256:[\da-f]{64}/);
		expect(screen).toContain('$ docker rmi windowsservercoreiis:latest');
		t.send('y');
		screen = await t.waitFor('✔ Untagged: windowsservercoreiis:latest');
		await t.waitFor('Nothing matches the filter');
		expect(dockyard(home, 'images')).not.toContain('windowsservercoreiis');
		expect(dockyard(home, 'ps', '-a')).toContain(name);

		// Quit: the terminal gets its own screen and cursor back.
		t.send('q');
		screen = await t.waitFor('[exited 0]');
		expect(t.format('#{alternate_on}')).toBe('0');
		expect(t.format('#{cursor_flag}')).toBe('1');
		expect(screen).not.toContain('Local images');
	}, 120_000);
});

describe.skipIf(!tmuxPresent && !inCi)('keys as a real terminal sends them: Esc, Esc with a key, a paste, a resize (tmux)', () => {
	let home: string;
	let terminal: Terminal;

	beforeAll(() => {
		if (!tmuxPresent) {
			throw new Error('tmux is required for the end-to-end TUI test when CI=true');
		}

		home = mkdtempSync(path.join(os.tmpdir(), 'dockyard-tmux-'));
		dockyard(home, 'os', 'install', 'NanoServer');
		// CI is left set here: the TUI runs interactive on a terminal whatever CI says.
		terminal = openTerminal(`env DOCKYARD_HOME=${quote(home)} ${quote(process.execPath)} ${quote(cli)}`, {columns: 100, rows: 30});
	});

	afterAll(() => {
		terminal?.close();
		if (home) {
			rmSync(home, {recursive: true, force: true});
		}
	});

	/** The filter box open with text that matches nothing. */
	async function filterNothing(t: Terminal): Promise<void> {
		t.send('/');
		await t.waitFor('Enter/↓ keep');
		t.type('zz');
		await t.waitFor('Nothing matches the filter');
	}

	async function backToImagesUnfiltered(t: Terminal): Promise<void> {
		await t.waitFor('Search (offline catalog)');
		t.send('1');
		const screen = await t.waitFor(screen => screen.includes('sort: created') && screen.includes('nanoserver'));
		expect(screen).not.toContain('filter:');
	}

	test('Esc then 2 closes the filter and opens the hub, sent apart or in one write; a paste is one string; a resize redraws', async () => {
		const t = terminal;
		await t.waitFor('nanoserver');
		expect(t.format('#{alternate_on}')).toBe('1');

		// Esc and 2 as two writes, back to back (well inside the 20 ms Ink holds a lone Esc).
		await filterNothing(t);
		t.send('Escape', '2');
		await backToImagesUnfiltered(t);

		// Esc and 2 in one write, as a busy app reads them: not Alt-2.
		await filterNothing(t);
		t.type('\u001B2');
		await backToImagesUnfiltered(t);

		// A paste: tmux brackets it only because the box asked for bracketed paste; its newline is no Enter.
		t.send('/');
		await t.waitFor('Enter/↓ keep');
		execFileSync('tmux', ['set-buffer', '-b', t.name, 'nano\n']);
		execFileSync('tmux', ['paste-buffer', '-p', '-d', '-b', t.name, '-t', t.name]);
		let screen = await t.waitFor('filter: nano');
		expect(screen).toContain('Enter/↓ keep');
		expect(screen).toMatch(/nanoserver +latest/);
		t.send('Enter');
		await t.waitFor('d remove');

		// Smaller: Ink redraws the whole frame, one tab bar, nothing of the old frame left.
		t.resize(80, 24);
		screen = await t.waitFor(screen => screen.split('\n').length <= 25 && screen.split('\n')[0]!.startsWith('dockyard'));
		expect(screen.split('\n').filter(line => line.includes('1 Local images'))).toHaveLength(1);
		expect(screen).toContain('filter: nano');

		t.send('q');
		await t.waitFor('[exited 0]');
		expect(t.format('#{alternate_on}')).toBe('0');
		expect(t.format('#{cursor_flag}')).toBe('1');
	}, 120_000);
});
