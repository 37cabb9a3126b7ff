/**
 * dockyard push against Debian's docker-registry on loopback: a committed
 * image pushed (chunked, by small settings), read back by skopeo and pulled
 * into a fresh store; pushed again (every layer already there); pushed to a
 * second repository (its layers mounted); and pushes that fail — a registry
 * that refuses a blob, one that is gone, a corrupt blob in the store — leave
 * the store as it was; and a chunk lost on the way is resumed.
 */
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {freePort, startLocalRegistry, type LocalRegistry} from '../../source/devtools/local-registry.js';
import {buildImage, pushImage, run as runTool, skopeoInspect, type BuiltImage} from '../../source/devtools/oci-images.js';
import {dockyard, tempHome, type Run} from '../helpers/cli.js';
import {hasTools} from '../helpers/tools.js';
import {openStore} from '../../source/core/store/store.js';
import {keys, renderApp} from '../ui/helpers.js';
import {storedBesidesJournal} from '../helpers/index-file.js';

const present = hasTools(['docker-registry', 'skopeo', 'umoci'], 'the push tests');

function ok(result: Run): Run {
	if (result.code !== 0) {
		throw new Error(`exit ${result.code}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
	}

	return result;
}

const short = (digest: string) => digest.replace(/^sha256:/, '').slice(0, 12);

type Inspected = {Id: string; RepoDigests: string[]; RootFS: {Layers: string[]}; Dockyard: {Layers: Array<{digest: string; diffId: string}>}};

describe.runIf(present)('dockyard push to a real docker-registry', () => {
	let registry: LocalRegistry;
	let work: string;
	let home: string;
	let cleanupHome: () => void;
	let host: string;
	let base: BuiltImage;
	let noted: Inspected;
	// Small sizes: the committed layer goes up in several PATCHes, the base's small ones in one PUT.
	const env = {DOCKYARD_PUSH_MONOLITHIC_MAX: '600', DOCKYARD_PUSH_CHUNK: '700', DOCKYARD_REGISTRY_RETRY_MS: '20'};
	const run = async (...args: string[]) => dockyard(home, args, {env, timeoutMs: 40_000});
	const inspect = async (target: string, inHome = home): Promise<Inspected> => (JSON.parse(ok(await dockyard(inHome, ['inspect', target])).stdout) as Inspected[])[0]!;
	/** The base's gzip layers go as they are; the commit's uncompressed one goes as its gzip (as docker pushes it), so its digest differs. */
	const expectPushedLayers = (remote: string[]) => {
		const stored = noted.Dockyard.Layers.map(layer => layer.digest);
		expect(remote.slice(0, -1)).toEqual(stored.slice(0, -1));
		expect(remote).toHaveLength(stored.length);
		expect(remote.at(-1)).not.toBe(stored.at(-1));
	};

	beforeAll(async () => {
		work = mkdtempSync(path.join(os.tmpdir(), 'dockyard-push-test-'));
		({home, cleanup: cleanupHome} = tempHome());
		registry = await startLocalRegistry();
		host = registry.host;
		const layout = path.join(work, 'layout');
		base = await buildImage({layout, tag: 'base', steps: [
			{layer: {'/etc/os-release': 'ID=dockyard\n'}, createdBy: '/bin/sh -c #(nop) ADD file:rootfs in / '},
			{layer: {'/app/hello.txt': 'hello\n'}, createdBy: '/bin/sh -c #(nop) COPY file:hello in /app/ '},
		]});
		await pushImage(layout, 'base', `${host}/team/base:1`);
		ok(await run('pull', `${host}/team/base:1`));
		ok(await run('create', '--name', 'class', `${host}/team/base:1`));
		const file = path.join(work, 'note.txt');
		// Several KiB of text that does not repeat: a layer of several chunks.
		writeFileSync(file, Array.from({length: 200}, (_, index) => `line ${index} ${(index * 7919).toString(36)}\n`).join(''));
		ok(await run('cp', file, 'class:/app/note.txt'));
		ok(await run('commit', '-m', 'a note', 'class', `${host}/class/noted:1`));
		noted = await inspect(`${host}/class/noted:1`);
	}, 120_000);

	afterAll(async () => {
		await registry?.stop();
		cleanupHome?.();
		rmSync(work, {recursive: true, force: true});
	});

	test('commit → push → skopeo inspect, a second push, skopeo copy, and a pull into a fresh store', async () => {
		const pushed = ok(await run('push', `${host}/class/noted:1`));
		const lines = pushed.stdout.trim().split('\n');
		expect(lines[0]).toBe(`The push refers to repository [${host}/class/noted]`);
		const [own, ...inherited] = [...noted.Dockyard.Layers].reverse();
		expect(lines).toContain(`${short(own!.diffId)}: Pushed`);
		for (const layer of inherited) {
			expect(lines).toContain(`${short(layer.diffId)}: Mounted from team/base`);
		}

		const last = /^1: digest: (sha256:[a-f\d]{64}) size: (\d+)$/.exec(lines.at(-1)!);
		expect(last).not.toBeNull();
		const digest = last![1]!;
		const remote = await skopeoInspect(`${host}/class/noted:1`) as {Digest: string; Layers: string[]};
		expect(remote.Digest).toBe(digest);
		expectPushedLayers(remote.Layers);
		const raw = await runTool('skopeo', ['inspect', '--raw', '--tls-verify=false', `docker://${host}/class/noted:1`]);
		expect(Buffer.byteLength(raw)).toBe(Number(last![2]));
		expect((await inspect(`${host}/class/noted:1`)).RepoDigests).toContain(`${host}/class/noted@${digest}`);

		const again = ok(await run('push', `${host}/class/noted:1`)).stdout.trim().split('\n');
		for (const layer of noted.Dockyard.Layers) {
			expect(again).toContain(`${short(layer.diffId)}: Layer already exists`);
		}

		expect(again.at(-1)).toBe(lines.at(-1));

		await runTool('skopeo', ['copy', '--quiet', '--src-tls-verify=false', `docker://${host}/class/noted:1`, `oci:${path.join(work, 'copied')}:noted`]);
		const {home: fresh, cleanup} = tempHome();
		try {
			const pulled = ok(await dockyard(fresh, ['pull', `${host}/class/noted:1`]));
			expect(pulled.stdout).toContain(`Digest: ${digest}`);
			const arrived = await inspect(`${host}/class/noted:1`, fresh);
			expect(arrived.Id).toBe(noted.Id);
			expect(arrived.RootFS.Layers).toEqual(noted.RootFS.Layers);
			expect(ok(await dockyard(fresh, ['fsck'])).stdout).toMatch(/ 0 problems/);
		} finally {
			cleanup();
		}
	}, 50_000);

	test('a second repository of the same registry mounts the layers', async () => {
		ok(await run('tag', `${host}/class/noted:1`, `${host}/other/noted:2`));
		const lines = ok(await run('push', `${host}/other/noted:2`)).stdout.trim().split('\n');
		expect(lines[0]).toBe(`The push refers to repository [${host}/other/noted]`);
		const [own, ...inherited] = [...noted.Dockyard.Layers].reverse();
		expect(lines).toContain(`${short(own!.diffId)}: Mounted from class/noted`);
		for (const layer of inherited) {
			expect(lines.some(line => line === `${short(layer.diffId)}: Mounted from team/base` || line === `${short(layer.diffId)}: Mounted from class/noted`)).toBe(true);
		}

		expect(lines.at(-1)).toMatch(/^2: digest: sha256:[a-f\d]{64} size: \d+$/);
		expectPushedLayers((await skopeoInspect(`${host}/other/noted:2`) as {Layers: string[]}).Layers);
	}, 30_000);

	test('an unknown tag, a registry that refuses a blob, one that is gone, a corrupt blob: one line, exit 1, the store as it was', async () => {
		const index = path.join(home, 'index.json');
		const unknown = await run('push', `${host}/class/nothing:1`);
		expect(unknown.code).toBe(1);
		expect(unknown.stderr.trim()).toBe(`Error: An image does not exist locally with the tag: ${host}/class/nothing`);

		// A proxy in front of the registry that refuses every blob upload's last step.
		const {proxy, proxyHost} = await startProxy(registry, (request, response) => {
			if (request.method === 'PUT' && request.url?.includes('/blobs/uploads/')) {
				response.writeHead(400, {'content-type': 'application/json'});
				response.end(JSON.stringify({errors: [{code: 'BLOB_UPLOAD_INVALID', message: 'blob upload invalid', detail: null}]}));
				return true;
			}

			return false;
		});
		try {
			ok(await run('tag', `${host}/class/noted:1`, `${proxyHost}/refused/noted:1`));
			const before = readFileSync(index, 'utf8');
			const refused = await run('push', `${proxyHost}/refused/noted:1`);
			expect(refused.code).toBe(1);
			expect(refused.stderr.trim().split('\n')).toHaveLength(1);
			const [own] = [...noted.Dockyard.Layers].reverse();
			expect(refused.stderr).toContain(`pushing layer ${short(own!.digest)} to ${proxyHost}/refused/noted failed`);
			expect(refused.stderr).toContain('blob upload invalid');
			expect(storedBesidesJournal(readFileSync(index, 'utf8'))).toEqual(storedBesidesJournal(before));
		} finally {
			await stopProxy(proxy);
		}

		const gone = `127.0.0.1:${await freePort()}`;
		ok(await run('tag', `${host}/class/noted:1`, `${gone}/gone/noted:1`));
		const before = readFileSync(index, 'utf8');
		const unreachable = await run('push', `${gone}/gone/noted:1`);
		expect(unreachable.code).toBe(1);
		expect(unreachable.stderr.trim().split('\n')).toHaveLength(1);
		expect(unreachable.stderr).toContain(`cannot reach ${gone}`);
		expect(storedBesidesJournal(readFileSync(index, 'utf8'))).toEqual(storedBesidesJournal(before));

		// A blob damaged on disk is caught on the way out, and never committed, on a registry that has not seen it yet.
		const [own] = [...noted.Dockyard.Layers].reverse();
		const blob = path.join(home, 'blobs', 'sha256', own!.digest.slice('sha256:'.length));
		const good = readFileSync(blob);
		const second = await startLocalRegistry();
		try {
			ok(await run('tag', `${host}/class/noted:1`, `${second.host}/corrupt/noted:1`));
			const tagged = readFileSync(index, 'utf8');
			const damaged = Buffer.from(good);
			damaged[damaged.length - 1] ^= 1;
			writeFileSync(blob, damaged);
			const corrupt = await run('push', `${second.host}/corrupt/noted:1`);
			expect(corrupt.code).toBe(1);
			expect(corrupt.stderr.trim().split('\n')).toHaveLength(1);
			expect(corrupt.stderr).toContain(`pushing layer ${short(own!.digest)} to ${second.host}/corrupt/noted failed`);
			expect(corrupt.stderr).toContain('is corrupt');
			expect(storedBesidesJournal(readFileSync(index, 'utf8'))).toEqual(storedBesidesJournal(tagged));
			await expect(skopeoInspect(`${second.host}/corrupt/noted:1`)).rejects.toThrow();
		} finally {
			writeFileSync(blob, good);
			await second.stop();
		}
	}, 40_000);

	test('a chunk lost on the way is resumed from the Range the registry reports', async () => {
		let patches = 0;
		let dropped = 0;
		// The second PATCH is cut off before it reaches the registry: the client asks where the upload is and sends the chunk again.
		const {proxy, proxyHost} = await startProxy(registry, (request, response) => {
			if (request.method === 'PATCH' && ++patches === 2) {
				dropped++;
				response.destroy();
				return true;
			}

			return false;
		});
		try {
			ok(await run('tag', `${host}/class/noted:1`, `${proxyHost}/resumed/noted:1`));
			const lines = ok(await run('push', `${proxyHost}/resumed/noted:1`)).stdout.trim().split('\n');
			expect(dropped).toBe(1);
			const [own] = [...noted.Dockyard.Layers].reverse();
			expect(lines).toContain(`${short(own!.diffId)}: Pushed`);
			const remote = await skopeoInspect(`${host}/resumed/noted:1`) as {Layers: string[]};
			expectPushedLayers(remote.Layers);
			// The registry checked the digest of what it assembled: pulling it back gives the same image.
			const {home: fresh, cleanup} = tempHome();
			try {
				ok(await dockyard(fresh, ['pull', `${host}/resumed/noted:1`]));
				expect((await inspect(`${host}/resumed/noted:1`, fresh)).Id).toBe(noted.Id);
			} finally {
				cleanup();
			}
		} finally {
			await stopProxy(proxy);
		}
	}, 30_000);

	test('TUI: P on Local images pushes the highlighted tag, in the per-layer view pull has', async () => {
		// A store of its own with one image, one tag: the highlighted row is the one to push.
		const {home: own, cleanup} = tempHome();
		ok(await dockyard(own, ['pull', `${host}/class/noted:1`]));
		const app = renderApp(openStore({home: own}), {columns: 119, rows: 40});
		try {
			// P is in help, not the footer: the list and its highlight are what to wait for.
			await app.waitFor(() => app.highlighted().some(row => /\/class\/noted\s+1\s/.test(row)));
			await app.press('P');
			const screen = await app.waitFor(`Pushed ${host}/class/noted:1`, 20_000);
			for (const layer of noted.Dockyard.Layers) {
				expect(screen).toContain(`${short(layer.diffId)}: Layer already exists`);
			}

			expect(screen).toMatch(/^1: digest: sha256:[a-f\d]{64} size: \d+/m);
			expect(screen).toContain('docker push');
		} finally {
			app.unmount();
			cleanup();
		}
	}, 30_000);
});

/**
 * A loopback proxy to the registry (with X-Forwarded-Host, so the upload
 * locations it gives name the proxy); `intercept` may answer (or drop) a
 * request itself.
 */
async function startProxy(
	registry: LocalRegistry,
	intercept: (request: IncomingMessage, response: ServerResponse) => boolean,
): Promise<{proxy: Server; proxyHost: string}> {
	const proxy = createServer((request, response) => {
		if (intercept(request, response)) {
			return;
		}

		const target = new URL(registry.url);
		const upstream = httpRequest({host: target.hostname, port: target.port, method: request.method, path: request.url, headers: {...request.headers, host: target.host, 'x-forwarded-host': request.headers.host}}, answer => {
			response.writeHead(answer.statusCode ?? 502, answer.headers);
			answer.pipe(response);
		});
		upstream.on('error', () => response.destroy());
		request.pipe(upstream);
	});
	await new Promise<void>(resolve => {
		proxy.listen(0, '127.0.0.1', resolve);
	});
	return {proxy, proxyHost: `127.0.0.1:${(proxy.address() as AddressInfo).port}`};
}

async function stopProxy(proxy: Server): Promise<void> {
	proxy.closeAllConnections();
	await new Promise(resolve => {
		proxy.close(resolve);
	});
}
