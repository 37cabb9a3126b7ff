import {chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, test} from 'vitest';
import {CredentialHelperError, helperErase, helperGet, helperList, helperStore} from '../../source/core/hub/credential-helper.js';
import {resolveCredentials} from '../../source/core/hub/credential-lookup.js';
import {credentialHelperFor, dockerConfigPath, eraseCredentials, storeCredentials} from '../../source/core/hub/credentials.js';
import {readSettings, writeSettings} from '../../source/core/settings.js';
import {writeCredentialHelper, writeFailingHelper} from '../helpers/credential-helper.js';

let directory: string;
let env: NodeJS.ProcessEnv;
let file: string;

beforeEach(() => {
	directory = mkdtempSync(path.join(os.tmpdir(), 'dockyard-creds-'));
	// A temp HOME as well: podman's ~/.config/containers/auth.json is read too.
	env = {DOCKER_CONFIG: path.join(directory, 'docker'), HOME: path.join(directory, 'home')};
	file = path.join(directory, 'docker', 'config.json');
});

afterEach(() => {
	rmSync(directory, {recursive: true, force: true});
});

const basic = (user: string, password: string) => Buffer.from(`${user}:${password}`).toString('base64');
const readJson = () => JSON.parse(readFileSync(file, 'utf8')) as Record<string, any>;

describe('dockerConfigPath', () => {
	test('$DOCKER_CONFIG/config.json, else ~/.docker/config.json', () => {
		expect(dockerConfigPath({DOCKER_CONFIG: '/x/y'})).toBe('/x/y/config.json');
		expect(dockerConfigPath({HOME: '/home/ann'})).toBe('/home/ann/.docker/config.json');
		expect(dockerConfigPath({HOME: '/home/ann', DOCKER_CONFIG: ''})).toBe('/home/ann/.docker/config.json');
	});
});

describe('credentials in config.json', () => {
	test('no file: nothing stored, erase says so', async () => {
		expect(await resolveCredentials('docker.io', env)).toBeUndefined();
		expect(eraseCredentials('docker.io', env)).toBe(false);
	});

	test('store writes docker\'s shape: Docker Hub under https://index.docker.io/v1/, others by host; mode 0600', async () => {
		storeCredentials('docker.io', {username: 'ann', password: 'p:ss wörd'}, env);
		storeCredentials('127.0.0.1:5000', {username: 'bob', password: 'secret'}, env);
		const config = readJson();
		expect(config['auths']).toEqual({
			'https://index.docker.io/v1/': {auth: basic('ann', 'p:ss wörd')},
			'127.0.0.1:5000': {auth: basic('bob', 'secret')},
		});
		expect(statSync(file).mode & 0o777).toBe(0o600);
		expect(await resolveCredentials('docker.io', env)).toEqual({username: 'ann', password: 'p:ss wörd'});
		expect(await resolveCredentials('index.docker.io', env)).toEqual({username: 'ann', password: 'p:ss wörd'});
		expect(await resolveCredentials('127.0.0.1:5000', env)).toEqual({username: 'bob', password: 'secret'});
		expect(await resolveCredentials('127.0.0.1:5001', env)).toBeUndefined();
		// No temp file is left beside it.
		expect(readdirSync(path.dirname(file))).toEqual(['config.json']);
	});

	test('keys written with a scheme or a /v2/ suffix are found, updated in place and erased', async () => {
		mkdirSync(path.dirname(file), {recursive: true});
		writeFileSync(file, JSON.stringify({auths: {
			'http://registry.lan:5000/v2/': {auth: basic('old', 'one')},
			'https://index.docker.io/v1/': {identitytoken: 'tok-123'},
		}}));
		expect(await resolveCredentials('registry.lan:5000', env)).toEqual({username: 'old', password: 'one'});
		expect(await resolveCredentials('docker.io', env)).toEqual({identityToken: 'tok-123'});
		storeCredentials('registry.lan:5000', {username: 'new', password: 'two'}, env);
		expect(Object.keys(readJson()['auths'] as object)).toEqual(['http://registry.lan:5000/v2/', 'https://index.docker.io/v1/']);
		expect(await resolveCredentials('registry.lan:5000', env)).toEqual({username: 'new', password: 'two'});
		expect(eraseCredentials('registry.lan:5000', env)).toBe(true);
		expect(await resolveCredentials('registry.lan:5000', env)).toBeUndefined();
		expect(eraseCredentials('registry.lan:5000', env)).toBe(false);
	});

	test('every other key of the file is kept, credential helpers included', () => {
		mkdirSync(path.dirname(file), {recursive: true});
		const original = {
			auths: {'quay.io': {auth: basic('q', 'q'), email: 'q@example.com'}},
			credsStore: 'desktop',
			credHelpers: {'gcr.io': 'gcloud'},
			psFormat: 'table {{.ID}}',
			proxies: {default: {httpProxy: 'http://proxy:3128'}},
		};
		writeFileSync(file, JSON.stringify(original));
		chmodSync(file, 0o644);
		storeCredentials('127.0.0.1:5000', {username: 'u', password: 'p'}, env);
		let config = readJson();
		expect(config).toEqual({...original, auths: {...original.auths, '127.0.0.1:5000': {auth: basic('u', 'p')}}});
		expect(statSync(file).mode & 0o777).toBe(0o600);
		expect(credentialHelperFor('gcr.io', env)).toBe('gcloud');
		expect(credentialHelperFor('docker.io', env)).toBe('desktop');
		expect(eraseCredentials('127.0.0.1:5000', env)).toBe(true);
		config = readJson();
		expect(config).toEqual(original);
	});

	test('a corrupt config.json: one clear line naming it, and the file is left as it was', async () => {
		mkdirSync(path.dirname(file), {recursive: true});
		writeFileSync(file, '{"auths": {');
		for (const act of [
			async () => resolveCredentials('docker.io', env),
			() => storeCredentials('docker.io', {username: 'a', password: 'b'}, env),
			() => eraseCredentials('docker.io', env),
		]) {
			let message = '';
			try {
				// eslint-disable-next-line no-await-in-loop
				await act();
			} catch (error) {
				message = (error as Error).message;
			}

			expect(message).toContain(file);
			expect(message).toMatch(/not valid JSON/);
			expect(message).not.toContain('\n');
		}

		expect(readFileSync(file, 'utf8')).toBe('{"auths": {');
		writeFileSync(file, '[1, 2]');
		await expect(resolveCredentials('docker.io', env)).rejects.toThrow(/is not a JSON object/);
	});
});

describe('the order credentials are found in', () => {
	const write = (file: string, config: unknown) => {
		mkdirSync(path.dirname(file), {recursive: true});
		writeFileSync(file, JSON.stringify(config));
	};

	const entry = (user: string) => ({auth: basic(user, 'pw')});

	test('docker\'s config.json, then $REGISTRY_AUTH_FILE, $XDG_RUNTIME_DIR/containers/auth.json, ~/.config/containers/auth.json', async () => {
		const runtime = path.join(directory, 'run');
		const withPodman = {...env, REGISTRY_AUTH_FILE: path.join(directory, 'auth.json'), XDG_RUNTIME_DIR: runtime};
		write(path.join(env['HOME']!, '.config', 'containers', 'auth.json'), {auths: {'r.lan': entry('home'), 'docker.io': entry('hub-home'), 'only.home': entry('home')}});
		expect(await resolveCredentials('r.lan', withPodman)).toEqual({username: 'home', password: 'pw'});
		// podman keys Docker Hub as docker.io; every spelling of Hub finds it.
		expect(await resolveCredentials('index.docker.io', withPodman)).toEqual({username: 'hub-home', password: 'pw'});
		write(path.join(runtime, 'containers', 'auth.json'), {auths: {'r.lan': entry('runtime')}});
		expect(await resolveCredentials('r.lan', withPodman)).toEqual({username: 'runtime', password: 'pw'});
		write(withPodman.REGISTRY_AUTH_FILE, {auths: {'https://r.lan/v2/': entry('auth-file')}});
		expect(await resolveCredentials('r.lan', withPodman)).toEqual({username: 'auth-file', password: 'pw'});
		write(file, {auths: {'registry-1.docker.io': entry('hub-docker'), 'http://r.lan': entry('docker')}});
		expect(await resolveCredentials('r.lan', withPodman)).toEqual({username: 'docker', password: 'pw'});
		expect(await resolveCredentials('docker.io', withPodman)).toEqual({username: 'hub-docker', password: 'pw'});
		// A registry only the last file knows is still found.
		expect(await resolveCredentials('only.home', withPodman)).toEqual({username: 'home', password: 'pw'});
		expect(await resolveCredentials('nobody.lan', withPodman)).toBeUndefined();
	});

	test('a corrupt podman auth.json: one line naming it', async () => {
		const authFile = path.join(directory, 'auth.json');
		write(authFile, {});
		writeFileSync(authFile, '{"auths": ');
		await expect(resolveCredentials('r.lan', {...env, REGISTRY_AUTH_FILE: authFile})).rejects.toThrow(`${authFile} is not valid JSON`);
	});
});

describe('the credential helper protocol', () => {
	const helperEnv = () => ({...env, PATH: `${directory}:${process.env['PATH'] ?? ''}`, TEST_HELPER_STORE: path.join(directory, 'store')});

	test('get, store, list, erase; <token> is an identity token', async () => {
		writeCredentialHelper(directory, 'unit');
		const unitEnv = helperEnv();
		expect(await helperGet('unit', 'r.lan', unitEnv)).toBeUndefined();
		await helperStore('unit', 'r.lan', {username: 'ann', password: 'p"w\\x'}, unitEnv);
		await helperStore('unit', 'https://index.docker.io/v1/', {identityToken: 'tok'}, unitEnv);
		expect(await helperGet('unit', 'r.lan', unitEnv)).toEqual({username: 'ann', password: 'p"w\\x'});
		expect(await helperGet('unit', 'https://index.docker.io/v1/', unitEnv)).toEqual({identityToken: 'tok'});
		expect(await helperList('unit', unitEnv)).toEqual({'r.lan': 'ann', 'https://index.docker.io/v1/': '<token>'});
		expect(await helperErase('unit', 'r.lan', unitEnv)).toBe(true);
		expect(await helperErase('unit', 'r.lan', unitEnv)).toBe(false);
	});

	test('a helper that echoes what it was given: the secret is masked, raw or JSON-escaped', async () => {
		writeFailingHelper(directory, 'echo', 'no', true);
		const secret = 'p"w\\x';
		const error = await helperStore('echo', 'r.lan', {username: 'ann', password: secret}, helperEnv()).catch((caught: unknown) => caught as Error);
		expect(error).toBeInstanceOf(CredentialHelperError);
		expect(error!.message).toContain('"Secret":"***"');
		expect(error!.message).not.toContain(secret);
		expect(error!.message).not.toContain(JSON.stringify(secret).slice(1, -1));
	});

	test('an answer that is not credentials, and a name that is not a program name', async () => {
		const file = path.join(directory, 'docker-credential-garbled');
		writeFileSync(file, '#!/bin/sh\ncat >/dev/null\necho "{not json"\n');
		chmodSync(file, 0o755);
		await expect(helperGet('garbled', 'r.lan', helperEnv())).rejects.toThrow('credential helper docker-credential-garbled answered "get" for r.lan with something that is not JSON');
		await expect(helperGet('../garbled', 'r.lan', helperEnv())).rejects.toThrow('invalid credential helper name "../garbled"');
	});
});

describe('settings.json', () => {
	test('a corrupt settings.json fails with its path, and is kept', () => {
		const home = path.join(directory, 'home');
		mkdirSync(home);
		writeSettings(home, {hub: 'dockerhub'});
		expect(readSettings(home, {}).hub).toBe('dockerhub');
		expect(readSettings(home, {DOCKYARD_HUB: 'offline'}).hub).toBe('offline');
		expect(() => readSettings(home, {DOCKYARD_HUB: 'elsewhere'})).toThrow(/offline or dockerhub/);
		const settings = path.join(home, 'settings.json');
		writeFileSync(settings, '{"hub": ');
		expect(() => readSettings(home, {})).toThrow(new RegExp(`^${settings.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&')} cannot be read .*left as it is$`));
		expect(readFileSync(settings, 'utf8')).toBe('{"hub": ');
	});
});
