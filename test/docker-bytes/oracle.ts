/**
 * The docker CLI 28 as the oracle: `docker -H unix://S ARGS` beside
 * `dockyard -H unix://S ARGS` on the same Engine API server, so that the
 * bytes compared are the presentation's. Any server on a unix socket plugs
 * in (dockerd, podman, `dockyard serve`).
 */
import {spawn} from 'node:child_process';
import type {Run} from '../helpers/cli.js';

export const dockerCli = '/usr/local/bin/docker';

export async function docker(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
	return new Promise((resolve, reject) => {
		const child = spawn(dockerCli, args, {env: {PATH: process.env['PATH'], HOME: env['HOME'], DOCKER_CONFIG: env['DOCKER_CONFIG'], TZ: env['TZ']}, stdio: ['ignore', 'pipe', 'pipe']});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => {
			stdout += chunk.toString();
		});
		child.stderr.on('data', (chunk: Buffer) => {
			stderr += chunk.toString();
		});
		const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
		child.once('error', reject);
		child.once('close', code => {
			clearTimeout(timer);
			resolve({code: code ?? 1, stdout, stderr});
		});
	});
}

/** Ages that tick by the second (`5 seconds ago`), with the padding they change, set aside; the rest stays byte for byte. */
export function timeless(text: string): string {
	return text
		.replaceAll(/(?:About an? \w+|Less than a second|\d+ \w+) ago {2,}/g, 'AGO   ')
		.replaceAll(/(?:About an? \w+|Less than a second|\d+ \w+) ago(?=$|"|\t)/gm, 'AGO')
		.replaceAll(/\b(CREATED|STATUS) {2,}/g, '$1   ');
}

/**
 * docker lists an image's repositories in Go's map order, which changes from
 * run to run: adjacent rows of the same image id are put in order on both
 * sides, so that only real differences remain.
 */
export function stableImageOrder(text: string): string {
	const lines = text.split('\n');
	const idOf = (line: string) => /\b(?:sha256:)?[a-f\d]{12,64}\b/.exec(line)?.[0];
	const result: string[] = [];
	let group: string[] = [];
	const flush = () => {
		result.push(...group.sort());
		group = [];
	};

	for (const line of lines) {
		if (group.length > 0 && idOf(line) !== idOf(group[0]!)) {
			flush();
		}

		group.push(line);
	}

	flush();
	return result.join('\n');
}
