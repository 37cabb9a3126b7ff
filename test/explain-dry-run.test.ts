import {createHash} from 'node:crypto';
import {existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {loadCommands, verbs} from '../source/commands/index.js';
import {helpOf} from '../source/commands/run.js';
import {dockyard, tempHome} from './helpers/cli.js';

/**
 * --explain changes nothing (issue 22 #4): every verb, run with it against a
 * store that has images, tags, a container and a child image, leaves every
 * file of the store (index.json first), the settings and docker's config as
 * they were; it says what would be done, and exits 1 where the rules refuse.
 */
const {home, cleanup} = tempHome('dockyard-explain-');
const dockerConfig = path.join(home, '..', `${path.basename(home)}-docker`);
const archive = path.join(home, '..', `${path.basename(home)}.tar`);
const hostFile = path.join(home, '..', `${path.basename(home)}.txt`);
const env = {DOCKER_CONFIG: dockerConfig, DOCKER_HOST: '', DOCKER_CONTEXT: ''};
const run = async (args: string[]) => dockyard(home, args, {env});

beforeAll(async () => {
	mkdirSync(dockerConfig, {recursive: true});
	writeFileSync(hostFile, 'hello\n');
	for (const args of [
		['os', 'install', 'nanoserver'],
		['os', 'install', 'windowsservercore'],
		['pull', 'microsoft/iis'],
		['tag', 'nanoserver', 'class/demo:1'],
		['create', '--name', 'c1', 'microsoft/iis'],
		['create', '--name', 'c2', 'nanoserver'],
		['commit', 'c2', 'child:1'],
		['save', '-o', archive, 'nanoserver'],
	]) {
		// eslint-disable-next-line no-await-in-loop
		const result = await run(args);
		expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
	}
}, 120_000);
afterAll(cleanup);

/** Every file under a directory with its size and content hash: what "nothing changed" means. */
function state(directory: string): Record<string, string> {
	const files: Record<string, string> = {};
	const walk = (at: string) => {
		for (const entry of readdirSync(at, {withFileTypes: true})) {
			const file = path.join(at, entry.name);
			if (entry.isDirectory()) {
				walk(file);
			} else {
				files[path.relative(directory, file)] = `${statSync(file).size} ${createHash('sha256').update(readFileSync(file)).digest('hex')}`;
			}
		}
	};

	walk(directory);
	return files;
}

/** One case per verb that takes --explain (a PowerShell verb: -Explain), with the code it must exit with. */
const cases: Array<{args: string[]; code: 0 | 1; says?: RegExp}> = [
	{args: ['images'], code: 0},
	{args: ['search', 'iis'], code: 0},
	{args: ['pull', 'microsoft/iis'], code: 0, says: /^Would find microsoft\/iis:latest up to date/m},
	{args: ['pull', 'nanoserver:10.0.10586.0'], code: 0},
	{args: ['push', 'class/demo:1'], code: 0, says: /^Would push class\/demo:1/m},
	{args: ['history', 'nanoserver'], code: 0},
	{args: ['tree', 'nanoserver'], code: 0},
	{args: ['inspect', 'nanoserver'], code: 0},
	{args: ['analyze', 'nanoserver'], code: 0},
	{args: ['compare', 'nanoserver', 'child:1'], code: 0},
	{args: ['diff', 'c1'], code: 0},
	{args: ['outdated'], code: 0},
	{args: ['copy', 'dockyard:nanoserver', `oci:${archive}.layout`], code: 0, says: /^Would copy dockyard:nanoserver to oci:/m},
	{args: ['tag', 'nanoserver', 'x:1'], code: 0, says: /^Would tag [\da-f]{12} \(nanoserver\) as x:1$/m},
	{args: ['untag', 'class/demo:1'], code: 0, says: /^Would untag class\/demo:1/m},
	{args: ['rmi', 'class/demo:1'], code: 0, says: /^Would untag class\/demo:1$/m},
	{args: ['rmi', 'child:1'], code: 0, says: /^Would untag child:1\nWould delete sha256:[\da-f]{64}$/m},
	{args: ['rmi', 'microsoft/iis'], code: 1},
	{args: ['save', '-o', `${archive}.new`, 'nanoserver'], code: 0, says: /^Would write /m},
	{args: ['load', '-i', archive], code: 0, says: /^Would load /m},
	{args: ['send', '--to', 'unix:///nonexistent/dockyard-explain.sock', 'nanoserver'], code: 0, says: /^Would send nanoserver/m},
	{args: ['create', '--name', 'c3', 'nanoserver'], code: 0, says: /^Would create a container named c3 from nanoserver/m},
	{args: ['create', '--name', 'c1', 'nanoserver'], code: 1},
	{args: ['ps', '-a'], code: 0},
	{args: ['cp', hostFile, 'c1:/x.txt'], code: 0, says: /^Would copy .* into container c1 at \/x\.txt$/m},
	{args: ['commit', 'c1', 'demo'], code: 0, says: /^Would create an image demo:latest from container c1/m},
	{args: ['rm', 'c1'], code: 0, says: /^Would remove container c1/m},
	{args: ['os', 'install', 'nanoserver', '--version', '10.0.10586.0'], code: 0, says: /^Would install the base OS image NanoServer 10\.0\.10586\.0/m},
	{args: ['os', 'find'], code: 0},
	{args: ['prune'], code: 0},
	{args: ['fsck'], code: 0},
	{args: ['fsck', '--repair'], code: 0},
	{args: ['journal', '--clear'], code: 0, says: /^Would clear \d+ journal entries$/m},
	{args: ['journal'], code: 0},
	{args: ['reset', '--yes'], code: 0, says: /^Would remove 4 image\(s\), 2 container\(s\)/m},
	{args: ['hub', 'dockerhub'], code: 0, says: /^Would send docker\.io names to dockerhub/m},
	{args: ['engine', 'unix:///nonexistent/dockyard-explain.sock'], code: 0},
	{args: ['login', 'localhost:5999', '-u', 'someone', '--password-stdin'], code: 0, says: /^Would check the credentials/m},
	{args: ['logout', 'localhost:5999'], code: 0},
	{args: ['serve'], code: 0, says: /^Would serve the store/m},
	{args: ['lesson'], code: 0, says: /^Would open the lesson container-images/m},
	{args: ['Get-ContainerImage'], code: 0},
	{args: ['Find-ContainerImage'], code: 0},
	{args: ['Install-ContainerImage', '-Name', 'WindowsServerCore'], code: 0, says: /^Would install the base OS image WindowsServerCore/m},
	{args: ['New-ContainerImage', '-Container', 'c1', '-Publisher', 'Demo', '-Name', 'Demo', '-Version', '1.0'], code: 0, says: /Publisher CN=Demo, Version 1\.0/},
	{args: ['Remove-ContainerImage', '-Name', 'iis'], code: 1},
	{args: ['Save-ContainerImage', '-Name', 'nanoserver', '-Path', `${archive}.new`], code: 0},
	{args: ['Import-ContainerImage', '-Path', archive], code: 0},
];

describe('--explain is a dry run for every verb', () => {
	test('every verb has a case here', () => {
		const covered = new Set(cases.map(({args}) => args[0]));
		expect(verbs.map(verb => verb.name).filter(name => !covered.has(name))).toEqual([]);
	});

	test.each(cases)('dockyard $args.0 … --explain changes nothing', async ({args, code, says}) => {
		const flag = /^[A-Z]/.test(args[0]!) ? '-Explain' : '--explain';
		const before = state(home);
		const settingsBefore = state(dockerConfig);
		const result = await run([...args, flag]);
		expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(code);
		expect(result.stdout).toContain('Equivalent commands:');
		if (says) {
			expect(result.stdout).toMatch(says);
		}

		if (code === 1) {
			// The refusal's own line, once.
			expect(result.stderr).toMatch(/^Error: conflict|^Error: Conflict/);
		}

		expect(state(home)).toEqual(before);
		expect(state(dockerConfig)).toEqual(settingsBefore);
		expect(existsSync(`${archive}.new`)).toBe(false);
	});

	test('a pull whose base is missing would be refused: exit 1, the refusal\'s line, nothing written', async () => {
		const empty = tempHome('dockyard-explain-');
		try {
			const result = await dockyard(empty.home, ['pull', 'microsoft/iis', '--explain'], {env});
			expect(result.code).toBe(1);
			expect(result.stderr).toMatch(/^Error: microsoft\/iis:latest needs the base OS image WindowsServerCore/);
			expect(JSON.parse(readFileSync(path.join(empty.home, 'index.json'), 'utf8'))).toMatchObject({images: {}, journal: []});
		} finally {
			empty.cleanup();
		}
	});

	test('every verb\'s help says what --explain does: a dry run where the verb changes anything', async () => {
		for (const command of await loadCommands()) {
			const help = helpOf(command);
			expect(help, command.name).toMatch(command.plan ? /-[Ee]xplain +(Change|Remove) nothing/ : /-[Ee]xplain/);
		}

		// As the user reads it.
		const result = await run(['rmi', '--help']);
		expect(result.stdout).toMatch(/--explain +Remove nothing: print what would be untagged and deleted/);
	});
});
