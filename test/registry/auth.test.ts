/**
 * The auth flow against a real registry: Debian's docker-registry (no auth of
 * its own) behind a loopback reverse proxy that answers 401 with a Bearer
 * challenge unless it is shown a token that a loopback token server issued,
 * and that server hands tokens out only for Basic user:password. A second
 * proxy asks for Basic credentials itself, as a plain htpasswd registry does.
 */
import {randomBytes} from 'node:crypto';
import {existsSync, mkdtempSync, readFileSync, rmSync, statSync} from 'node:fs';
import {createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {startLocalRegistry, type LocalRegistry} from '../../source/devtools/local-registry.js';
import {buildImage, pushImage, skopeoInspect, type BuiltImage} from '../../source/devtools/oci-images.js';
import {dockyard, tempHome} from '../helpers/cli.js';
import {hasTool} from '../helpers/tools.js';
import {storedBesidesJournal} from '../helpers/index-file.js';

const ready = hasTool('docker-registry', 'the registry auth tests')
	&& hasTool('skopeo', 'the registry auth tests')
	&& hasTool('umoci', 'the registry auth tests');

const user = 'student';
const password = 'c0rrect horse';
const basicHeader = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

async function listen(server: Server): Promise<number> {
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	return (server.address() as AddressInfo).port;
}

async function close(server: Server | undefined): Promise<void> {
	if (!server) {
		return;
	}

	server.closeAllConnections();
	await new Promise(resolve => {
		server.close(resolve);
	});
}

function unauthorized(response: ServerResponse, challenge: string): void {
	response.writeHead(401, {'content-type': 'application/json', 'www-authenticate': challenge, 'docker-distribution-api-version': 'registry/2.0'});
	response.end(JSON.stringify({errors: [{code: 'UNAUTHORIZED', message: 'authentication required', detail: null}]}));
}

/** Forwards a request to the registry as it came. */
function forward(registry: LocalRegistry, request: IncomingMessage, response: ServerResponse): void {
	const target = new URL(registry.url);
	// X-Forwarded-Host: the upload locations the registry gives name the proxy, not the registry behind it.
	const headers = {...request.headers, host: target.host, 'x-forwarded-host': request.headers.host};
	delete headers.authorization;
	const upstream = httpRequest({host: target.hostname, port: target.port, method: request.method, path: request.url, headers}, answer => {
		response.writeHead(answer.statusCode ?? 502, answer.headers);
		answer.pipe(response);
	});
	upstream.on('error', error => {
		response.writeHead(502);
		response.end(error.message);
	});
	request.pipe(upstream);
}

describe.runIf(ready)('login and pull through a token-protected registry', () => {
	let registry: LocalRegistry;
	let tokenServer: Server;
	let bearerProxy: Server;
	let basicProxy: Server;
	let proxyHost: string;
	let basicHost: string;
	let image: BuiltImage;
	let work: string;
	const issued = new Set<string>();
	const tokenRequests: URL[] = [];

	beforeAll(async () => {
		work = mkdtempSync(path.join(os.tmpdir(), 'dockyard-auth-'));
		registry = await startLocalRegistry();
		const layout = path.join(work, 'layout');
		image = await buildImage({layout, tag: 'v1', steps: [{layer: {'/etc/motd': 'behind a token\n'}, createdBy: '/bin/sh -c echo behind a token > /etc/motd'}]});
		await pushImage(layout, 'v1', `${registry.host}/team/hello:v1`);

		tokenServer = createServer((request, response) => {
			const url = new URL(request.url ?? '/', 'http://token');
			tokenRequests.push(url);
			if (url.pathname !== '/token' || request.headers.authorization !== basicHeader) {
				response.writeHead(401, {'content-type': 'application/json', 'www-authenticate': 'Basic realm="tokens"'});
				response.end(JSON.stringify({details: 'incorrect username or password'}));
				return;
			}

			const token = randomBytes(16).toString('hex');
			issued.add(token);
			response.writeHead(200, {'content-type': 'application/json'});
			response.end(JSON.stringify({token, access_token: token, expires_in: 300, issued_at: new Date().toISOString()}));
		});
		const realm = `http://127.0.0.1:${await listen(tokenServer)}/token`;

		bearerProxy = createServer((request, response) => {
			const authorization = request.headers.authorization ?? '';
			if (authorization.startsWith('Bearer ') && issued.has(authorization.slice('Bearer '.length))) {
				forward(registry, request, response);
				return;
			}

			// Like Docker Hub: no scope on /v2/, the repository's pull scope elsewhere.
			const name = /^\/v2\/(.+?)\/(?:manifests|blobs|tags)\//.exec(request.url ?? '')?.[1];
			unauthorized(response, `Bearer realm="${realm}",service="dockyard-test"${name ? `,scope="repository:${name}:pull"` : ''}`);
		});
		proxyHost = `127.0.0.1:${await listen(bearerProxy)}`;

		basicProxy = createServer((request, response) => {
			if (request.headers.authorization === basicHeader) {
				forward(registry, request, response);
			} else {
				unauthorized(response, 'Basic realm="Registry Realm"');
			}
		});
		basicHost = `127.0.0.1:${await listen(basicProxy)}`;
	}, 120_000);

	afterAll(async () => {
		await close(bearerProxy);
		await close(basicProxy);
		await close(tokenServer);
		await registry?.stop();
		rmSync(work, {recursive: true, force: true});
	});

	test('no credentials: unauthorized; a wrong password is refused and nothing stored; the right one logs in, pulls, and logout removes it', async () => {
		const {home, cleanup} = tempHome();
		const dockerConfig = path.join(work, 'docker-config-1');
		const configFile = path.join(dockerConfig, 'config.json');
		const env = {DOCKER_CONFIG: dockerConfig};
		const reference = `${proxyHost}/team/hello:v1`;
		try {
			const anonymous = await dockyard(home, ['pull', reference], {env});
			expect(anonymous.code).toBe(1);
			expect(anonymous.stderr.trim().split('\n')).toHaveLength(1);
			expect(anonymous.stderr).toMatch(/unauthorized/i);
			expect((await dockyard(home, ['images', '-q'])).stdout).toBe('');

			const wrong = await dockyard(home, ['login', proxyHost, '-u', user, '--password-stdin'], {env, input: 'wrong horse\n'});
			expect(wrong.code).toBe(1);
			expect(wrong.stdout).not.toContain('Login Succeeded');
			expect(wrong.stderr.trim()).toBe(`Error: login attempt to http://${proxyHost}/v2/ failed with status: 401 Unauthorized`);
			expect(existsSync(configFile)).toBe(false);
			// The token server was asked, with docker's parameters.
			expect(tokenRequests.at(-1)?.searchParams.get('service')).toBe('dockyard-test');
			expect(tokenRequests.at(-1)?.searchParams.get('account')).toBe(user);

			const right = await dockyard(home, ['login', proxyHost, '-u', user, '--password-stdin'], {env, input: `${password}\n`});
			expect(right.stderr).toContain(`WARNING! Your password will be stored unencrypted in ${configFile}.`);
			expect(right.code).toBe(0);
			expect(right.stdout.trim()).toBe('Login Succeeded');
			const config = JSON.parse(readFileSync(configFile, 'utf8')) as {auths: Record<string, {auth: string}>};
			expect(config.auths).toEqual({[proxyHost]: {auth: Buffer.from(`${user}:${password}`).toString('base64')}});
			expect(statSync(configFile).mode & 0o777).toBe(0o600);

			const pulled = await dockyard(home, ['pull', reference], {env});
			expect(pulled.stderr).toBe('');
			expect(pulled.code).toBe(0);
			expect(pulled.stdout).toContain(`Digest: ${image.manifestDigest}`);
			expect((await dockyard(home, ['images'])).stdout).toMatch(new RegExp(`^${proxyHost}/team/hello\\s+v1\\s`, 'm'));

			const logout = await dockyard(home, ['logout', proxyHost], {env});
			expect(logout.code).toBe(0);
			expect(logout.stdout.trim()).toBe(`Removing login credentials for ${proxyHost}`);
			expect((JSON.parse(readFileSync(configFile, 'utf8')) as {auths: object}).auths).toEqual({});
			expect((await dockyard(home, ['logout', proxyHost], {env})).stdout.trim()).toBe(`Not logged in to ${proxyHost}`);

			const again = await dockyard(home, ['pull', `${proxyHost}/team/hello@${image.manifestDigest}`], {env});
			expect(again.code).toBe(1);
			expect(again.stderr).toMatch(/unauthorized/i);
		} finally {
			cleanup();
		}
	}, 60_000);

	test('a registry that asks for Basic credentials itself', async () => {
		const {home, cleanup} = tempHome();
		const dockerConfig = path.join(work, 'docker-config-2');
		const env = {DOCKER_CONFIG: dockerConfig};
		try {
			const wrong = await dockyard(home, ['login', `http://${basicHost}/v2/`, '--username', user, '--password-stdin'], {env, input: 'nope'});
			expect(wrong.code).toBe(1);
			expect(wrong.stderr.trim()).toBe(`Error: login attempt to http://${basicHost}/v2/ failed with status: 401 Unauthorized`);

			const right = await dockyard(home, ['login', basicHost, '-u', user, '-p', password], {env});
			expect(right.stderr).toMatch(/^WARNING! Using --password via the CLI is insecure\. Use --password-stdin\.$/m);
			expect(right.stdout.trim()).toBe('Login Succeeded');
			expect(right.code).toBe(0);

			// No username and no password: the stored ones are tried, as docker does.
			const stored = await dockyard(home, ['login', basicHost], {env});
			expect(stored.stdout).toBe('Authenticating with existing credentials...\nLogin Succeeded\n');

			const pulled = await dockyard(home, ['pull', `${basicHost}/team/hello:v1`], {env});
			expect(pulled.stderr).toBe('');
			expect(pulled.stdout).toContain(`Digest: ${image.manifestDigest}`);
		} finally {
			cleanup();
		}
	}, 60_000);

	test('push behind the token server: refused without credentials, then a token for pull,push and every layer up', async () => {
		const {home, cleanup} = tempHome();
		const dockerConfig = path.join(work, 'docker-config-5');
		const env = {DOCKER_CONFIG: dockerConfig};
		try {
			expect((await dockyard(home, ['pull', `${registry.host}/team/hello:v1`])).code).toBe(0);
			expect((await dockyard(home, ['tag', `${registry.host}/team/hello:v1`, `${proxyHost}/class/hello:v2`])).code).toBe(0);
			const before = readFileSync(path.join(home, 'index.json'), 'utf8');
			const anonymous = await dockyard(home, ['push', `${proxyHost}/class/hello:v2`], {env});
			expect(anonymous.code).toBe(1);
			expect(anonymous.stderr.trim().split('\n')).toHaveLength(1);
			expect(anonymous.stderr).toMatch(/unauthorized: authentication required/);
			expect(storedBesidesJournal(readFileSync(path.join(home, 'index.json'), 'utf8'))).toEqual(storedBesidesJournal(before));

			expect((await dockyard(home, ['login', proxyHost, '-u', user, '--password-stdin'], {env, input: `${password}\n`})).code).toBe(0);
			const asked = tokenRequests.length;
			const pushed = await dockyard(home, ['push', `${proxyHost}/class/hello:v2`], {env});
			expect(pushed.stderr).toBe('');
			expect(pushed.code).toBe(0);
			const lines = pushed.stdout.trim().split('\n');
			expect(lines[0]).toBe(`The push refers to repository [${proxyHost}/class/hello]`);
			expect(lines.filter(line => line.endsWith(': Pushed'))).toHaveLength(image.diffIds.length);
			expect(lines.at(-1)).toMatch(/^v2: digest: sha256:[a-f\d]{64} size: \d+$/);
			const remote = await skopeoInspect(`${registry.host}/class/hello:v2`) as {Digest: string; Layers: string[]};
			expect(`v2: digest: ${remote.Digest}`).toBe(lines.at(-1)!.replace(/ size: \d+$/, ''));
			expect(remote.Layers).toEqual(image.layers.map(layer => layer.digest));
			expect(tokenRequests.slice(asked).some(url => url.searchParams.getAll('scope').includes('repository:class/hello:pull,push'))).toBe(true);
		} finally {
			cleanup();
		}
	}, 60_000);

	test('Docker Hub: no SERVER means docker.io, kept under https://index.docker.io/v1/ as docker keeps it', async () => {
		const {home, cleanup} = tempHome();
		const dockerConfig = path.join(work, 'docker-config-4');
		const configFile = path.join(dockerConfig, 'config.json');
		// Docker Hub's registry is the token-protected proxy here.
		const env = {DOCKER_CONFIG: dockerConfig, DOCKYARD_DOCKERHUB_REGISTRY: `http://${proxyHost}`};
		try {
			const right = await dockyard(home, ['login', '-u', user, '--password-stdin'], {env, input: `${password}\r\n`});
			expect(right.stdout.trim()).toBe('Login Succeeded');
			const config = JSON.parse(readFileSync(configFile, 'utf8')) as {auths: Record<string, {auth: string}>};
			expect(config.auths).toEqual({'https://index.docker.io/v1/': {auth: Buffer.from(`${user}:${password}`).toString('base64')}});
			expect((await dockyard(home, ['logout', 'docker.io'], {env})).stdout.trim()).toBe('Removing login credentials for https://index.docker.io/v1/');
			expect((await dockyard(home, ['logout'], {env})).stdout.trim()).toBe('Not logged in to https://index.docker.io/v1/');
		} finally {
			cleanup();
		}
	}, 60_000);

	test('docker\'s usage errors, and --explain', async () => {
		const {home, cleanup} = tempHome();
		const env = {DOCKER_CONFIG: path.join(work, 'docker-config-3')};
		try {
			const noUser = await dockyard(home, ['login', proxyHost, '--password-stdin'], {env, input: 'x'});
			expect(noUser.code).toBe(2);
			expect(noUser.stderr).toMatch(/^Error: Must provide --username with --password-stdin$/m);
			const noTty = await dockyard(home, ['login', proxyHost, '-u', user], {env, input: ''});
			expect(noTty.code).toBe(1);
			expect(noTty.stderr.trim()).toBe('Error: Cannot perform an interactive login from a non TTY device');
			const explained = await dockyard(home, ['logout', '--explain'], {env});
			expect(explained.stdout).toContain('Would remove the login for https://index.docker.io/v1/');
			expect(explained.stdout).toContain('docker:     docker logout');
			expect(explained.stdout).toMatch(/PowerShell: \(no PowerShell equivalent: the Containers module has no registry cmdlets/);
		} finally {
			cleanup();
		}
	}, 60_000);
});
