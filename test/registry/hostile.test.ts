/**
 * The real CLI against a loopback registry that misbehaves: every failure is
 * one line naming the registry and what was wrong, exit 1, and the store is
 * left as it was (no image, fsck clean, no temp file, no lease).
 */
import {existsSync, mkdirSync, readdirSync, writeFileSync} from 'node:fs';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import path from 'node:path';
import {afterEach, beforeAll, beforeEach, describe, expect, test} from 'vitest';
import {RegistryError} from '../../source/core/errors.js';
import {endpointFor} from '../../source/core/hub/registry/endpoint.js';
import {RegistryHub} from '../../source/core/hub/registry/registry-hub.js';
import {openStore} from '../../source/core/store/store.js';
import {dockyard, type Run, tempHome} from '../helpers/cli.js';
import {buildImage, digestOf, errorReply, type FakeImage, FakeRegistry, sendBlob} from '../helpers/fake-registry.js';

const fastEnv = {
	DOCKYARD_REGISTRY_RETRY_MS: '5',
	DOCKYARD_REGISTRY_STALL_MS: '500',
	DOCKYARD_REGISTRY_RETRIES: '3',
};

let image: FakeImage;
let registry: FakeRegistry;
let home: string;
let cleanup: () => void;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
	// Big enough to cross several chunks, so that a reset or a stall happens mid-blob.
	const noise = Buffer.alloc(512 * 1024);
	for (let index = 0; index < noise.length; index++) {
		noise[index] = (index * 7919) % 251;
	}

	image = await buildImage({layers: [{'hello.txt': 'hello\n', 'noise.bin': noise}]});
});

beforeEach(async () => {
	registry = await FakeRegistry.start();
	registry.addImage('demo', 'latest', image);
	({home, cleanup} = tempHome('dockyard-hostile-'));
	// No credentials unless a test writes them.
	const dockerConfig = path.join(home, 'docker-config');
	mkdirSync(dockerConfig);
	env = {...fastEnv, DOCKER_CONFIG: dockerConfig};
});

afterEach(async () => {
	await registry.close();
	cleanup();
});

function demo(suffix = ''): string {
	return `${registry.domain}/demo${suffix}`;
}

async function pull(reference: string, extra: string[] = []): Promise<Run> {
	return dockyard(home, ['pull', reference, ...extra], {env, timeoutMs: 30_000});
}

/** Exit 1, one line on stderr matching `message`, and a store exactly as empty as before. */
async function expectRefused(result: Run, message: RegExp): Promise<void> {
	expect(result.code, result.stderr).toBe(1);
	const lines = result.stderr.trimEnd().split('\n');
	expect(lines, result.stderr).toHaveLength(1);
	expect(lines[0]).toMatch(/^Error: /);
	expect(lines[0]).toMatch(message);
	await expectUntouched();
}

async function expectUntouched(): Promise<void> {
	const images = await dockyard(home, ['images', '-q'], {env});
	expect(images.code).toBe(0);
	expect(images.stdout).toBe('');
	const fsck = await dockyard(home, ['fsck'], {env});
	expect(fsck.code, fsck.stdout).toBe(0);
	expect(fsck.stdout).toMatch(/ 0 problems, 0 orphans, 0 stray temp files$/m);
	expect(listing('tmp')).toEqual([]);
	expect(listing('leases')).toEqual([]);
	expect(listing(path.join('blobs', 'sha256'))).toEqual([]);
}

function listing(directory: string): string[] {
	const full = path.join(home, directory);
	return existsSync(full) ? readdirSync(full) : [];
}

async function expectPulled(result: Run): Promise<void> {
	expect(result.code, result.stderr).toBe(0);
	expect(result.stdout).toContain(`Digest: ${image.manifestDigest}`);
	const images = await dockyard(home, ['images', '--no-trunc', '-q'], {env});
	expect(images.stdout.trim()).toBe(image.config.digest);
	const fsck = await dockyard(home, ['fsck'], {env});
	expect(fsck.code, fsck.stdout).toBe(0);
	expect(fsck.stdout).toMatch(/ 0 problems, 0 orphans, 0 stray temp files$/m);
}

const layerPath = () => `/v2/demo/blobs/${image.layers[0]!.digest}`;

describe('a well-behaved registry', {timeout: 60_000}, () => {
	test('pull, pull again, images, history', async () => {
		const first = await pull(demo());
		await expectPulled(first);
		expect(first.stdout).toContain('Using default tag: latest');
		expect(first.stdout).toContain('latest: Pulling from demo');
		expect(first.stdout).toContain(`Status: Downloaded newer image for ${demo(':latest')}`);
		// Anonymous: no Authorization was ever sent.
		expect(registry.requests.every(request => request.headers.authorization === undefined)).toBe(true);
		// All four manifest types are asked for.
		const accept = registry.requestsFor(/\/manifests\//)[0]!.headers.accept ?? '';
		for (const type of ['application/vnd.oci.image.index.v1+json', 'application/vnd.oci.image.manifest.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json', 'application/vnd.docker.distribution.manifest.v2+json']) {
			expect(accept).toContain(type);
		}

		const again = await pull(demo());
		expect(again.code, again.stderr).toBe(0);
		expect(again.stdout).toContain(': Already exists');
		expect(again.stdout).toContain('Status: Image is up to date');

		const byDigest = await pull(demo(`@${image.manifestDigest}`));
		expect(byDigest.code, byDigest.stderr).toBe(0);

		const images = await dockyard(home, ['images'], {env});
		expect(images.stdout).toMatch(new RegExp(`^${registry.domain.replaceAll('.', '\\.')}/demo +latest +${image.config.digest.slice(7, 19)} `, 'm'));
		const history = await dockyard(home, ['history', demo()], {env});
		expect(history.code, history.stderr).toBe(0);
		expect(history.stdout).toContain('ADD file0');
	});
});

describe('a hostile registry leaves the store as it was', {timeout: 60_000}, () => {
	test('a layer whose bytes do not match its digest', async () => {
		const good = image.layers[0]!.bytes;
		const bad = Buffer.from(good);
		bad[bad.length - 10] ^= 0xff;
		registry.intercept = (request, response) => {
			if (request.url === layerPath()) {
				sendBlob(request, response, bad);
				return true;
			}

			return false;
		};

		await expectRefused(await pull(demo()), new RegExp(`${registry.domain}.*(digest|sha256)|(digest|sha256).*${registry.domain}`));
	});

	test('a manifest that does not match the digest asked for', async () => {
		const other = await buildImage({layers: [{'other.txt': 'other\n'}]});
		registry.intercept = (request, response) => {
			if (request.url === `/v2/demo/manifests/${image.manifestDigest}`) {
				response.writeHead(200, {'Content-Type': other.mediaType});
				response.end(other.manifest);
				return true;
			}

			return false;
		};

		await expectRefused(await pull(demo(`@${image.manifestDigest}`)), new RegExp(`manifest of .* from ${registry.domain} does not match its digest`));
	});

	test('a Docker-Content-Digest that does not match the manifest', async () => {
		registry.intercept = (request, response) => {
			if (request.url === '/v2/demo/manifests/latest') {
				response.writeHead(200, {'Content-Type': image.mediaType, 'Docker-Content-Digest': digestOf('something else')});
				response.end(image.manifest);
				return true;
			}

			return false;
		};

		await expectRefused(await pull(demo()), new RegExp(`from ${registry.domain} does not match its Docker-Content-Digest`));
	});

	test('a manifest over the size limit, declared or streamed', async () => {
		const huge = Buffer.alloc(5 * 1024 * 1024, 0x20);
		let declared = true;
		registry.intercept = (request, response) => {
			if (request.url === '/v2/demo/manifests/latest') {
				response.writeHead(200, declared ? {'Content-Type': image.mediaType, 'Content-Length': huge.length} : {'Content-Type': image.mediaType});
				response.end(huge);
				return true;
			}

			return false;
		};

		await expectRefused(await pull(demo()), new RegExp(`manifest of .* from ${registry.domain} is .*over the 4 MiB limit`));
		declared = false;
		await expectRefused(await pull(demo()), new RegExp(`manifest of .* from ${registry.domain} is over the 4 MiB limit`));
	});

	test('a manifest with the wrong content type', async () => {
		registry.intercept = (request, response) => {
			if (request.url === '/v2/demo/manifests/latest') {
				response.writeHead(200, {'Content-Type': 'text/html'});
				response.end(image.manifest);
				return true;
			}

			return false;
		};

		await expectRefused(await pull(demo()), new RegExp(`manifest of .* from ${registry.domain} has content type text/html`));
	});

	test('401 with no way in: a token server that wants credentials, and a 401 without a challenge', async () => {
		registry.tokenAuth = {token: 'secret-token', username: 'alice', password: 'wonderland'};
		await expectRefused(await pull(demo()), new RegExp(`^Error: unauthorized: authentication required for ${registry.domain}/demo \\(dockyard login ${registry.domain}\\)$`));

		registry.tokenAuth = undefined;
		registry.intercept = (_request, response) => {
			errorReply(response, 401, 'UNAUTHORIZED', 'no');
			return true;
		};

		await expectRefused(await pull(demo()), new RegExp(`^Error: unauthorized: authentication required for ${registry.domain}/demo \\(dockyard login ${registry.domain}\\)$`));
	});

	test('404: an unknown tag, in docker\'s words', async () => {
		await expectRefused(await pull(demo(':nosuch')), new RegExp(`^Error: manifest for ${registry.domain}/demo:nosuch not found: manifest unknown$`));
	});

	test('5xx that recovers after retries: the pull succeeds', async () => {
		let manifestFailures = 2;
		let blobFailures = 1;
		registry.intercept = (request, response) => {
			if (request.url === '/v2/demo/manifests/latest' && manifestFailures > 0) {
				manifestFailures--;
				errorReply(response, 503, 'UNAVAILABLE', 'try later');
				return true;
			}

			if (request.url === layerPath() && blobFailures > 0) {
				blobFailures--;
				response.writeHead(500);
				response.end('boom');
				return true;
			}

			return false;
		};

		await expectPulled(await pull(demo()));
		expect(registry.requestsFor(/\/manifests\/latest$/)).toHaveLength(3);
	});

	test('5xx forever: fails after the retries', async () => {
		registry.intercept = (request, response) => {
			if (request.url === layerPath()) {
				response.writeHead(502);
				response.end('bad gateway');
				return true;
			}

			return false;
		};

		await expectRefused(await pull(demo()), new RegExp(`^Error: ${registry.domain} answered 502 Bad Gateway for blob ${image.layers[0]!.digest} of ${registry.domain}/demo, 4 times$`));
		expect(registry.requestsFor(/\/blobs\/.*/).filter(request => request.url === layerPath())).toHaveLength(4);
	});

	test('one layer of two fails: the other, already stored, is taken out again', async () => {
		const two = await buildImage({layers: [{'a.txt': 'first layer\n'}, {'b.txt': 'second layer\n'}]});
		registry.addImage('two', 'latest', two);
		const failing = `/v2/two/blobs/${two.layers[1]!.digest}`;
		let firstSent!: () => void;
		const firstDone = new Promise<void>(resolve => {
			firstSent = resolve;
		});
		registry.intercept = (request, response) => {
			if (request.url === `/v2/two/blobs/${two.layers[0]!.digest}`) {
				response.once('finish', firstSent);
				return false;
			}

			if (request.url === failing) {
				// Fails only once the first layer has been sent, so that it is in the store when the pull fails.
				void firstDone.then(() => {
					response.writeHead(500);
					response.end('no');
				});
				return true;
			}

			return false;
		};

		await expectRefused(await pull(`${registry.domain}/two`), new RegExp(`answered 500 Internal Server Error for blob ${two.layers[1]!.digest}`));
	});

	test('a connection that stalls mid-blob, every time', async () => {
		registry.intercept = (request, response) => {
			if (request.url === layerPath()) {
				const blob = image.layers[0]!.bytes;
				response.writeHead(200, {'Content-Type': 'application/octet-stream', 'Content-Length': blob.length});
				// Half the blob, then nothing: the socket stays open.
				response.write(blob.subarray(0, blob.length >> 1));
				return true;
			}

			return false;
		};

		const started = Date.now();
		await expectRefused(await pull(demo()), new RegExp(`blob ${image.layers[0]!.digest} of ${registry.domain}/demo.*no data for 500 ms \\(stalled\\)`));
		expect(Date.now() - started).toBeLessThan(20_000);
	});

	test('a server that never answers the manifest request', async () => {
		registry.intercept = request => request.url === '/v2/demo/manifests/latest';
		await expectRefused(await pull(demo()), new RegExp(`the manifest of ${registry.domain}/demo:latest.*no data for 500 ms \\(stalled\\)`));
	});

	test('a manifest body cut off once is asked for again; a config body that stalls every time fails', async () => {
		let cuts = 1;
		registry.intercept = (request, response) => {
			if (request.url === '/v2/demo/manifests/latest' && cuts > 0) {
				cuts--;
				response.writeHead(200, {'Content-Type': image.mediaType, 'Content-Length': image.manifest.length});
				response.write(image.manifest.subarray(0, 20), () => {
					response.socket?.destroy();
				});
				return true;
			}

			return false;
		};

		await expectPulled(await pull(demo()));
		expect(registry.requestsFor(/\/manifests\/latest$/)).toHaveLength(2);

		// Start again from an empty store, with a config that never finishes.
		await dockyard(home, ['rmi', demo()], {env});
		await dockyard(home, ['prune'], {env});
		registry.intercept = (request, response) => {
			if (request.url === `/v2/demo/blobs/${image.config.digest}`) {
				response.writeHead(200, {'Content-Type': 'application/octet-stream', 'Content-Length': image.config.bytes.length});
				response.write(image.config.bytes.subarray(0, 10));
				return true;
			}

			return false;
		};

		await expectRefused(await pull(demo()), new RegExp(`^Error: lost the config of ${registry.domain}/demo from ${registry.domain} while reading it: no data for 500 ms \\(stalled\\), 4 attempts$`));
		expect(registry.requestsFor(new RegExp(image.config.digest))).toHaveLength(1 + 1 + 3);
	});

	test('a redirect loop', async () => {
		registry.intercept = (request, response) => {
			if (request.url?.startsWith(layerPath())) {
				response.writeHead(307, {Location: `${layerPath()}?again=${Math.random()}`});
				response.end();
				return true;
			}

			return false;
		};

		await expectRefused(await pull(demo()), new RegExp(`^Error: too many redirects \\(more than 10\\) from ${registry.domain} for blob ${image.layers[0]!.digest}`));
	});
});

describe('a registry that sends more, or slower, than it should', {timeout: 60_000}, () => {
	test('a gzip layer whose body runs past the size the manifest declares: one line, no crash, no lease', async () => {
		registry.intercept = (request, response) => {
			if (request.url === layerPath()) {
				// No Content-Length (chunked), so only the bytes themselves say the body is too long.
				response.writeHead(200, {'Content-Type': 'application/octet-stream'});
				response.write(image.layers[0]!.bytes);
				response.end(Buffer.alloc(64 * 1024, 0x41));
				return true;
			}

			return false;
		};

		const result = await pull(demo());
		expect(result.stderr).not.toMatch(/Unhandled|at .*\.js:\d+/);
		await expectRefused(result, new RegExp(`^Error: blob ${image.layers[0]!.digest} of ${registry.domain}/demo from ${registry.domain} is larger than the ${image.layers[0]!.bytes.length} bytes the manifest says$`));
	});

	test('the same body in process: store.pull() rejects with that error, no unhandled \'error\' event, no lease', async () => {
		registry.intercept = (request, response) => {
			if (request.url === layerPath()) {
				response.writeHead(200, {'Content-Type': 'application/octet-stream'});
				response.write(image.layers[0]!.bytes);
				response.end(Buffer.alloc(64 * 1024, 0x41));
				return true;
			}

			return false;
		};

		const unhandled: unknown[] = [];
		const onUncaught = (error: unknown) => unhandled.push(error);
		process.on('uncaughtException', onUncaught);
		try {
			const store = openStore({home, hub: () => new RegistryHub(endpointFor(registry.domain, [], env), {environment: env})});
			const failure = await store.pull(demo()).then(() => undefined, (error: unknown) => error);
			expect(failure).toBeInstanceOf(RegistryError);
			expect((failure as Error).message).toMatch(/is larger than the \d+ bytes the manifest says$/);
			// Give a stray 'error' event, were one still to come, the time to be emitted.
			await new Promise(resolve => {
				setImmediate(resolve);
			});
			expect(unhandled).toEqual([]);
		} finally {
			process.off('uncaughtException', onUncaught);
		}

		await expectUntouched();
	});
	test('a body that drips a byte at a time never stalls, but fails the minimum rate, resumed and given up on', async () => {
		const drips: NodeJS.Timeout[] = [];
		registry.intercept = (request, response) => {
			if (request.url === layerPath()) {
				const blob = image.layers[0]!.bytes;
				const start = Number(/^bytes=(\d+)-$/.exec(request.headers.range ?? '')?.[1] ?? 0);
				response.writeHead(start > 0 ? 206 : 200, {
					'Content-Type': 'application/octet-stream',
					'Content-Length': blob.length - start,
					...(start > 0 ? {'Content-Range': `bytes ${start}-${blob.length - 1}/${blob.length}`} : {}),
				});
				// A byte every 20 ms: well inside the 500 ms stall timeout, far under the 1000 bytes/s asked for.
				let at = start;
				const drip = setInterval(() => {
					if (at >= blob.length) {
						clearInterval(drip);
						response.end();
						return;
					}

					response.write(blob.subarray(at, ++at));
				}, 20);
				drips.push(drip);
				response.on('close', () => {
					clearInterval(drip);
				});
				return true;
			}

			return false;
		};

		try {
			env = {...env, DOCKYARD_REGISTRY_MIN_RATE: '1000', DOCKYARD_REGISTRY_RATE_WINDOW_MS: '200'};
			await expectRefused(await pull(demo()), new RegExp(`^Error: lost blob ${image.layers[0]!.digest} of ${registry.domain}/demo from ${registry.domain}: \\d+ bytes in 200 ms, under the minimum of 1000 bytes/s \\(too slow\\), 4 attempts$`));
			// The first request and one resume per retry, each from where the last one stopped.
			const ranges = registry.requestsFor(/\/blobs\//).filter(request => request.url === layerPath()).map(request => request.headers.range);
			expect(ranges).toHaveLength(4);
			expect(ranges.slice(1).every(range => /^bytes=[1-9]\d*-$/.test(range ?? ''))).toBe(true);
		} finally {
			for (const drip of drips) {
				clearInterval(drip);
			}
		}
	});
});

describe('a registry whose text carries escape sequences', {timeout: 60_000}, () => {
	/** Clears the screen, retitles the window, rings, draws a fake row; an 8-bit CSI and a DEL. */
	const hostile = '\u001B[2J\u001B]0;pwned\u0007\r\nFAKE ROW\u009B31m\u007F';
	// eslint-disable-next-line no-control-regex
	const controls = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/;

	test('history, Get-ContainerImage and search print it escaped, one row each; inspect and --json keep it', async () => {
		const evil = await buildImage({
			layers: [{'a.txt': 'a\n'}],
			history: [{created_by: `/bin/sh -c echo ${hostile}`, comment: `comment ${hostile}`}],
			labels: {'org.opencontainers.image.title': `Title${hostile}`, 'org.opencontainers.image.vendor': `Vendor${hostile}`},
		});
		registry.addImage('evil', 'latest', evil);
		registry.repository(`evil${hostile}/name`);
		const pulled = await pull(`${registry.domain}/evil`);
		expect(pulled.code, pulled.stderr).toBe(0);

		const history = await dockyard(home, ['history', '--no-trunc', `${registry.domain}/evil`], {env});
		expect(history.code, history.stderr).toBe(0);
		expect(history.stdout).not.toMatch(controls);
		const rows = history.stdout.trimEnd().split('\n');
		expect(rows).toHaveLength(2);
		expect(rows[1]).toContain('/bin/sh -c echo \\u001b[2J\\u001b]0;pwned\\u0007\\u000d\\u000aFAKE ROW\\u009b31m\\u007f');
		expect(rows[1]).toMatch(/comment \\u001b\[2J.*\\u007f$/);
		const json = await dockyard(home, ['history', '--json', `${registry.domain}/evil`], {env});
		expect(json.stdout).not.toMatch(controls);
		expect((JSON.parse(json.stdout) as Array<{CreatedBy: string; Comment: string}>)[0]).toMatchObject({CreatedBy: `/bin/sh -c echo ${hostile}`, Comment: `comment ${hostile}`});

		const listed = await dockyard(home, ['Get-ContainerImage'], {env});
		expect(listed.stdout).not.toMatch(controls);
		expect(listed.stdout.trimEnd().split('\n')).toHaveLength(3);
		expect(listed.stdout).toMatch(/^Title\\u001b\[2J.* CN=Vendor\\u001b\[2J/m);

		const inspect = await dockyard(home, ['inspect', `${registry.domain}/evil`], {env});
		expect(inspect.stdout).not.toMatch(controls);
		const [document] = JSON.parse(inspect.stdout) as Array<{Config: {Labels: Record<string, string>}}>;
		expect(document!.Config.Labels['org.opencontainers.image.title']).toBe(`Title${hostile}`);

		const search = await dockyard(home, ['search', `${registry.domain}/evil`], {env});
		expect(search.code, search.stderr).toBe(0);
		expect(search.stdout + search.stderr).not.toMatch(controls);
		expect(search.stdout.split('\n').filter(line => line.startsWith('FAKE'))).toEqual([]);
	});
});

describe('redirects, resumes and tokens', {timeout: 60_000}, () => {
	test('a cross-origin redirect does not carry Authorization', async () => {
		const seen: http.IncomingHttpHeaders[] = [];
		const storage = http.createServer((request, response) => {
			seen.push(request.headers);
			sendBlob(request, response, image.layers[0]!.bytes);
		});
		await new Promise<void>(resolve => {
			storage.listen(0, '127.0.0.1', resolve);
		});
		try {
			const storageOrigin = `http://127.0.0.1:${(storage.address() as AddressInfo).port}`;
			registry.tokenAuth = {token: 'pull-token'};
			registry.intercept = (request, response) => {
				if (request.url === layerPath() && request.headers.authorization === 'Bearer pull-token') {
					response.writeHead(307, {Location: `${storageOrigin}/storage/layer?sig=abc`});
					response.end();
					return true;
				}

				return false;
			};

			await expectPulled(await pull(demo()));
			expect(seen).toHaveLength(1);
			expect(seen[0]!.authorization).toBeUndefined();
			expect(registry.requestsFor(/\/blobs\//).some(request => request.url === layerPath() && request.headers.authorization === 'Bearer pull-token')).toBe(true);
		} finally {
			storage.closeAllConnections();
			await new Promise<void>(resolve => {
				storage.close(() => {
					resolve();
				});
			});
		}
	});

	test('a reset mid-blob is resumed with Range', async () => {
		let resets = 1;
		registry.intercept = (request, response) => {
			if (request.url === layerPath() && resets > 0 && !request.headers.range) {
				resets--;
				const blob = image.layers[0]!.bytes;
				response.writeHead(200, {'Content-Type': 'application/octet-stream', 'Content-Length': blob.length});
				response.write(blob.subarray(0, blob.length >> 1), () => {
					response.socket?.destroy();
				});
				return true;
			}

			return false;
		};

		await expectPulled(await pull(demo()));
		const ranges = registry.requestsFor(/\/blobs\//).filter(request => request.url === layerPath()).map(request => request.headers.range);
		expect(ranges).toHaveLength(2);
		expect(ranges[0]).toBeUndefined();
		expect(ranges[1]).toMatch(/^bytes=[1-9]\d*-$/);
	});

	test('bearer token flow with stored credentials: challenge, token endpoint, retry', async () => {
		registry.tokenAuth = {token: 'token-for-alice', username: 'alice', password: 'wonderland', accessToken: true};
		writeFileSync(path.join(env['DOCKER_CONFIG']!, 'config.json'), JSON.stringify({auths: {[registry.domain]: {auth: Buffer.from('alice:wonderland').toString('base64')}}}));
		await expectPulled(await pull(demo()));
		expect(registry.tokenScopes).toContain('repository:demo:pull');
		// Anonymous first, then the token; the token is reused for the blobs.
		const manifests = registry.requestsFor(/\/manifests\/latest$/);
		expect(manifests[0]!.headers.authorization).toBeUndefined();
		expect(manifests.at(-1)!.headers.authorization).toBe('Bearer token-for-alice');
		expect(registry.requestsFor(/^\/token/)).toHaveLength(1);
	});

	test('wrong stored credentials: refused, one line', async () => {
		registry.tokenAuth = {token: 't', username: 'alice', password: 'wonderland'};
		writeFileSync(path.join(env['DOCKER_CONFIG']!, 'config.json'), JSON.stringify({auths: {[registry.domain]: {auth: Buffer.from('alice:wrong').toString('base64')}}}));
		await expectRefused(await pull(demo()), new RegExp(`^Error: unauthorized: ${registry.domain} refused the stored credentials for ${registry.domain}/demo \\(dockyard login ${registry.domain}\\)$`));
	});

	test('Basic auth when the challenge is Basic', async () => {
		registry.basicAuth = {username: 'bob', password: 'builder'};
		writeFileSync(path.join(env['DOCKER_CONFIG']!, 'config.json'), JSON.stringify({auths: {[`http://${registry.domain}`]: {auth: Buffer.from('bob:builder').toString('base64')}}}));
		await expectPulled(await pull(demo()));
	});

	test('docker.io names ask for the library/ scope (Docker Hub pointed at the fake)', async () => {
		registry.repositories.clear();
		registry.addImage('library/alpine', '3', image);
		registry.tokenAuth = {token: 'hub-token'};
		writeFileSync(path.join(home, 'settings.json'), JSON.stringify({hub: 'dockerhub'}));
		env = {...env, DOCKYARD_DOCKERHUB_REGISTRY: registry.origin};
		const result = await pull('alpine:3');
		expect(result.code, result.stderr).toBe(0);
		expect(result.stdout).toContain('3: Pulling from library/alpine');
		expect(registry.tokenScopes).toEqual(['repository:library/alpine:pull']);
		const images = await dockyard(home, ['images'], {env});
		expect(images.stdout).toMatch(/^alpine +3 /m);
	});
});
