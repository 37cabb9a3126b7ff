/**
 * Text from outside (arguments, messages, file names) never reaches the
 * terminal with control characters in it: every escape sequence, CR, BEL,
 * DEL and C1 control is printed as its visible escape (`\u001b`), a row is
 * one row, an error is one line, and `--json` / `inspect` keep the text as it
 * was, JSON-escaped. (What a registry sends: test/registry/hostile.test.ts.)
 */
import {readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {dockyard, tempHome} from './helpers/cli.js';

/** Clears the screen, retitles the window, rings, draws a fake row, and an 8-bit CSI and a DEL for good measure. */
const hostile = '\u001B[2J\u001B]0;pwned\u0007\r\nFAKE ROW\u009B31m\u007F';

/** Nothing but printable text and the newlines that end lines. */
function expectNoControls(text: string): void {
	// eslint-disable-next-line no-control-regex
	expect(text).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/);
}

describe('text from outside is printed without its control characters', {timeout: 30_000}, () => {
	const {home, cleanup} = tempHome('dockyard-text-');
	let hostFile: string;
	beforeAll(async () => {
		expect((await dockyard(home, ['os', 'install', 'nanoserver'])).code).toBe(0);
		expect((await dockyard(home, ['create', '--name', 'box', 'nanoserver'])).code).toBe(0);
		hostFile = path.join(home, 'hello.txt');
		writeFileSync(hostFile, 'hello\n');
		expect((await dockyard(home, ['cp', hostFile, 'box:/hello.txt'])).code).toBe(0);
		const committed = await dockyard(home, ['commit', '-m', `message ${hostile}`, '-a', `author ${hostile}`, 'box', 'evil:1']);
		expect(committed.code, committed.stderr).toBe(0);
		const made = await dockyard(home, ['New-ContainerImage', '-Container', 'box', '-Publisher', `Pub${hostile}`, '-Name', 'psimage', '-Version', '1.0']);
		expect(made.code, made.stderr).toBe(0);
	}, 60_000);
	afterAll(cleanup);

	test('history: a commit message is one cell of one row, escaped; --json keeps it as it was', async () => {
		const result = await dockyard(home, ['history', 'evil:1']);
		expect(result.code, result.stderr).toBe(0);
		expectNoControls(result.stdout);
		const lines = result.stdout.trimEnd().split('\n');
		// The header, the commit's row, nanoserver's row: no fake one.
		expect(lines).toHaveLength(3);
		expect(lines[1]).toContain('message \\u001b[2J\\u001b]0;pwned\\u0007\\u000d\\u000aFAKE ROW\\u009b31m\\u007f');
		const json = await dockyard(home, ['history', '--json', 'evil:1']);
		expectNoControls(json.stdout);
		expect((JSON.parse(json.stdout) as Array<{Comment: string}>)[0]!.Comment).toBe(`message ${hostile}`);
	});

	test('inspect keeps the message and the author as they were, JSON-escaped', async () => {
		const result = await dockyard(home, ['inspect', 'evil:1']);
		expect(result.code, result.stderr).toBe(0);
		expectNoControls(result.stdout);
		const [document] = JSON.parse(result.stdout) as Array<{Comment: string; Author: string}>;
		expect(document!.Comment).toBe(`message ${hostile}`);
		expect(document!.Author).toBe(`author ${hostile}`);
	});

	test('Get-ContainerImage: the publisher is one cell of one row', async () => {
		const result = await dockyard(home, ['Get-ContainerImage']);
		expect(result.code, result.stderr).toBe(0);
		expectNoControls(result.stdout);
		// Header, rule, psimage, NanoServer (evil:1 has no title: a row too).
		const lines = result.stdout.trimEnd().split('\n');
		expect(lines.filter(line => line.startsWith('FAKE'))).toEqual([]);
		expect(result.stdout).toMatch(/^psimage +CN=Pub\\u001b\[2J\\u001b]0;pwned\\u0007\\u000d\\u000aFAKE ROW\\u009b31m\\u007f +1\.0\.0\.0 +False$/m);
	});

	const refusals: Array<{args: string[]; code: number}> = [
		{args: ['rm', `no${hostile}such`], code: 1},
		{args: ['cp', '/etc/hostname', `no${hostile}such:/x`], code: 1},
		{args: ['commit', `no${hostile}such`], code: 1},
		{args: ['tag', 'nanoserver', `x${hostile}`], code: 1},
		{args: ['rmi', `x${hostile}`], code: 1},
		{args: ['inspect', `x${hostile}`], code: 1},
		{args: ['history', `x${hostile}`], code: 1},
		{args: ['create', `x${hostile}`], code: 1},
		{args: ['pull', `x${hostile}`], code: 1},
		{args: ['os', 'install', `x${hostile}`], code: 1},
		{args: ['Install-ContainerImage', '-Name', `x${hostile}`], code: 1},
		{args: ['Remove-ContainerImage', '-Name', `x${hostile}`], code: 1},
	];

	test.each(refusals)('dockyard $args: one line, its argument escaped', async ({args, code}) => {
		const before = readFileSync(path.join(home, 'index.json'), 'utf8');
		const result = await dockyard(home, args);
		expect(result.code).toBe(code);
		expectNoControls(result.stdout);
		expectNoControls(result.stderr);
		const lines = result.stderr.trimEnd().split('\n');
		expect(lines, result.stderr).toHaveLength(1);
		expect(lines[0]).toMatch(/^Error: .*\\u001b\[2J/);
		expect(JSON.parse(readFileSync(path.join(home, 'index.json'), 'utf8')).images).toEqual(JSON.parse(before).images);
	});

	test('the unknown-verb message and usage errors escape what they echo', async () => {
		const unknown = await dockyard(home, [`bo${hostile}gus`]);
		expect(unknown.code).toBe(2);
		expectNoControls(unknown.stderr);
		expect(unknown.stderr).toMatch(/^Error: unknown command "bo\\u001b\[2J.*gus" for "dockyard"\nRun 'dockyard --help' for a list of commands\.\n$/);
		for (const args of [['images', `--bo${hostile}gus`], ['Get-ContainerImage', `-Na${hostile}me`, 'x'], ['create', '--name', `bad${hostile}`, 'nanoserver']]) {
			// eslint-disable-next-line no-await-in-loop
			const usage = await dockyard(home, args);
			expect(usage.code, usage.stderr).toBe(2);
			expectNoControls(usage.stderr);
			expect(usage.stderr).toMatch(/^Error: [^\n]+\n\nUsage: dockyard /);
		}
	});

	test('--explain prints the equivalents escaped, one line each', async () => {
		const result = await dockyard(home, ['tag', 'nanoserver', `x${hostile}`, '--explain']);
		expectNoControls(result.stdout);
		expectNoControls(result.stderr);
	});

	const destinations = [`box:/a\u001B[2Jb`, 'box:/a\nb', 'box:/a\rb', 'box:/a\u0001b', 'box:/a\u007Fb', 'box:/a\u009Bb', 'box:/dir\u0007/'];
	test.each(destinations.map(target => ({target})))('cp to $target is refused in one line; the container is unchanged', async ({target}) => {
		const containers = () => JSON.parse(readFileSync(path.join(home, 'index.json'), 'utf8')).containers as unknown;
		const before = containers();
		const result = await dockyard(home, ['cp', hostFile, target]);
		expect(result.code, result.stderr).toBe(1);
		expect(result.stdout).toBe('');
		expectNoControls(result.stderr);
		const lines = result.stderr.trimEnd().split('\n');
		expect(lines, result.stderr).toHaveLength(1);
		expect(lines[0]).toMatch(/^Error: invalid destination path in the container: .* holds a control character$/);
		expect(containers()).toEqual(before);
	});

	test('cp of a host file whose name holds an escape, into a directory, is refused too', async () => {
		const named = path.join(home, 'evil\u001B[2J.txt');
		writeFileSync(named, 'x');
		const result = await dockyard(home, ['cp', named, 'box:/']);
		expect(result.code).toBe(1);
		expectNoControls(result.stderr);
		expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
	});
});
