import {spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {builtinLesson} from '../../source/core/lesson/load-lesson.js';
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
/** The step the panel shows (12 once the lesson is done), or 0. */
const stepShown = (screen: string) => screen.includes('done: 11 of 11 steps') ? 12 : Number(/step (\d+) of 11:/.exec(screen)?.[1] ?? 0);

/** The keys a step's text names, in order: `[K]` is a key, `type "X"` is text typed. */
function keysNamed(text: string): Array<{key: string} | {text: string}> {
	return [...text.matchAll(/\[([^\]]+)\]|type "([^"]+)"/g)].map(match => match[1] === undefined ? {text: match[2]!} : {key: match[1]});
}

/** tmux's names for the keys the lesson writes. */
const tmuxKey = (key: string) => ({Enter: 'Enter', Esc: 'Escape'})[key] ?? key;

/** How many keys the seed lesson took before its texts named them (issue 22): it must take no more. */
const keysBefore = 34;

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

	test('every step\'s text names its keys, and exactly those keys take the lesson from an empty store to its end', async () => {
		const t = terminal;
		const {steps} = builtinLesson('container-images')!;
		/** The screen no longer changing: the app has drawn what the last key did (bounded, never a fixed sleep). */
		const settled = async () => {
			let last = t.capture();
			await t.waitFor(screen => {
				const same = screen === last;
				last = screen;
				return same;
			}, 10_000);
		};

		// What a key starts that the next key depends on and that takes more than a frame: waited for, never pressed for.
		const ready: Record<string, string | RegExp> = {
			'3 iis': 'Tags of microsoft/iis',
			'7 microsoft/iis': '1/1 of 5',
			'11 windowsservercoreiis': '1/1 of 6',
		};
		let pressed = 0;
		let screen = await t.waitFor(onStep(1), 15_000);
		// Presenter: the store's path is not on the screen; the keys pressed are.
		expect(screen).not.toContain(home);
		for (const [index, step] of steps.entries()) {
			const number = index + 1;
			// A step that names no key may be done the moment it begins (step 6: the pull y let go on): the panel is past it.
			screen = await t.waitFor(shown => stepShown(shown) >= number, 30_000);
			if (stepShown(screen) > number) {
				expect(keysNamed(step.do).filter(named => 'key' in named)).toEqual([]);
				continue;
			}

			expect(screen).toContain(`step ${number} of 11: ${step.title}`);
			for (const named of keysNamed(step.do)) {
				if ('key' in named) {
					t.send(tmuxKey(named.key));
					pressed++;
				} else {
					t.type(named.text);
				}

				const wanted = ready[`${number} ${'text' in named ? named.text : named.key}`];
				// eslint-disable-next-line no-await-in-loop
				await (wanted ? t.waitFor(wanted, 10_000) : settled());
			}

			// eslint-disable-next-line no-await-in-loop
			screen = await t.waitFor(shown => stepShown(shown) > number, 60_000);
			if (number === 9) {
				// What the step names is on the screen at 100x30 with the panel: the chain and at least one dependent.
				// (Read before W moved on: the History pane is still there under the next step's text.)
				expect(screen).toContain('Parent chain');
				expect(screen).toMatch(/container [\da-f]{12} iis-1|child image [\da-f]{12} windowsservercoreiis/);
			}
		}

		console.log(`the seed lesson took ${pressed} keys, besides the names typed (before its texts named them: ${keysBefore})`);
		expect(pressed).toBeLessThanOrEqual(keysBefore);
		expect(dockyard(home, 'images').stdout).not.toContain('windowsservercoreiis');
		expect(dockyard(home, 'ps', '-a').stdout).toContain('iis-1');

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

		// The lesson's lines and the journal's are one source's: the commit and the refused removal read the same.
		expect(handout.stdout).toContain('New-ContainerImage -ContainerName iis-1 -Name windowsservercoreiis -Publisher Demo -Version 1.0');
		expect(handout.stdout).toContain('docker create --name iis-1 microsoft/iis');
		expect(handout.stdout).not.toMatch(/…|\.\.\.$/m);

		t.send('C-c');
		await t.waitFor('[exited 0]');
	}, 240_000);
});

test('the lesson texts name keys only in [brackets] and text to type only in quotes', () => {
	for (const step of builtinLesson('container-images')!.steps) {
		// A key named outside brackets ("Press i") would not be pressed by the test above: none is left.
		expect(step.do, step.title).not.toMatch(/\b(?:[Pp]ress|then|and) (?:[a-zA-Z\d/]|Enter|Esc)\b(?!\])/);
		expect(step.do, step.title).not.toMatch(/\btype (?!")/);
	}
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
