import {spawn, type ChildProcess} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cliPath = path.join(repoRoot, 'dist', 'cli.js');

export type Run = {code: number; stdout: string; stderr: string};

/** A fresh, empty $DOCKYARD_HOME, removed by the returned function. */
export function tempHome(prefix = 'dockyard-test-'): {home: string; cleanup: () => void} {
	const home = mkdtempSync(path.join(os.tmpdir(), prefix));
	return {home, cleanup: () => rmSync(home, {recursive: true, force: true})};
}

/** Runs the built CLI as a user would: its own process, its own exit code. */
export async function dockyard(home: string, args: string[], options: {env?: NodeJS.ProcessEnv; timeoutMs?: number; input?: string; cwd?: string} = {}): Promise<Run> {
	const child = startDockyard(home, args, options.env, options.cwd);
	if (options.input !== undefined) {
		child.stdin?.end(options.input);
	}

	return finished(child, options.timeoutMs ?? 30_000, args);
}

export function startDockyard(home: string, args: string[], env: NodeJS.ProcessEnv = {}, cwd?: string): ChildProcess {
	return spawn(process.execPath, [cliPath, ...args], {
		cwd,
		env: {...process.env, DOCKYARD_HOME: home, NO_COLOR: '1', ...env},
		stdio: ['pipe', 'pipe', 'pipe'],
	});
}

export async function finished(child: ChildProcess, timeoutMs: number, args: string[] = []): Promise<Run> {
	let stdout = '';
	let stderr = '';
	child.stdout?.on('data', (chunk: Buffer) => {
		stdout += chunk.toString();
	});
	child.stderr?.on('data', (chunk: Buffer) => {
		stderr += chunk.toString();
	});
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`dockyard ${args.join(' ')} did not finish within ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
		}, timeoutMs);
		child.on('close', code => {
			clearTimeout(timer);
			resolve({code: code ?? -1, stdout, stderr});
		});
	});
}

/** Waits until `condition` holds, checking every `intervalMs`, failing after `timeoutMs`. */
export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string, intervalMs = 20): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		// eslint-disable-next-line no-await-in-loop
		if (await condition()) {
			return;
		}

		// eslint-disable-next-line no-await-in-loop
		await new Promise(resolve => {
			setTimeout(resolve, intervalMs);
		});
	}

	throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}
