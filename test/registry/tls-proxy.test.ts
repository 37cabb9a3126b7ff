/**
 * Registries as companies run them, all on 127.0.0.1: Debian's
 * docker-registry with TLS from a CA this test makes (plain, expired,
 * mutual TLS, htpasswd), the CA and client certificate in a temp HOME's
 * ~/.config/containers/certs.d as podman and skopeo read it, and a forward
 * proxy in this process that resolves names only it knows. skopeo, with the
 * same HOME and proxy, is the oracle for digests.
 */
import {execFile} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync, copyFileSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {freePort, startLocalRegistry, type LocalRegistry} from '../../source/devtools/local-registry.js';
import {buildImage} from '../../source/devtools/oci-images.js';
import {makeTestCertificates, type TestCertificates} from '../../source/devtools/test-certs.js';
import {dockyard, tempHome, type Run} from '../helpers/cli.js';
import {startTestProxy, type TestProxy} from '../helpers/test-proxy.js';
import {hasTools} from '../helpers/tools.js';

const ready = hasTools(['docker-registry', 'skopeo', 'umoci', 'openssl', 'htpasswd'], 'the TLS and proxy registry tests');
const execFileAsync = promisify(execFile);
const user = 'student';
const password = 'c0rrect horse';

/** No proxy from the machine running the tests leaks in: every variable set, empty. */
const noProxy = {HTTP_PROXY: '', http_proxy: '', HTTPS_PROXY: '', https_proxy: '', NO_PROXY: '', no_proxy: ''};

describe.runIf(ready)('TLS registries and proxies', () => {
	let work: string;
	let certs: TestCertificates;
	let expiredCerts: TestCertificates;
	let layout: string;
	let proxy: TestProxy;
	/** A HOME whose certs.d trusts every registry here (and holds the client certificate). */
	let trusting: string;
	/** A HOME with no certificates at all. */
	let bare: string;
	const registries: Record<'tls' | 'expired' | 'mutual' | 'locked' | 'plain', LocalRegistry> = {} as never;
	const port = (name: keyof typeof registries) => registries[name].host.split(':')[1]!;
	const cleanups: Array<() => void> = [];
	let appDigest: string;

	/** A certs.d directory in `home` for `hostPort`, holding these files (name → source path). */
	const certsDirectory = (home: string, hostPort: string, files: Record<string, string>) => {
		const directory = path.join(home, '.config', 'containers', 'certs.d', hostPort);
		mkdirSync(directory, {recursive: true});
		for (const [name, source] of Object.entries(files)) {
			copyFileSync(source, path.join(directory, name));
		}

		return directory;
	};

	const skopeo = async (args: string[], env: NodeJS.ProcessEnv = {}) => {
		const {stdout} = await execFileAsync('skopeo', args, {env: {...process.env, ...noProxy, ...env}, timeout: 60_000});
		return stdout;
	};

	/** dockyard with its own store and the HOME given; proxies only as `env` says. */
	const run = async (home: string, args: string[], env: NodeJS.ProcessEnv = {}, input?: string): Promise<Run> => {
		const store = tempHome();
		cleanups.push(store.cleanup);
		if (env['SETTINGS']) {
			writeFileSync(path.join(store.home, 'settings.json'), env['SETTINGS']);
		}

		return dockyard(store.home, args, {env: {...noProxy, HOME: home, DOCKER_CONFIG: path.join(home, '.docker'), DOCKYARD_REGISTRY_RETRIES: '0', ...env}, timeoutMs: 60_000, input});
	};

	const oneLine = (result: Run): string => {
		expect(result.code, result.stdout + result.stderr).not.toBe(0);
		const lines = result.stderr.trim().split('\n');
		expect(lines, result.stderr).toHaveLength(1);
		expect(result.stderr).not.toMatch(/node|--use-|    at /i);
		return lines[0]!;
	};

	const ok = (result: Run): Run => {
		expect(result.stderr, result.stdout).toBe('');
		expect(result.code).toBe(0);
		return result;
	};

	const caPlaces = (hostPort: string) => `put the registry's CA in ~/.config/containers/certs.d/${hostPort}/ca.crt or /etc/docker/certs.d/${hostPort}/ca.crt`;

	beforeAll(async () => {
		work = mkdtempSync(path.join(os.tmpdir(), 'dockyard-tls-test-'));
		trusting = path.join(work, 'trusting');
		bare = path.join(work, 'bare');
		mkdirSync(bare);
		certs = makeTestCertificates({extraNames: ['registry.example.test']});
		expiredCerts = makeTestCertificates({serverDays: -1});
		const tls = {cert: certs.serverCert, key: certs.serverKey, ca: certs.caCert};
		[registries.tls, registries.expired, registries.mutual, registries.locked, registries.plain] = await Promise.all([
			startLocalRegistry({tls}),
			startLocalRegistry({tls: {cert: expiredCerts.serverCert, key: expiredCerts.serverKey, ca: expiredCerts.caCert}}),
			startLocalRegistry({tls: {...tls, clientCas: [certs.caCert]}}),
			startLocalRegistry({tls, htpasswd: {user, password}}),
			startLocalRegistry(),
		]);
		layout = path.join(work, 'layout');
		await buildImage({layout, tag: 'app', steps: [{layer: {'/hello.txt': 'hello over TLS\n'}, createdBy: '/bin/sh -c #(nop) ADD file:hello in / '}]});
		// skopeo pushes with the client certificate where the registry wants one.
		const clientDirectory = path.join(work, 'client');
		mkdirSync(clientDirectory);
		copyFileSync(certs.clientCert, path.join(clientDirectory, 'client.cert'));
		copyFileSync(certs.clientKey, path.join(clientDirectory, 'client.key'));
		await Promise.all((['tls', 'expired', 'mutual', 'plain'] as const).map(async name => skopeo(['copy', '--quiet', '--preserve-digests', '--dest-tls-verify=false', '--dest-cert-dir', clientDirectory, `oci:${layout}:app`, `docker://${registries[name].host}/team/app:1`])));
		appDigest = (JSON.parse(await skopeo(['inspect', '--tls-verify=false', `docker://${registries.tls.host}/team/app:1`])) as {Digest: string}).Digest;

		for (const name of ['tls', 'mutual', 'locked'] as const) {
			certsDirectory(trusting, `localhost:${port(name)}`, {'ca.crt': certs.caCert});
		}

		certsDirectory(trusting, `localhost:${port('mutual')}`, {'client.cert': certs.clientCert, 'client.key': certs.clientKey});
		certsDirectory(trusting, `localhost:${port('expired')}`, {'ca.crt': expiredCerts.caCert});
		certsDirectory(trusting, `registry.example.test:${port('tls')}`, {'ca.crt': certs.caCert});
		certsDirectory(trusting, `wrong.example.test:${port('tls')}`, {'ca.crt': certs.caCert});
		certsDirectory(bare, `localhost:${port('mutual')}`, {'ca.crt': certs.caCert});
		proxy = await startTestProxy({'registry.example.test': '127.0.0.1', 'wrong.example.test': '127.0.0.1'});
	}, 180_000);

	afterAll(async () => {
		await proxy?.close();
		await Promise.all(Object.values(registries).map(async registry => registry?.stop()));
		certs?.remove();
		expiredCerts?.remove();
		for (const cleanup of cleanups) {
			cleanup();
		}

		if (work) {
			rmSync(work, {recursive: true, force: true});
		}
	});

	describe('TLS', () => {
		test('by host name with the CA in ~/.config/containers/certs.d: pulled, the digest skopeo sees with the same HOME', async () => {
			const reference = `localhost:${port('tls')}/team/app:1`;
			const store = tempHome();
			cleanups.push(store.cleanup);
			const env = {...noProxy, HOME: trusting};
			ok(await dockyard(store.home, ['pull', reference], {env, timeoutMs: 60_000}));
			const [inspected] = JSON.parse(ok(await dockyard(store.home, ['inspect', reference], {env})).stdout) as Array<{Dockyard: {ManifestDigest: string}}>;
			const oracle = JSON.parse(await skopeo(['inspect', `docker://${reference}`], {HOME: trusting})) as {Digest: string};
			expect(inspected!.Dockyard.ManifestDigest).toBe(oracle.Digest);
			expect(oracle.Digest).toBe(appDigest);
		}, 60_000);

		test('without the CA: one line naming the registry, "unknown authority" and where the CA goes', async () => {
			const hostPort = `localhost:${port('tls')}`;
			const line = oneLine(await run(bare, ['pull', `${hostPort}/team/app:1`]));
			expect(line).toContain(`cannot reach ${hostPort} over TLS`);
			expect(line).toMatch(new RegExp(`its certificate is signed by an unknown authority: ${caPlaces(hostPort).replaceAll(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`));
			await expect(skopeo(['inspect', `docker://${hostPort}/team/app:1`], {HOME: bare})).rejects.toThrow(/unknown authority/);
		}, 60_000);

		test('an expired certificate, and a name the certificate lacks: one line each', async () => {
			const expired = oneLine(await run(trusting, ['pull', `localhost:${port('expired')}/team/app:1`]));
			expect(expired).toMatch(new RegExp(`cannot reach localhost:${port('expired')} over TLS for .*: its certificate has expired`));
			// wrong.example.test reaches the registry only through the proxy; the certificate names localhost, 127.0.0.1 and registry.example.test.
			const wrong = oneLine(await run(trusting, ['pull', `wrong.example.test:${port('tls')}/team/app:1`], {HTTPS_PROXY: proxy.url}));
			expect(wrong).toMatch(/its certificate is not valid for the name wrong\.example\.test \(it is for localhost, 127\.0\.0\.1, .*registry\.example\.test\): use a name the certificate has/);
		}, 60_000);

		test('mutual TLS: client.cert and client.key beside the CA open it; without them, one line', async () => {
			const reference = `localhost:${port('mutual')}/team/app:1`;
			expect(ok(await run(trusting, ['pull', reference])).stdout).toContain(`Digest: ${appDigest}`);
			const line = oneLine(await run(bare, ['pull', reference]));
			expect(line).toMatch(new RegExp(`cannot reach localhost:${port('mutual')} over TLS for .*: it requires a client certificate: put one in ~/\\.config/containers/certs\\.d/localhost:${port('mutual')}/client\\.cert and client\\.key$`));
		}, 60_000);

		test('127.0.0.1 is insecure as dockerd has it: TLS without verification, no CA needed; --tls-verify=false does the same for a name', async () => {
			expect(ok(await run(bare, ['pull', `127.0.0.1:${port('tls')}/team/app:1`])).stdout).toContain(`Digest: ${appDigest}`);
			expect(ok(await run(bare, ['pull', '--tls-verify=false', `localhost:${port('tls')}/team/app:1`])).stdout).toContain(`Digest: ${appDigest}`);
			// A plain http registry on a loopback name still answers (https first, then http).
			expect(ok(await run(bare, ['pull', `localhost:${port('plain')}/team/app:1`])).stdout).toContain(`Digest: ${appDigest}`);
			const wrong = await run(bare, ['pull', '--tls-verify=maybe', `localhost:${port('tls')}/team/app:1`]);
			expect(wrong.code).not.toBe(0);
			expect(wrong.stderr.split('\n')[0]).toBe('Error: invalid value "maybe" for --tls-verify: use true or false');
		}, 60_000);

		test('push, search and login over TLS', async () => {
			const store = tempHome();
			cleanups.push(store.cleanup);
			const env = {...noProxy, HOME: trusting, DOCKER_CONFIG: path.join(work, 'docker-config')};
			const source = `localhost:${port('tls')}/team/app:1`;
			const target = `localhost:${port('tls')}/team/pushed:1`;
			ok(await dockyard(store.home, ['pull', source], {env, timeoutMs: 60_000}));
			ok(await dockyard(store.home, ['tag', source, target], {env}));
			const pushed = ok(await dockyard(store.home, ['push', target], {env, timeoutMs: 60_000}));
			const digest = /digest: (sha256:[\da-f]{64})/.exec(pushed.stdout)?.[1];
			expect(digest).toBe((JSON.parse(await skopeo(['inspect', `docker://${target}`], {HOME: trusting})) as {Digest: string}).Digest);

			const found = await dockyard(store.home, ['search', `localhost:${port('tls')}/team`], {env});
			expect(found.stderr.trim()).toBe(`Hub: localhost:${port('tls')}`);
			expect(found.stdout).toContain(`localhost:${port('tls')}/team/pushed`);

			const locked = `localhost:${port('locked')}`;
			const login = async (home: string, extra: string[], input: string) => dockyard(store.home, ['login', ...extra, locked, '-u', user, '--password-stdin'], {env: {...env, HOME: home}, input});
			expect((await login(trusting, [], password)).stdout.trim()).toBe('Login Succeeded');
			const wrong = await login(trusting, [], 'wrong horse');
			expect(wrong.stderr.trim()).toBe(`Error: login attempt to https://${locked}/v2/ failed with status: 401 Unauthorized`);
			expect(oneLine(await login(bare, [], password))).toContain(caPlaces(locked));
			expect((await login(bare, ['--tls-verify=false'], password)).stdout.trim()).toBe('Login Succeeded');
		}, 90_000);
	});

	describe('copy', () => {
		test('registry → registry over TLS: a name only the proxy resolves, to a mutual-TLS registry, the CA and client certificate from certs.d; skopeo\'s digest, through the proxy', async () => {
			const from = `docker://registry.example.test:${port('tls')}/team/app:1`;
			const to = `docker://localhost:${port('mutual')}/team/copied:1`;
			const before = proxy.counts.connect;
			const copied = ok(await run(trusting, ['copy', '--quiet', from, to], {HTTPS_PROXY: proxy.url}));
			expect(copied.stdout.trim()).toBe(appDigest);
			// The source went through the proxy (its name resolves nowhere else); loopback never does.
			expect(proxy.counts.connect).toBeGreaterThan(before);
			const oracle = JSON.parse(await skopeo(['inspect', to], {HOME: trusting})) as {Digest: string};
			expect(oracle.Digest).toBe(appDigest);
		}, 60_000);

		test('a registry whose certificate does not verify, at either end: one line naming it and where its CA goes; nothing written', async () => {
			const tlsHost = `localhost:${port('tls')}`;
			const source = oneLine(await run(bare, ['copy', `docker://${tlsHost}/team/app:1`, `docker://localhost:${port('plain')}/team/never:1`]));
			expect(source).toContain(`cannot reach ${tlsHost} over TLS`);
			expect(source).toContain(caPlaces(tlsHost));
			const destination = oneLine(await run(bare, ['copy', `docker://localhost:${port('plain')}/team/app:1`, `docker://${tlsHost}/team/never:1`]));
			expect(destination).toContain(`cannot reach ${tlsHost} over TLS`);
			expect(destination).toContain(caPlaces(tlsHost));
			for (const host of [`localhost:${port('plain')}`, tlsHost]) {
				// eslint-disable-next-line no-await-in-loop
				await expect(skopeo(['inspect', '--tls-verify=false', `docker://${host}/team/never:1`])).rejects.toThrow(/manifest unknown|not found/i);
			}
		}, 60_000);
	});

	describe('proxies', () => {
		const named = () => `registry.example.test:${port('tls')}/team/app:1`;

		test('HTTPS_PROXY: a pull goes through the CONNECT tunnel, as skopeo\'s does; NO_PROXY for the host skips it (and the name does not resolve)', async () => {
			const before = proxy.counts.connect;
			expect(ok(await run(trusting, ['pull', named()], {HTTPS_PROXY: proxy.url})).stdout).toContain(`Digest: ${appDigest}`);
			const ours = proxy.counts.connect - before;
			expect(ours).toBeGreaterThan(0);
			const oracle = JSON.parse(await skopeo(['inspect', `docker://${named()}`], {HOME: trusting, HTTPS_PROXY: proxy.url})) as {Digest: string};
			expect(oracle.Digest).toBe(appDigest);
			expect(proxy.counts.connect - before).toBeGreaterThan(ours);

			// search (the catalog) takes the same way.
			const beforeSearch = proxy.counts.connect;
			const found = await run(trusting, ['search', `registry.example.test:${port('tls')}/team`], {HTTPS_PROXY: proxy.url});
			expect(found.stdout).toContain(`registry.example.test:${port('tls')}/team/app`);
			expect(proxy.counts.connect).toBeGreaterThan(beforeSearch);

			const skipped = proxy.counts.connect;
			for (const noProxyList of ['registry.example.test', '.example.test', `registry.example.test:${port('tls')}`, '*']) {
				// eslint-disable-next-line no-await-in-loop
				const line = oneLine(await run(trusting, ['pull', named()], {https_proxy: proxy.url, no_proxy: `other.test,${noProxyList}`}));
				expect(line).toMatch(/registry\.example\.test.*(no such host|ENOTFOUND|EAI_AGAIN)/);
			}

			expect(proxy.counts.connect).toBe(skipped);
		}, 90_000);

		test('loopback is never proxied, even with the proxy set for everything', async () => {
			const before = {...proxy.counts};
			const env = {HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url};
			expect(ok(await run(trusting, ['pull', `localhost:${port('tls')}/team/app:1`], env)).stdout).toContain(`Digest: ${appDigest}`);
			expect(ok(await run(bare, ['pull', `127.0.0.1:${port('tls')}/team/app:1`], env)).stdout).toContain(`Digest: ${appDigest}`);
			expect(ok(await run(bare, ['pull', `127.0.0.1:${port('plain')}/team/app:1`], env)).stdout).toContain(`Digest: ${appDigest}`);
			expect(proxy.counts).toEqual(before);
		}, 60_000);

		test('HTTP_PROXY: an insecure plain-http registry is reached in absolute form through the proxy', async () => {
			const before = proxy.counts.http;
			const hostPort = `registry.example.test:${port('plain')}`;
			const settings = JSON.stringify({insecureRegistries: [hostPort]});
			expect(ok(await run(bare, ['pull', `${hostPort}/team/app:1`], {HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url, SETTINGS: settings})).stdout).toContain(`Digest: ${appDigest}`);
			expect(proxy.counts.http).toBeGreaterThan(before);
			// Not insecure: https only, and a registry that does not speak TLS is one line.
			const line = oneLine(await run(bare, ['pull', `${hostPort}/team/app:1`], {HTTPS_PROXY: proxy.url}));
			expect(line).toContain(`cannot reach ${hostPort} over TLS for the manifest of ${hostPort}/team/app:1: it does not speak TLS (a plain http registry?): list it in settings.json's insecureRegistries, or use --tls-verify=false`);
		}, 60_000);

		test('a proxy that refuses (407, 403) or is not there: one line naming it, never its credentials', async () => {
			const withSecret = proxy.url.replace('http://', 'http://me:s3cret@');
			try {
				proxy.refuse = 407;
				const line = oneLine(await run(trusting, ['pull', named()], {HTTPS_PROXY: withSecret}));
				expect(line).toContain(`the proxy ${proxy.url} refused the connection to registry.example.test:${port('tls')}: 407 Proxy Authentication Required`);
				expect(line).not.toContain('s3cret');
				expect(proxy.authorizations.at(-1)).toBe(`Basic ${Buffer.from('me:s3cret').toString('base64')}`);
				// Plain http through HTTP_PROXY: the proxy's 407 is its own, not the registry's.
				const plain = oneLine(await run(bare, ['pull', '--tls-verify=false', `registry.example.test:${port('plain')}/team/app:1`], {HTTP_PROXY: withSecret}));
				expect(plain).toContain(`the proxy ${proxy.url} refused the connection to registry.example.test:${port('plain')}: 407 Proxy Authentication Required`);
				expect(plain).not.toContain('s3cret');
				proxy.refuse = 403;
				expect(oneLine(await run(trusting, ['pull', named()], {HTTPS_PROXY: proxy.url}))).toContain(`the proxy ${proxy.url} refused the connection to registry.example.test:${port('tls')}: 403 Forbidden`);
			} finally {
				proxy.refuse = undefined;
			}

			const dead = await freePort();
			const line = oneLine(await run(trusting, ['pull', named()], {HTTPS_PROXY: `http://me:s3cret@127.0.0.1:${dead}`}));
			expect(line).toContain(`cannot reach the proxy http://127.0.0.1:${dead}: connection refused`);
			expect(line).not.toContain('s3cret');
		}, 90_000);
	});
});
