/**
 * A real registry on loopback for the tests and the bench: Debian's
 * `docker-registry` (distribution 2.8) with its own temp config and data
 * directory. Debian's default config turns on htpasswd auth, so it is never
 * used: this config has no auth, binds 127.0.0.1 on a free port and stores
 * under a temp root that `stop()` removes.
 */
import {spawn} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {createServer} from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {supervise} from './supervise.js';

export type LocalRegistry = {
	/** `http://127.0.0.1:PORT` */
	url: string;
	/** `127.0.0.1:PORT`: the reference domain. */
	host: string;
	/** The registry's storage root (for tests that want to look at it). */
	root: string;
	/** Stops the registry and removes its config and data. */
	stop: () => Promise<void>;
};

export type LocalRegistryOptions = {
	/** How long to wait for `GET /v2/` to answer (default 15 s). */
	startTimeoutMs?: number;
	/** The binary to run (default `docker-registry` from PATH). */
	binary?: string;
};

/** A port nobody listens on right now (the registry binds it a moment later; a lost race is retried). */
export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => {
				if (address && typeof address === 'object') {
					resolve(address.port);
				} else {
					reject(new Error('could not find a free port'));
				}
			});
		});
	});
}

function configYaml(root: string, port: number): string {
	return [
		'version: 0.1',
		'log:',
		'  level: warn',
		'  accesslog:',
		'    disabled: true',
		'storage:',
		'  filesystem:',
		`    rootdirectory: ${JSON.stringify(root)}`,
		'  delete:',
		'    enabled: true',
		'  maintenance:',
		'    uploadpurging:',
		'      enabled: false',
		'http:',
		`  addr: 127.0.0.1:${port}`,
		// A fixed secret silences the "No HTTP secret provided" warning; it only signs upload state.
		'  secret: dockyard-local-registry',
		'',
	].join('\n');
}

/** Starts a registry and waits until `GET /v2/` answers 200. */
export async function startLocalRegistry(options: LocalRegistryOptions = {}): Promise<LocalRegistry> {
	const attempts = 3;
	let lastError: unknown;
	for (let attempt = 1; attempt <= attempts; attempt++) {
		try {
			// eslint-disable-next-line no-await-in-loop
			return await startOnce(options);
		} catch (error) {
			lastError = error;
			// Only a port taken between freePort() and the bind is worth another try.
			if (!(error instanceof Error && /address already in use/i.test(error.message))) {
				throw error;
			}
		}
	}

	throw lastError instanceof Error ? lastError : new Error(String(lastError));
}

async function startOnce(options: LocalRegistryOptions): Promise<LocalRegistry> {
	const directory = mkdtempSync(path.join(os.tmpdir(), 'dockyard-registry-'));
	const root = path.join(directory, 'data');
	const configPath = path.join(directory, 'config.yml');
	const port = await freePort();
	writeFileSync(configPath, configYaml(root, port));
	const host = `127.0.0.1:${port}`;
	const url = `http://${host}`;
	const child = spawn(options.binary ?? 'docker-registry', ['serve', configPath], {
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const server = supervise(child, 8000);
	const stop = async () => {
		await server.stop(5000);

		rmSync(directory, {recursive: true, force: true});
	};

	const timeoutMs = options.startTimeoutMs ?? 15_000;
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (server.exited() !== undefined) {
			// eslint-disable-next-line no-await-in-loop
			await stop();
			throw new Error(`docker-registry ${server.exited()}: ${server.output().trim()}`);
		}

		try {
			// eslint-disable-next-line no-await-in-loop
			const response = await fetch(`${url}/v2/`, {signal: AbortSignal.timeout(1000)});
			// eslint-disable-next-line no-await-in-loop
			await response.arrayBuffer();
			if (response.status === 200) {
				return {url, host, root, stop};
			}

			// eslint-disable-next-line no-await-in-loop
			await stop();
			throw new Error(`docker-registry on ${host} answered GET /v2/ with ${response.status}, not 200 (auth on?)`);
		} catch (error) {
			if (error instanceof Error && error.message.startsWith('docker-registry')) {
				throw error;
			}
		}

		// eslint-disable-next-line no-await-in-loop
		await new Promise(resolve => {
			setTimeout(resolve, 50);
		});
	}

	await stop();
	throw new Error(`docker-registry on ${host} did not answer GET /v2/ within ${timeoutMs} ms: ${server.output().trim()}`);
}
