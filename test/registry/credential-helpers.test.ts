/**
 * Credentials where docker and podman keep them, against Debian's
 * docker-registry with htpasswd auth on loopback: a `docker-credential-*`
 * helper written by the test (credsStore, credHelpers), podman's auth.json
 * (REGISTRY_AUTH_FILE, XDG_RUNTIME_DIR), login and logout through the
 * helper with skopeo and docker CLI 28 as oracles, and the one-line
 * failures of a missing helper and of one that fails. Everything lives under
 * a temp HOME, DOCKER_CONFIG and XDG_RUNTIME_DIR, with the helpers on a temp
 * PATH.
 */
import {execFile} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {startLocalRegistry, type LocalRegistry} from '../../source/devtools/local-registry.js';
import {buildImage, run as runTool} from '../../source/devtools/oci-images.js';
import {dockyard, tempHome, type Run} from '../helpers/cli.js';
import {helperLine, writeCredentialHelper, writeFailingHelper, writeHangingHelper} from '../helpers/credential-helper.js';
import {hasTool, hasTools} from '../helpers/tools.js';

const present = hasTools(['docker-registry', 'skopeo', 'umoci', 'htpasswd'], 'the credential helper tests');
const user = 'student';
const password = 'c0rrect horse';
const base64 = Buffer.from(`${user}:${password}`).toString('base64');

function ok(result: Run): Run {
	if (result.code !== 0) {
		throw new Error(`exit ${result.code}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
	}

	return result;
}

/** A failure as the brief wants it: exit 1, one line on stderr, nothing on stdout. */
function oneLine(result: Run): string {
	expect(result.code).toBe(1);
	const lines = result.stderr.trimEnd().split('\n');
	expect(lines).toHaveLength(1);
	return lines[0]!;
}

describe.runIf(present)('credential helpers and podman\'s auth.json against a registry with htpasswd', () => {
	let registry: LocalRegistry;
	let work: string;
	let bin: string;
	let host: string;
	let image: string;
	const outputs: string[] = [];
	const cleanups: Array<() => void> = [];

	beforeAll(async () => {
		work = mkdtempSync(path.join(os.tmpdir(), 'dockyard-creds-test-'));
		bin = path.join(work, 'bin');
		mkdirSync(bin);
		writeCredentialHelper(bin, 'testhelper');
		writeFailingHelper(bin, 'locked', 'error: the keychain is locked');
		writeFailingHelper(bin, 'echoing', 'refusing to store', true);
		writeHangingHelper(bin, 'hanging');
		registry = await startLocalRegistry({htpasswd: {user, password}});
		host = registry.host;
		const layout = path.join(work, 'layout');
		await buildImage({layout, tag: 'app', steps: [
			{layer: {'/etc/os-release': 'ID=private\n'}, createdBy: '/bin/sh -c #(nop) ADD file:rootfs in / '},
		]});
		image = `${host}/private/app:1`;
		await runTool('skopeo', ['copy', '--quiet', '--preserve-digests', '--dest-tls-verify=false', '--dest-creds', `${user}:${password}`, `oci:${layout}:app`, `docker://${image}`]);
	}, 120_000);

	afterAll(async () => {
		await registry?.stop();
		for (const cleanup of cleanups) {
			cleanup();
		}

		if (work) {
			rmSync(work, {recursive: true, force: true});
		}
	});

	/** A user of their own: temp HOME, docker config, runtime dir, helper store and log, and a dockyard store. */
	function newUser(name: string, dockerConfig?: unknown) {
		const root = path.join(work, name);
		const dockerDirectory = path.join(root, 'docker');
		mkdirSync(dockerDirectory, {recursive: true});
		mkdirSync(path.join(root, 'home'));
		mkdirSync(path.join(root, 'run'));
		const configFile = path.join(dockerDirectory, 'config.json');
		if (dockerConfig !== undefined) {
			writeFileSync(configFile, JSON.stringify(dockerConfig, null, '\t'));
		}

		const helperStore = path.join(root, 'helper-store');
		const helperLog = path.join(root, 'helper-log');
		writeFileSync(helperStore, '');
		writeFileSync(helperLog, '');
		const env: NodeJS.ProcessEnv = {
			HOME: path.join(root, 'home'),
			DOCKER_CONFIG: dockerDirectory,
			XDG_RUNTIME_DIR: path.join(root, 'run'),
			REGISTRY_AUTH_FILE: '',
			PATH: `${bin}:${process.env['PATH'] ?? '/usr/bin:/bin'}`,
			TEST_HELPER_STORE: helperStore,
			TEST_HELPER_LOG: helperLog,
			DOCKYARD_REGISTRY_RETRY_MS: '20',
		};
		const {home, cleanup} = tempHome();
		cleanups.push(cleanup);
		const run = async (args: string[], input?: string) => {
			const result = await dockyard(home, args, {env, input, timeoutMs: 60_000});
			outputs.push(result.stdout, result.stderr);
			return result;
		};

		return {
			root, env, configFile, helperStore, run,
			calls: () => readFileSync(helperLog, 'utf8').trim().split('\n').filter(Boolean),
			keep: (serverUrl: string, username = user, secret = password) => {
				writeFileSync(helperStore, helperLine(serverUrl, username, secret), {flag: 'a'});
			},
		};
	}

	test('no credentials anywhere: unauthorized (what every case below fixes)', async () => {
		const nobody = newUser('nobody');
		const result = await nobody.run(['pull', image]);
		expect(oneLine(result)).toMatch(/unauthorized/);
	});

	test('credsStore: the helper answers get, once for the whole pull', async () => {
		const ann = newUser('credsstore', {credsStore: 'testhelper'});
		ann.keep(host);
		ok(await ann.run(['pull', image]));
		expect(ann.calls()).toEqual(['testhelper get']);
		// search walks the catalog with the same credentials; login without a user checks what the helper keeps.
		expect(ok(await ann.run(['search', `${host}/app`])).stdout).toContain(`${host}/private/app`);
		expect(ok(await ann.run(['login', host])).stdout).toBe('Authenticating with existing credentials...\nLogin Succeeded\n');
		expect(ann.calls()).toEqual(['testhelper get', 'testhelper get', 'testhelper get']);
	}, 30_000);

	test('copy within the locked registry, and out of it to a layout: the helper\'s credentials, skopeo\'s digest; without them, one line and nothing written', async () => {
		const cy = newUser('copier', {credsStore: 'testhelper'});
		cy.keep(host);
		const copied = ok(await cy.run(['copy', '--quiet', `docker://${image}`, `docker://${host}/private/copied:1`]));
		const digest = JSON.parse(await runTool('skopeo', ['inspect', '--tls-verify=false', '--creds', `${user}:${password}`, `docker://${host}/private/copied:1`])) as {Digest: string};
		expect(copied.stdout.trim()).toBe(digest.Digest);
		const layout = path.join(cy.root, 'layout');
		ok(await cy.run(['copy', `docker://${image}`, `oci:${layout}:app`]));
		expect(JSON.parse(await runTool('skopeo', ['inspect', `oci:${layout}:app`])) as {Digest: string}).toMatchObject({Digest: digest.Digest});
		expect(cy.calls().every(call => call === 'testhelper get')).toBe(true);

		const nobody = newUser('no-copy');
		expect(oneLine(await nobody.run(['copy', `docker://${image}`, `oci:${path.join(nobody.root, 'layout')}:app`]))).toMatch(/unauthorized/);
		expect(existsSync(path.join(nobody.root, 'layout', 'index.json'))).toBe(false);
	}, 60_000);

	test('credHelpers for the host wins over credsStore', async () => {
		const bob = newUser('credhelpers', {credsStore: 'locked', credHelpers: {[host]: 'testhelper'}});
		bob.keep(host);
		ok(await bob.run(['pull', image]));
		expect(bob.calls()).toEqual(['testhelper get']);
	}, 30_000);

	test('a key written with a scheme still names the host; a helper with nothing for it leaves auths to answer', async () => {
		const cat = newUser('fallback', {credsStore: 'testhelper', auths: {[`https://${host}`]: {auth: base64}}});
		ok(await cat.run(['pull', image]));
		expect(cat.calls()).toEqual(['testhelper get']);
	}, 30_000);

	test('podman\'s auth.json through REGISTRY_AUTH_FILE and through XDG_RUNTIME_DIR', async () => {
		const viaFile = newUser('podman-file');
		const authFile = path.join(viaFile.root, 'my-auth.json');
		writeFileSync(authFile, JSON.stringify({auths: {[host]: {auth: base64}}}));
		viaFile.env['REGISTRY_AUTH_FILE'] = authFile;
		ok(await viaFile.run(['pull', image]));

		const viaRuntime = newUser('podman-runtime');
		mkdirSync(path.join(viaRuntime.env['XDG_RUNTIME_DIR']!, 'containers'));
		writeFileSync(path.join(viaRuntime.env['XDG_RUNTIME_DIR']!, 'containers', 'auth.json'), JSON.stringify({auths: {[host]: {auth: base64}}}));
		ok(await viaRuntime.run(['pull', image]));

		// docker's file comes first: its wrong password is sent, podman's right one is not.
		const both = newUser('both', {auths: {[host]: {auth: Buffer.from(`${user}:wrong`).toString('base64')}}});
		const bothFile = path.join(both.root, 'auth.json');
		writeFileSync(bothFile, JSON.stringify({auths: {[host]: {auth: base64}}}));
		both.env['REGISTRY_AUTH_FILE'] = bothFile;
		expect(oneLine(await both.run(['pull', image]))).toMatch(/refused the stored credentials/);
	}, 40_000);

	test('a missing helper and a helper that fails: one line naming it, exit 1, nothing pulled', async () => {
		const missing = newUser('missing', {credsStore: 'nowhere'});
		const line = oneLine(await missing.run(['pull', image]));
		expect(line).toBe(`Error: credential helper docker-credential-nowhere is not installed (not found on PATH); credsStore in ${missing.configFile} names it`);
		expect(ok(await missing.run(['images', '-q'])).stdout).toBe('');

		const locked = newUser('locked', {credHelpers: {[host]: 'locked'}});
		expect(oneLine(await locked.run(['pull', image]))).toBe(`Error: credential helper docker-credential-locked failed to get credentials (exit 1): error: the keychain is locked; credHelpers in ${locked.configFile} names it`);
		expect(locked.calls()).toEqual(['locked get']);

		// A helper that never answers is given up on (here after 300 ms), and dockyard exits.
		const hanging = newUser('hanging', {credsStore: 'hanging'});
		hanging.env['DOCKYARD_CREDENTIAL_HELPER_TIMEOUT_MS'] = '300';
		expect(oneLine(await hanging.run(['pull', image]))).toBe(`Error: credential helper docker-credential-hanging did not answer "get" within 300 ms; credsStore in ${hanging.configFile} names it`);
	}, 30_000);

	test('login with credsStore goes through the helper\'s store; config.json gets docker\'s empty marker and no secret; logout erases', async () => {
		const dee = newUser('login', {credsStore: 'testhelper'});
		const login = ok(await dee.run(['login', host, '-u', user, '--password-stdin'], password));
		expect(login.stdout).toBe('Login Succeeded\n');
		expect(login.stderr).toBe('');
		expect(dee.calls()).toEqual(['testhelper store']);
		const written = readFileSync(dee.configFile, 'utf8');
		expect(JSON.parse(written)).toEqual({auths: {[host]: {}}, credsStore: 'testhelper'});
		expect(written).not.toContain(password);
		expect(written).not.toContain(base64);
		expect(readFileSync(dee.helperStore, 'utf8')).toBe(helperLine(host, user, password));

		// What the helper now keeps opens the registry: a pull, and a push.
		ok(await dee.run(['pull', image]));
		ok(await dee.run(['tag', image, `${host}/private/pushed:1`]));
		ok(await dee.run(['push', `${host}/private/pushed:1`]));
		expect(dee.calls()).toEqual(['testhelper store', 'testhelper get', 'testhelper get']);
		await runTool('skopeo', ['inspect', '--tls-verify=false', '--creds', `${user}:${password}`, `docker://${host}/private/pushed:1`]);

		// docker's CLI writes the same shape with the same helper (28 here, Debian's 20.10 too: both log in client-side when no engine answers).
		if (hasTool('docker', 'the comparison with docker login')) {
			const docker = newUser('docker-login', {credsStore: 'testhelper'});
			const said = await runAs({...docker.env, DOCKER_HOST: `unix://${path.join(docker.root, 'no-engine.sock')}`}, 'docker', ['login', '-u', user, '--password-stdin', host], password);
			expect(said).toBe(login.stdout);
			expect(JSON.parse(readFileSync(docker.configFile, 'utf8'))).toEqual(JSON.parse(written));
			expect(readFileSync(docker.helperStore, 'utf8')).toBe(readFileSync(dee.helperStore, 'utf8'));
		}

		const logout = ok(await dee.run(['logout', host]));
		expect(logout.stdout).toBe(`Removing login credentials for ${host}\n`);
		expect(dee.calls().slice(3)).toEqual(['testhelper list', 'testhelper erase']);
		expect(JSON.parse(readFileSync(dee.configFile, 'utf8'))).toEqual({auths: {}, credsStore: 'testhelper'});
		expect(readFileSync(dee.helperStore, 'utf8')).toBe('');
		expect(oneLine(await dee.run(['pull', `${host}/private/pushed:1`]))).toMatch(/unauthorized: authentication required/);
	}, 60_000);

	test('login with credHelpers for the host: skopeo reads what dockyard stored (its own config lookup, helper included)', async () => {
		const eve = newUser('skopeo-oracle');
		// skopeo 1.9 reads ~/.docker/config.json from HOME (not DOCKER_CONFIG) and runs credHelpers (not credsStore).
		eve.env['DOCKER_CONFIG'] = '';
		const configFile = path.join(eve.env['HOME']!, '.docker', 'config.json');
		mkdirSync(path.dirname(configFile));
		writeFileSync(configFile, JSON.stringify({credHelpers: {[host]: 'testhelper'}}));
		ok(await eve.run(['login', host, '-u', user, '--password-stdin'], password));
		expect(JSON.parse(readFileSync(configFile, 'utf8'))).toEqual({auths: {[host]: {}}, credHelpers: {[host]: 'testhelper'}});
		const inspected = JSON.parse(await runAs(eve.env, 'skopeo', ['inspect', '--tls-verify=false', `docker://${image}`])) as {Name: string};
		expect(inspected.Name).toBe(`${host}/private/app`);
		expect(eve.calls()).toEqual(['testhelper store', 'testhelper get', 'testhelper get']);
	}, 30_000);

	test('login through a missing or failing helper: one line naming it, config.json untouched, no secret in any message', async () => {
		const original = {credsStore: 'nowhere', auths: {'quay.io': {}}};
		const fay = newUser('login-missing', original);
		const before = readFileSync(fay.configFile, 'utf8');
		expect(oneLine(await fay.run(['login', host, '-u', user, '--password-stdin'], password))).toBe(`Error: credential helper docker-credential-nowhere is not installed (not found on PATH); credsStore in ${fay.configFile} names it`);
		expect(readFileSync(fay.configFile, 'utf8')).toBe(before);

		const gus = newUser('login-echoing', {credsStore: 'echoing'});
		const gusBefore = readFileSync(gus.configFile, 'utf8');
		const line = oneLine(await gus.run(['login', host, '-u', user, '--password-stdin'], password));
		expect(line).toMatch(/^Error: credential helper docker-credential-echoing failed to store credentials \(exit 1\): /);
		expect(line).toContain('refusing to store');
		expect(line).toContain('"Secret":"***"');
		expect(readFileSync(gus.configFile, 'utf8')).toBe(gusBefore);
		expect(oneLine(await gus.run(['logout', host]))).toMatch(/^Error: credential helper docker-credential-echoing failed to erase credentials/);
		expect(readFileSync(gus.configFile, 'utf8')).toBe(gusBefore);
	}, 30_000);

	test('no run printed the password or its base64', () => {
		expect(outputs.length).toBeGreaterThan(10);
		for (const output of outputs) {
			expect(output).not.toContain(password);
			expect(output).not.toContain(base64);
		}
	});
});

/** Runs an outside tool (skopeo, docker) with a user's environment, stdin from `input`; its stdout. */
async function runAs(env: NodeJS.ProcessEnv, tool: string, args: string[], input?: string): Promise<string> {
	return new Promise((resolve, reject) => {
		const child = execFile(tool, args, {env: {...process.env, ...env}, timeout: 60_000, encoding: 'utf8'}, (error, stdout, stderr) => {
			if (error) {
				reject(new Error(`${tool} ${args.join(' ')} failed: ${stderr.trim() || error.message}`));
			} else {
				resolve(stdout);
			}
		});
		child.stdin?.end(input ?? '');
	});
}
