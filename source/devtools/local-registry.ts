/**
 * A real registry on loopback for the tests and the bench: Debian's
 * `docker-registry` (distribution 2.8) with its own temp config and data
 * directory. Debian's default config turns on htpasswd auth, so it is never
 * used: this config has no auth, binds 127.0.0.1 on a free port and stores
 * under a temp root that `stop()` removes.
 */
import {execFileSync, spawn} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {request as httpsRequest} from 'node:https';
import {createServer} from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {supervise} from './supervise.js';

export type LocalRegistry = {
	/** `http://127.0.0.1:PORT`, or `https://…` with `tls` */
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
	/**
	 * Serve HTTPS with this certificate and key (PEM paths). With `clientCas`,
	 * a client certificate signed by one of those CAs is required (mutual TLS).
	 * `ca` is the CA that signed `cert`, used only to check the registry is up.
	 */
	tls?: {cert: string; key: string; ca: string; clientCas?: string[]};
	/** Require Basic auth from an htpasswd file (bcrypt, made with `htpasswd -Bbc`), as a company registry does. */
	htpasswd?: {user: string; password: string};
	/** Bind this address instead of 127.0.0.1 (it must still be loopback). */
	host?: string;
	/** Accept manifests whose foreign layers name URLs matching these patterns (distribution allows none by default). */
	foreignUrls?: string[];
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

function configYaml(root: string, port: number, options: LocalRegistryOptions, htpasswdPath: string): string {
	const tls = options.tls ? [
		'  tls:',
		`    certificate: ${JSON.stringify(options.tls.cert)}`,
		`    key: ${JSON.stringify(options.tls.key)}`,
		...(options.tls.clientCas?.length ? ['    clientcas:', ...options.tls.clientCas.map(ca => `      - ${JSON.stringify(ca)}`)] : []),
	] : [];
	const auth = options.htpasswd ? [
		'auth:',
		'  htpasswd:',
		'    realm: dockyard-test',
		`    path: ${JSON.stringify(htpasswdPath)}`,
	] : [];
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
		`  addr: ${options.host ?? '127.0.0.1'}:${port}`,
		// A fixed secret silences the "No HTTP secret provided" warning; it only signs upload state.
		'  secret: dockyard-local-registry',
		...tls,
		...auth,
		...(options.foreignUrls?.length ? ['validation:', '  manifests:', '    urls:', '      allow:', ...options.foreignUrls.map(pattern => `        - ${JSON.stringify(pattern)}`)] : []),
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
	const htpasswdPath = path.join(directory, 'htpasswd');
	if (options.htpasswd) {
		// Distribution 2.8 accepts bcrypt only (-B).
		execFileSync('htpasswd', ['-Bbc', htpasswdPath, options.htpasswd.user, options.htpasswd.password], {stdio: 'ignore', timeout: 30_000});
	}

	writeFileSync(configPath, configYaml(root, port, options, htpasswdPath));
	const host = `${options.host ?? '127.0.0.1'}:${port}`;
	const url = `${options.tls ? 'https' : 'http'}://${host}`;
	// With auth on, GET /v2/ answers 401: that is the registry being up.
	const upStatus = options.htpasswd ? 401 : 200;
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
			const status = await probe(url, options.tls);
			if (status === undefined) {
				throw new Error('not up yet');
			}

			if (status === upStatus) {
				return {url, host, root, stop};
			}

			// eslint-disable-next-line no-await-in-loop
			await stop();
			throw new Error(`docker-registry on ${host} answered GET /v2/ with ${status}, not ${upStatus}`);
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

/** `GET /v2/`'s status, trusting the test CA (and showing the client certificate) for a TLS registry. */
async function probe(url: string, tls: LocalRegistryOptions['tls']): Promise<number | undefined> {
	if (!tls) {
		const response = await fetch(`${url}/v2/`, {signal: AbortSignal.timeout(1000)});
		await response.arrayBuffer();
		return response.status;
	}

	const clientCert = tls.clientCas?.length ? {cert: readSibling(tls.cert, 'client.crt'), key: readSibling(tls.cert, 'client.key')} : {};
	return new Promise(resolve => {
		// Up is up: whether its certificate verifies is the test's question (an expired one must start too).
		const request = httpsRequest(`${url}/v2/`, {ca: readFileSync(tls.ca), ...clientCert, rejectUnauthorized: false, timeout: 1000}, response => {
			response.resume();
			response.once('end', () => {
				resolve(response.statusCode);
			});
		});
		request.once('timeout', () => request.destroy());
		request.once('error', () => {
			resolve(undefined);
		});
		request.end();
	});
}

/** The test certificates keep the client pair beside the server's (see test-certs.ts). */
function readSibling(file: string, name: string): Buffer {
	return readFileSync(path.join(path.dirname(file), name));
}
