/**
 * The registry client's parts, in process, against the loopback fake:
 * challenges, platform choice, catalog paging, tags, token caching, http
 * refused off loopback, and `search 127.0.0.1:PORT/term` through the CLI.
 */
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, test} from 'vitest';
import {parseChallenges} from '../../source/core/hub/registry/challenge.js';
import {endpointFor} from '../../source/core/hub/registry/endpoint.js';
import {nextLink} from '../../source/core/hub/registry/catalog.js';
import {currentPlatform, selectManifest} from '../../source/core/hub/registry/platform.js';
import {RegistryHub} from '../../source/core/hub/registry/registry-hub.js';
import {Transport} from '../../source/core/hub/registry/transport.js';
import {parseReference} from '../../source/core/reference.js';
import {RegistryError} from '../../source/core/errors.js';
import {dockyard, tempHome} from '../helpers/cli.js';
import {helperLine, writeCredentialHelper} from '../helpers/credential-helper.js';
import {buildImage, buildIndex, FakeRegistry} from '../helpers/fake-registry.js';

// No docker config, and a HOME without podman's auth.json: the user's own credentials never reach these tests.
const environment = {DOCKYARD_REGISTRY_RETRY_MS: '1', DOCKYARD_REGISTRY_STALL_MS: '2000', DOCKER_CONFIG: '/nonexistent-dockyard-test', HOME: '/nonexistent-dockyard-test', XDG_RUNTIME_DIR: '', REGISTRY_AUTH_FILE: ''};

describe('WWW-Authenticate', () => {
	test('Bearer with quoted values; a scope keeps its commas', () => {
		expect(parseChallenges('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:samalba/my-app:pull,push"')).toEqual([
			{scheme: 'bearer', params: {realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:samalba/my-app:pull,push'}},
		]);
	});

	test('Basic, several challenges, unquoted and escaped values, junk', () => {
		expect(parseChallenges('Basic realm="Registry Realm"')).toEqual([{scheme: 'basic', params: {realm: 'Registry Realm'}}]);
		expect(parseChallenges('Basic realm=x, Bearer realm="a\\"b", service=s')).toEqual([
			{scheme: 'basic', params: {realm: 'x'}},
			{scheme: 'bearer', params: {realm: 'a"b', service: 's'}},
		]);
		expect(parseChallenges('')).toEqual([]);
		expect(parseChallenges('=== ,,, "')).toEqual([]);
	});
});

describe('platforms', () => {
	const descriptor = (platform: {os: string; architecture: string; variant?: string}, digest: string, annotations?: Record<string, string>) => ({mediaType: 'application/vnd.oci.image.manifest.v1+json', digest, size: 1, platform, ...(annotations ? {annotations} : {})});
	const manifests = [
		descriptor({os: 'unknown', architecture: 'unknown'}, 'sha256:' + '0'.repeat(64), {'vnd.docker.reference.type': 'attestation-manifest'}),
		descriptor({os: 'linux', architecture: 'amd64'}, 'sha256:' + '1'.repeat(64)),
		descriptor({os: 'linux', architecture: 'arm', variant: 'v6'}, 'sha256:' + '2'.repeat(64)),
		descriptor({os: 'linux', architecture: 'arm', variant: 'v7'}, 'sha256:' + '3'.repeat(64)),
		descriptor({os: 'linux', architecture: 'arm64'}, 'sha256:' + '4'.repeat(64)),
	];

	test('os/arch/variant, first match, attestations skipped', () => {
		expect(selectManifest(manifests, {os: 'linux', architecture: 'amd64'})?.digest).toBe('sha256:' + '1'.repeat(64));
		expect(selectManifest(manifests, {os: 'linux', architecture: 'arm', variant: 'v7'})?.digest).toBe('sha256:' + '3'.repeat(64));
		// As containerd: linux/arm is arm/v7, and v7 is preferred to the v6 listed before it.
		expect(selectManifest(manifests, {os: 'linux', architecture: 'arm'})?.digest).toBe('sha256:' + '3'.repeat(64));
		expect(selectManifest(manifests, {os: 'linux', architecture: 'arm', variant: 'v6'})?.digest).toBe('sha256:' + '2'.repeat(64));
		expect(selectManifest(manifests, {os: 'linux', architecture: 'arm64', variant: 'v8'})?.digest).toBe('sha256:' + '4'.repeat(64));
		expect(selectManifest(manifests, {os: 'unknown', architecture: 'unknown'})).toBeUndefined();
		expect(selectManifest(manifests, {os: 'windows', architecture: 'amd64'})).toBeUndefined();
	});

	test('Node\'s names become OCI\'s', () => {
		expect(currentPlatform('linux', 'x64')).toEqual({os: 'linux', architecture: 'amd64'});
		expect(currentPlatform('win32', 'x64')).toEqual({os: 'windows', architecture: 'amd64'});
		expect(currentPlatform('darwin', 'arm64')).toEqual({os: 'linux', architecture: 'arm64'});
		expect(currentPlatform('linux', 'ia32')).toEqual({os: 'linux', architecture: '386'});
	});
});

test('Link: relative, URL-encoded, rel="next" among others', () => {
	expect(nextLink('</v2/_catalog?last=team%2Fapp&n=2>; rel="next"')).toBe('/v2/_catalog?last=team%2Fapp&n=2');
	expect(nextLink('<https://a.example/x>; rel="prev", </v2/next?n=1>; rel=next')).toBe('/v2/next?n=1');
	expect(nextLink('</v2/x>; rel="prev"')).toBeUndefined();
	expect(nextLink(null)).toBeUndefined();
});

test('https first everywhere; plain http allowed only for loopback and insecure registries, verification skipped only for 127/8, ::1 and insecure ones; redirects to plain http elsewhere are refused', async () => {
	const url = (text: string) => new URL(text);
	for (const domain of ['registry.example.com:5000', 'registry.lan:5000', '127.0.0.1:5000', 'localhost:5000', '[::1]:5000']) {
		expect(endpointFor(domain, ['registry.lan:5000']).registry.protocol).toBe('https:');
	}

	const lan = endpointFor('registry.lan:5000', ['registry.lan:5000', '10.1.0.0/16']);
	expect(lan.allowsHttp(url('http://registry.lan:5000'))).toBe(true);
	expect(lan.verifies(url('https://registry.lan:5000'))).toBe(false);
	expect(lan.verifies(url('https://registry.lan:5001'))).toBe(true);
	expect(lan.verifies(url('https://10.1.2.3:5000'))).toBe(false);
	expect(lan.verifies(url('https://10.2.2.3:5000'))).toBe(true);
	expect(lan.verifies(url('https://127.0.0.9:5000'))).toBe(false);
	expect(lan.verifies(url('https://[::1]:5000'))).toBe(false);
	// localhost is a name: verified, as podman does, but it may still answer in plain http.
	expect(lan.verifies(url('https://localhost:5000'))).toBe(true);
	expect(lan.allowsHttp(url('http://localhost:5000'))).toBe(true);
	expect(lan.allowsHttp(url('http://registry.example.com'))).toBe(false);
	const transport = new Transport(endpointFor('registry.example.com', []), {retries: 0, retryDelayMs: 1, stallMs: 1000, minBytesPerSecond: 0, rateWindowMs: 1000, maxRedirects: 3});
	await expect(transport.send(new URL('http://registry.example.com/v2/'), {what: 'a ping'})).rejects.toThrow(/refusing http:\/\/registry\.example\.com .*plain http/);
});

describe('RegistryHub against the fake', () => {
	let registry: FakeRegistry;
	beforeEach(async () => {
		registry = await FakeRegistry.start();
	});
	afterEach(async () => {
		await registry.close();
	});

	const hub = () => new RegistryHub(endpointFor(registry.domain, [], environment), {environment});

	test('an index resolves to the platform asked for; the attestation is never chosen', async () => {
		const amd64 = await buildImage({architecture: 'amd64'});
		const arm = await buildImage({architecture: 'arm', variant: 'v7', layers: [{'arm.txt': 'arm\n'}]});
		const attestation = await buildImage({architecture: 'unknown', os: 'unknown', layers: [{'att.json': '{}'}]});
		const index = buildIndex([{image: amd64, platform: {os: 'linux', architecture: 'amd64'}}, {image: arm, platform: {os: 'linux', architecture: 'arm', variant: 'v7'}}], attestation);
		registry.addIndex('multi', 'latest', index, [amd64, arm, attestation]);
		const reference = parseReference(`${registry.domain}/multi:latest`);

		const forArm = await hub().resolve(reference, {platform: {os: 'linux', architecture: 'arm', variant: 'v7'}});
		expect(forArm.digest).toBe(index.digest);
		expect(forArm.manifestDigest).toBe(arm.manifestDigest);
		expect(forArm.config.architecture).toBe('arm');

		const forAmd64 = await hub().resolve(reference, {platform: {os: 'linux', architecture: 'amd64'}});
		expect(forAmd64.manifestDigest).toBe(amd64.manifestDigest);

		await expect(hub().resolve(reference, {platform: {os: 'linux', architecture: 's390x'}})).rejects.toThrow(/^no matching manifest for linux\/s390x in the manifest list entries of .*multi:latest \(it has linux\/amd64, linux\/arm\/v7\)$/);
	});

	test('a single manifest for another platform is refused when a platform is named', async () => {
		registry.addImage('single', 'latest', await buildImage({architecture: 'arm64'}));
		await expect(hub().resolve(parseReference(`${registry.domain}/single`), {platform: {os: 'linux', architecture: 'amd64'}})).rejects.toThrow(/does not match the specified platform: wanted linux\/amd64, actual: linux\/arm64/);
	});

	test('a config that does not match its digest', async () => {
		const image = await buildImage();
		registry.addImage('demo', 'latest', image);
		const forged = Buffer.from(image.config.bytes);
		forged[forged.length - 2] = 0x20;
		registry.repository('demo').blobs.set(image.config.digest, forged);
		await expect(hub().resolve(parseReference(`${registry.domain}/demo`))).rejects.toThrow(new RegExp(`^the config of ${registry.domain}/demo from ${registry.domain} does not match its digest`));
	});

	test('_catalog is walked through Link pages; search keeps names with the term, the exact one first', async () => {
		const image = await buildImage();
		for (const name of ['alpha/app', 'app', 'beta/app-tools', 'gamma/other', 'team/app2']) {
			registry.addImage(name, 'latest', image);
		}

		registry.catalogPage = 2;
		const names = (await hub().search('app', {limit: 25})).map(result => result.name);
		expect(names).toEqual(['app', 'alpha/app', 'beta/app-tools', 'team/app2'].map(name => `${registry.domain}/${name}`));
		expect(registry.requestsFor(/^\/v2\/_catalog/).length).toBe(3);
		expect((await hub().search('*', {limit: 2})).map(result => result.name)).toEqual([`${registry.domain}/alpha/app`, `${registry.domain}/app`]);
	});

	test('tags/list, and a token asked once per scope', async () => {
		const image = await buildImage();
		registry.addImage('team/app', '1.0', image);
		registry.addImage('team/app', 'latest', image);
		registry.tokenAuth = {token: 'tok'};
		const shared = hub();
		const reference = parseReference(`${registry.domain}/team/app`);
		expect(await shared.tags(reference)).toEqual(['1.0', 'latest']);
		await shared.resolve(reference);
		expect(registry.tokenScopes).toEqual(['repository:team/app:pull']);
	});

	test('an identity token is exchanged through OAuth2 (POST), never sent as a password', async () => {
		const image = await buildImage();
		registry.addImage('team/app', 'latest', image);
		registry.tokenAuth = {token: 'oauth-token', identityToken: 'refresh-me'};
		const directory = mkdtempSync(path.join(os.tmpdir(), 'dockyard-docker-config-'));
		try {
			writeFileSync(path.join(directory, 'config.json'), JSON.stringify({auths: {[registry.domain]: {identitytoken: 'refresh-me'}}}));
			const withToken = {...environment, DOCKER_CONFIG: directory};
			const resolved = await new RegistryHub(endpointFor(registry.domain, [], withToken), {environment: withToken}).resolve(parseReference(`${registry.domain}/team/app`));
			expect(resolved.digest).toBe(image.manifestDigest);
			expect(registry.tokenForms).toEqual([{grant_type: 'refresh_token', refresh_token: 'refresh-me', client_id: 'dockyard', service: 'fake-registry', scope: 'repository:team/app:pull'}]);
			expect(registry.requests.filter(request => request.url.startsWith('/token')).every(request => request.method === 'POST')).toBe(true);
		} finally {
			rmSync(directory, {recursive: true, force: true});
		}
	});

	test('a credential helper\'s identity token (user <token>) is exchanged through OAuth2 as well', async () => {
		const image = await buildImage();
		registry.addImage('team/app', 'latest', image);
		registry.tokenAuth = {token: 'oauth-token', identityToken: 'from-the-helper'};
		const directory = mkdtempSync(path.join(os.tmpdir(), 'dockyard-docker-config-'));
		try {
			writeCredentialHelper(directory, 'tokens');
			writeFileSync(path.join(directory, 'store'), helperLine(registry.domain, '<token>', 'from-the-helper'));
			writeFileSync(path.join(directory, 'config.json'), JSON.stringify({credHelpers: {[registry.domain]: 'tokens'}}));
			const withHelper = {...environment, DOCKER_CONFIG: directory, PATH: `${directory}:${process.env['PATH'] ?? ''}`, TEST_HELPER_STORE: path.join(directory, 'store')};
			const resolved = await new RegistryHub(endpointFor(registry.domain, [], withHelper), {environment: withHelper}).resolve(parseReference(`${registry.domain}/team/app`));
			expect(resolved.digest).toBe(image.manifestDigest);
			expect(registry.tokenForms).toEqual([{grant_type: 'refresh_token', refresh_token: 'from-the-helper', client_id: 'dockyard', service: 'fake-registry', scope: 'repository:team/app:pull'}]);
		} finally {
			rmSync(directory, {recursive: true, force: true});
		}
	});

	test('an expired token is asked for again when the registry says 401', async () => {
		const image = await buildImage();
		registry.addImage('team/app', 'latest', image);
		// Still fresh for dockyard, no longer for the registry: a 401 to a sent token gets a new one, once.
		registry.tokenAuth = {token: 'short', expiresIn: 60};
		const shared = hub();
		const reference = parseReference(`${registry.domain}/team/app`);
		await shared.resolve(reference);
		registry.tokenAuth = {token: 'second'};
		await shared.resolve(reference);
		expect(registry.tokenScopes).toHaveLength(2);
		expect(registry.requestsFor(/\/manifests\//).at(-1)!.headers.authorization).toBe('Bearer second');
	});

	test('application/json is taken only when the body says which manifest it is', async () => {
		const image = await buildImage();
		registry.addImage('demo', 'latest', image);
		let body = image.manifest;
		registry.intercept = (request, response) => {
			if (request.url === '/v2/demo/manifests/latest') {
				response.writeHead(200, {'Content-Type': 'application/json; charset=utf-8'});
				response.end(body);
				return true;
			}

			return false;
		};

		const reference = parseReference(`${registry.domain}/demo`);
		expect((await hub().resolve(reference)).digest).toBe(image.manifestDigest);
		const parsed = JSON.parse(image.manifest.toString()) as Record<string, unknown>;
		delete parsed['mediaType'];
		body = Buffer.from(JSON.stringify(parsed));
		await expect(hub().resolve(reference)).rejects.toThrow(/has content type application\/json, not an OCI or Docker v2 manifest$/);
	});

	test('an unknown repository: one line in docker\'s words', async () => {
		const error = await hub().resolve(parseReference(`${registry.domain}/nosuch:1`)).catch((error: unknown) => error);
		expect(error).toBeInstanceOf(RegistryError);
		expect((error as Error).message).toBe(`manifest for ${registry.domain}/nosuch:1 not found: name unknown: repository name not known to registry`);
	});

	test('a blob longer than the manifest says is cut off with an error', async () => {
		const image = await buildImage();
		registry.addImage('demo', 'latest', image);
		const layer = image.layers[0]!;
		registry.intercept = (request, response) => {
			if (request.url === `/v2/demo/blobs/${layer.digest}`) {
				response.writeHead(200, {'Content-Type': 'application/octet-stream'});
				response.end(Buffer.concat([layer.bytes, Buffer.alloc(100)]));
				return true;
			}

			return false;
		};

		const stream = await hub().openBlob(parseReference(`${registry.domain}/demo`), {mediaType: layer.mediaType, digest: layer.digest, size: layer.bytes.length});
		const read = (async () => {
			for await (const _ of stream) {
				// Drain.
			}
		})();
		await expect(read).rejects.toThrow(/is larger than the \d+ bytes the manifest says/);
	});
});

describe('dockyard search HOST/TERM', {timeout: 60_000}, () => {
	test('searches that registry\'s catalog and says where results come from', async () => {
		const registry = await FakeRegistry.start();
		const {home, cleanup} = tempHome();
		try {
			const image = await buildImage();
			for (const name of ['team/app', 'team/base', 'other/thing']) {
				registry.addImage(name, 'latest', image);
			}

			mkdirSync(path.join(home, 'docker'));
			writeFileSync(path.join(home, 'docker', 'config.json'), '{}');
			const env = {...environment, DOCKER_CONFIG: path.join(home, 'docker')};
			const result = await dockyard(home, ['search', `${registry.domain}/team`], {env});
			expect(result.code, result.stderr).toBe(0);
			expect(result.stderr).toContain(registry.domain);
			const lines = result.stdout.trim().split('\n');
			expect(lines[0]).toMatch(/^NAME\s+DESCRIPTION\s+STARS\s+OFFICIAL\s+AUTOMATED$/);
			expect(lines.slice(1).map(line => line.split(/\s+/)[0])).toEqual([`${registry.domain}/team/app`, `${registry.domain}/team/base`]);

			const closed = await FakeRegistry.start();
			const gone = closed.domain;
			await closed.close();
			const refused = await dockyard(home, ['search', `${gone}/x`], {env});
			expect(refused.code).toBe(1);
			expect(refused.stderr.trim().split('\n')).toHaveLength(1);
			expect(refused.stderr.trim()).toBe(`Error: cannot reach ${gone} for the catalog of ${gone}: connect ECONNREFUSED ${gone}, 4 attempts`);
		} finally {
			cleanup();
			await registry.close();
		}
	});
});
