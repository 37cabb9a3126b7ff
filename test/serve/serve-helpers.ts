import {spawn, type ChildProcess} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {finished, startDockyard, waitFor, type Run} from '../helpers/cli.js';

export type Served = {child: ChildProcess; stdout: () => string; stderr: () => string; stop: () => Promise<number | null>};

/** `dockyard serve ARGS` on this home, once it says where it listens (a bounded wait); stopped by its pid with SIGTERM. */
export async function startServe(home: string, args: string[]): Promise<Served> {
	const child = startDockyard(home, ['serve', ...args]);
	let stdout = '';
	let stderr = '';
	child.stdout?.on('data', (chunk: Buffer) => {
		stdout += chunk.toString();
	});
	child.stderr?.on('data', (chunk: Buffer) => {
		stderr += chunk.toString();
	});
	const exited = new Promise<number | null>(resolve => {
		child.on('exit', code => {
			resolve(code);
		});
	});
	await waitFor(() => /^Listening on /m.test(stdout) || child.exitCode !== null, 15_000, `dockyard serve to listen (stderr: ${stderr})`);
	if (child.exitCode !== null) {
		throw new Error(`dockyard serve exited with ${child.exitCode}: ${stderr}`);
	}

	return {
		child,
		stdout: () => stdout,
		stderr: () => stderr,
		async stop() {
			if (child.exitCode === null && child.pid !== undefined) {
				process.kill(child.pid, 'SIGTERM');
			}

			const timer = setTimeout(() => {
				child.kill('SIGKILL');
			}, 10_000);
			const code = await exited;
			clearTimeout(timer);
			return code;
		},
	};
}

/** A docker config directory of its own, so the user's contexts and DOCKER_HOST play no part. */
export function dockerEnvironment(): {env: NodeJS.ProcessEnv; cleanup: () => void} {
	const config = mkdtempSync(path.join(os.tmpdir(), 'dockyard-docker-config-'));
	const env: NodeJS.ProcessEnv = {...process.env, DOCKER_CONFIG: config, DOCKER_CLI_HINTS: 'false', NO_COLOR: '1'};
	delete env['DOCKER_HOST'];
	delete env['DOCKER_CONTEXT'];
	return {env, cleanup: () => rmSync(config, {recursive: true, force: true})};
}

/** A command in its own process (docker, or a shell pipeline of dockers), with a timeout; `input` is its stdin. */
export async function runProcess(command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs = 30_000, input?: string): Promise<Run> {
	const child = spawn(command, args, {env, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe']});
	child.stdin?.end(input);
	return finished(child, timeoutMs, [command, ...args]);
}
