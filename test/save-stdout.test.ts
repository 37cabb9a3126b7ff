/**
 * `dockyard save IMAGE > f.tar` and `dockyard save IMAGE | gzip > f.tgz`
 * write the archive to stdout, as docker does; only a terminal there is
 * refused, in docker's words. The archives load back into another store.
 */
import {spawn} from 'node:child_process';
import {closeSync, openSync, readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {openStore} from '../source/core/store/store.js';
import {cliPath, dockyard, tempHome} from './helpers/cli.js';
import {hasTool} from './helpers/tools.js';

async function exited(child: ReturnType<typeof spawn>): Promise<{code: number; stderr: string}> {
	let stderr = '';
	child.stderr?.on('data', (chunk: Buffer) => {
		stderr += chunk.toString();
	});
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`did not finish: ${stderr}`));
		}, 30_000);
		child.on('close', code => {
			clearTimeout(timer);
			resolve({code: code ?? -1, stderr});
		});
	});
}

const quote = (text: string) => `'${text.replaceAll('\'', String.raw`'\''`)}'`;

describe('save to stdout', () => {
	let home: string;
	let cleanup: () => void;
	let id: string;

	beforeAll(async () => {
		({home, cleanup} = tempHome());
		const store = openStore({home});
		id = (await store.installOs('NanoServer')).image.id;
	});
	afterAll(() => {
		cleanup();
	});

	async function loadsBack(file: string): Promise<void> {
		const other = tempHome();
		try {
			const loaded = await dockyard(other.home, ['load', '-i', file]);
			expect(loaded.stderr).toBe('');
			expect(loaded.code).toBe(0);
			expect(loaded.stdout).toContain('Loaded image: nanoserver:');
			expect(openStore({home: other.home}).read().images.map(image => image.id)).toContain(id);
		} finally {
			other.cleanup();
		}
	}

	test('redirected to a file', async () => {
		const file = path.join(home, 'out.tar');
		const fd = openSync(file, 'w');
		try {
			const child = spawn(process.execPath, [cliPath, 'save', 'nanoserver'], {env: {...process.env, DOCKYARD_HOME: home}, stdio: ['ignore', fd, 'pipe']});
			const {code, stderr} = await exited(child);
			expect(stderr).toBe('');
			expect(code).toBe(0);
		} finally {
			closeSync(fd);
		}

		expect(statSync(file).size).toBeGreaterThan(1024);
		// A tar: ustar magic at 257 of the first header.
		expect(readFileSync(file).subarray(257, 262).toString()).toBe('ustar');
		await loadsBack(file);
	});

	test.runIf(hasTool('gzip', 'save | gzip'))('through a real pipe into gzip', async () => {
		const file = path.join(home, 'out.tgz');
		const child = spawn('sh', ['-c', `${quote(process.execPath)} ${quote(cliPath)} save nanoserver | gzip > ${quote(file)}`], {env: {...process.env, DOCKYARD_HOME: home}, stdio: ['ignore', 'ignore', 'pipe']});
		const {code, stderr} = await exited(child);
		expect(stderr).toBe('');
		expect(code).toBe(0);
		expect(readFileSync(file).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
		await loadsBack(file);
	});

	test.runIf(hasTool('script', 'save to a terminal'))('a terminal is refused in docker\'s words', async () => {
		// script(1) gives the command a pseudo-terminal for its stdout.
		const child = spawn('script', ['-qec', `${quote(process.execPath)} ${quote(cliPath)} save nanoserver`, '/dev/null'], {env: {...process.env, DOCKYARD_HOME: home, NO_COLOR: '1'}, stdio: ['ignore', 'pipe', 'pipe']});
		let output = '';
		child.stdout?.on('data', (chunk: Buffer) => {
			output += chunk.toString();
		});
		const {code} = await exited(child);
		expect(code).toBe(1);
		expect(output.trim()).toBe('Error: cowardly refusing to save to a terminal. Use the -o flag or redirect');
	});
});
