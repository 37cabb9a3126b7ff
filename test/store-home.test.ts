import {spawnSync} from 'node:child_process';
import {chmodSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {cliPath, dockyard, tempHome, type Run} from './helpers/cli.js';
import {hasTool} from './helpers/tools.js';

const verbs = [['images'], ['tag', 'nanoserver', 'x'], ['os', 'install', 'nanoserver'], ['fsck'], ['prune'], ['history', 'nanoserver'], ['create', 'nanoserver']];

function oneLine(run: Run, where: string): string {
	const lines = run.stderr.trim().split('\n');
	expect(lines, run.stderr).toHaveLength(1);
	expect(run.stderr).not.toMatch(/E[A-Z]{3,}:|\n\s+at |node:internal/);
	expect(run.stderr).toContain(where);
	return lines[0]!;
}

describe('DOCKYARD_HOME that is not a usable directory: one line naming it', () => {
	const {home: scratch, cleanup} = tempHome();
	afterAll(cleanup);

	test.each([
		['a file', () => {
			const file = path.join(scratch, 'file');
			writeFileSync(file, 'x');
			return file;
		}, /is not a directory: it is a file$/],
		['/dev/null', () => '/dev/null', /is not a directory: it is a device or other special file$/],
		['under a file', () => {
			writeFileSync(path.join(scratch, 'plain'), 'x');
			return path.join(scratch, 'plain', 'store');
		}, /cannot (be a directory|be used): a part of (its|the) path is (a file|not a directory)$/],
	])('%s', async (_name, make, reason) => {
		const home = make();
		for (const args of verbs) {
			// eslint-disable-next-line no-await-in-loop
			const run = await dockyard(home, args);
			expect(run.code, args.join(' ')).toBe(1);
			expect(oneLine(run, home)).toMatch(reason);
		}
	});

	test('a missing directory reads as an empty store', async () => {
		const home = path.join(scratch, 'new', 'store');
		const run = await dockyard(home, ['images']);
		expect(run.code).toBe(0);
		expect(run.stdout).toBe('REPOSITORY   TAG       IMAGE ID   CREATED   SIZE\n');
	});
});

const root = process.getuid?.() === 0;

/** The CLI as an unprivileged user (nobody, when the tests run as root), so that permissions apply. */
async function asNobody(home: string, args: string[]): Promise<Run> {
	const command = root ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', process.execPath] : [process.execPath];
	const run = spawnSync(command[0]!, [...command.slice(1), cliPath, ...args], {
		env: {...process.env, DOCKYARD_HOME: home, NO_COLOR: '1'},
		encoding: 'utf8',
		timeout: 30_000,
	});
	return {code: run.status ?? -1, stdout: run.stdout, stderr: run.stderr};
}

describe.runIf(!root || hasTool('setpriv', 'the read-only store test (run as nobody)'))('a store its user cannot write', () => {
	const {home: scratch, cleanup} = tempHome();
	const home = path.join(scratch, 'store');
	beforeAll(async () => {
		chmodSync(scratch, 0o755);
		expect((await dockyard(home, ['os', 'install', 'nanoserver'])).code).toBe(0);
		spawnSync('chmod', ['-R', 'a+rX,a-w', home]);
	});
	afterAll(() => {
		spawnSync('chmod', ['-R', 'u+w', scratch]);
		cleanup();
	});

	test('reads work: images, history, fsck', async () => {
		expect((await asNobody(home, ['images'])).stdout).toMatch(/^nanoserver\s+latest/m);
		expect((await asNobody(home, ['history', 'nanoserver'])).code).toBe(0);
		const fsck = await asNobody(home, ['fsck']);
		expect(fsck.code).toBe(0);
		expect(fsck.stderr).toBe('');
	});

	test.each([[['tag', 'nanoserver', 'x']], [['os', 'install', 'nanoserver']], [['prune']], [['create', 'nanoserver']], [['save', '-o', '/proc/x.tar', 'nanoserver']]])('%j fails in one line naming the path', async args => {
		const run = await asNobody(home, args);
		expect(run.code).toBe(1);
		expect(oneLine(run, '/')).toMatch(/(permission denied|read-only|does not exist)/);
	});

	test('a missing store in a place it cannot be made reads as empty, and a change says where', async () => {
		const unmakeable = path.join(home, 'inner');
		const images = await asNobody(unmakeable, ['images']);
		expect(images.code).toBe(0);
		expect(images.stderr).toBe('');
		const pull = await asNobody(unmakeable, ['os', 'install', 'nanoserver']);
		expect(pull.code).toBe(1);
		expect(oneLine(pull, unmakeable)).toMatch(/permission denied/);
	});
});
