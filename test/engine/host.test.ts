/**
 * Choosing the engine as docker's CLI does: -H, --context, DOCKER_HOST,
 * DOCKER_CONTEXT, currentContext in config.json, contexts under
 * contexts/meta/<sha256>/meta.json (written here by hand and by docker's own
 * `docker context create`), `default` and `dockyard`, and the docker command
 * prefix to teach for each.
 */
import {spawnSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, test} from 'vitest';
import {contextDirName, parseEngineHost, resolveEngine, type EngineChoice} from '../../source/core/engine/host.js';
import {DockyardError} from '../../source/core/errors.js';
import {hasTool} from '../helpers/tools.js';

let config: string;

beforeEach(() => {
	config = mkdtempSync(path.join(os.tmpdir(), 'dockyard-docker-config-'));
});

afterEach(() => {
	rmSync(config, {recursive: true, force: true});
});

function writeContext(name: string, host: string): void {
	const directory = path.join(config, 'contexts', 'meta', contextDirName(name));
	mkdirSync(directory, {recursive: true});
	writeFileSync(path.join(directory, 'meta.json'), JSON.stringify({Name: name, Metadata: {}, Endpoints: {docker: {Host: host, SkipTLSVerify: false}}}));
}

function setCurrent(name: string): void {
	writeFileSync(path.join(config, 'config.json'), JSON.stringify({auths: {}, currentContext: name}));
}

function resolve(flags: {host?: string; context?: string}, env: Record<string, string> = {}): EngineChoice {
	return resolveEngine(flags, {env: {HOME: config, DOCKER_CONFIG: config, ...env}});
}

function engineOf(choice: EngineChoice) {
	if (choice.kind !== 'engine') {
		throw new Error(`expected an engine, got ${JSON.stringify(choice)}`);
	}

	return choice;
}

describe('resolveEngine: precedence', () => {
	test('nothing set: the embedded store', () => {
		expect(resolve({})).toEqual({kind: 'store', via: 'default', source: 'default', dockerPrefix: 'docker'});
	});

	test('-H: that host, taught as docker -H …', () => {
		const choice = engineOf(resolve({host: 'unix:///run/x/docker.sock'}));
		expect(choice).toMatchObject({host: 'unix:///run/x/docker.sock', via: 'host', name: 'default', source: 'flag', dockerPrefix: 'docker -H unix:///run/x/docker.sock'});
		expect(choice.address).toEqual({transport: 'unix', socketPath: '/run/x/docker.sock'});
	});

	test('-H and --context together: docker\'s own refusal', () => {
		expect(() => resolve({host: 'unix:///a.sock', context: 'x'})).toThrow('conflicting options: cannot specify both --host and --context');
	});

	test('-H beats DOCKER_HOST, DOCKER_CONTEXT and currentContext', () => {
		writeContext('env', 'unix:///env.sock');
		writeContext('current', 'unix:///current.sock');
		setCurrent('current');
		const choice = engineOf(resolve({host: 'tcp://127.0.0.1:2399'}, {DOCKER_HOST: 'unix:///dh.sock', DOCKER_CONTEXT: 'env'}));
		expect(choice.host).toBe('tcp://127.0.0.1:2399');
	});

	test('--context beats DOCKER_HOST: taught as docker --context NAME', () => {
		writeContext('lab', 'unix:///lab.sock');
		const choice = engineOf(resolve({context: 'lab'}, {DOCKER_HOST: 'unix:///dh.sock'}));
		expect(choice).toMatchObject({host: 'unix:///lab.sock', via: 'context', name: 'lab', source: 'flag', dockerPrefix: 'docker --context lab'});
	});

	test('DOCKER_HOST beats DOCKER_CONTEXT and currentContext; taught as plain docker', () => {
		writeContext('env', 'unix:///env.sock');
		setCurrent('env');
		const choice = engineOf(resolve({}, {DOCKER_HOST: 'unix:///dh.sock', DOCKER_CONTEXT: 'env'}));
		expect(choice).toMatchObject({host: 'unix:///dh.sock', via: 'host', source: 'environment', dockerPrefix: 'docker'});
	});

	test('DOCKER_CONTEXT beats currentContext', () => {
		writeContext('env', 'unix:///env.sock');
		writeContext('current', 'unix:///current.sock');
		setCurrent('current');
		expect(engineOf(resolve({}, {DOCKER_CONTEXT: 'env'}))).toMatchObject({host: 'unix:///env.sock', name: 'env', source: 'environment', dockerPrefix: 'docker'});
	});

	test('currentContext in config.json, when nothing else is set', () => {
		writeContext('current', 'unix:///current.sock');
		setCurrent('current');
		expect(engineOf(resolve({}))).toMatchObject({host: 'unix:///current.sock', name: 'current', via: 'context', source: 'config', dockerPrefix: 'docker'});
	});

	test('DOCKER_CONFIG unset: ~/.docker', () => {
		const home = config;
		mkdirSync(path.join(home, '.docker'));
		writeFileSync(path.join(home, '.docker', 'config.json'), JSON.stringify({currentContext: 'default'}));
		const choice = engineOf(resolveEngine({}, {env: {HOME: home}}));
		expect(choice.host).toBe('unix:///var/run/docker.sock');
	});
});

describe('resolveEngine: the names default and dockyard', () => {
	test('context default: DOCKER_HOST, else the system socket', () => {
		expect(engineOf(resolve({context: 'default'})).host).toBe('unix:///var/run/docker.sock');
		expect(engineOf(resolve({context: 'default'}, {DOCKER_HOST: 'unix:///dh.sock'}))).toMatchObject({host: 'unix:///dh.sock', name: 'default', via: 'context', dockerPrefix: 'docker --context default'});
	});

	test('dockyard as a context or a host: the store', () => {
		expect(resolve({context: 'dockyard'})).toMatchObject({kind: 'store', via: 'context', source: 'flag'});
		expect(resolve({host: 'dockyard'})).toMatchObject({kind: 'store', via: 'host', source: 'flag'});
		expect(resolve({}, {DOCKER_HOST: 'dockyard'})).toMatchObject({kind: 'store', source: 'environment'});
		setCurrent('dockyard');
		expect(resolve({})).toMatchObject({kind: 'store', via: 'context', source: 'config'});
	});
});

describe('resolveEngine: contexts on disk', () => {
	test('a context docker itself created is read the same', () => {
		if (!hasTool('docker', 'the docker context check')) {
			return;
		}

		const created = spawnSync('docker', ['context', 'create', 'made-by-docker', '--docker', 'host=unix:///tmp/made-by-docker.sock'], {env: {...process.env, DOCKER_CONFIG: config}, encoding: 'utf8'});
		expect(created.status, created.stderr).toBe(0);
		expect(engineOf(resolve({context: 'made-by-docker'})).host).toBe('unix:///tmp/made-by-docker.sock');
	});

	test('a context that is not there: docker\'s words (compared with docker\'s own output)', () => {
		let message = '';
		try {
			resolve({context: 'nowhere'});
		} catch (error) {
			message = (error as Error).message;
		}

		expect(message).toBe(`unable to resolve docker endpoint: context "nowhere": context not found: open ${path.join(config, 'contexts', 'meta', contextDirName('nowhere'), 'meta.json')}: no such file or directory`);
		if (hasTool('docker', 'the docker context check')) {
			const docker = spawnSync('docker', ['--context', 'nowhere', 'images'], {env: {...process.env, DOCKER_CONFIG: config}, encoding: 'utf8'});
			expect(docker.status).toBe(1);
			// docker 28 puts `Failed to initialize: ` before the same words.
			expect(docker.stderr.trim().endsWith(message)).toBe(true);
		}
	});

	test('a context written by hand in a directory not named by its hash is found by its Name', () => {
		const directory = path.join(config, 'contexts', 'meta', 'by-hand');
		mkdirSync(directory, {recursive: true});
		writeFileSync(path.join(directory, 'meta.json'), JSON.stringify({Name: 'hand', Endpoints: {docker: {Host: 'tcp://10.0.0.5:2375'}}}));
		expect(engineOf(resolve({context: 'hand'})).address).toEqual({transport: 'tcp', hostname: '10.0.0.5', port: 2375});
	});

	test('a broken config.json or meta.json: one line naming the file', () => {
		writeFileSync(path.join(config, 'config.json'), '{"currentContext": ');
		expect(() => resolve({})).toThrow(new RegExp(`^docker config: ${path.join(config, 'config.json').replaceAll('.', '\\.')} is not valid JSON`));
		writeContext('bad', 'unix:///x.sock');
		writeFileSync(path.join(config, 'contexts', 'meta', contextDirName('bad'), 'meta.json'), 'not json');
		expect(() => resolve({context: 'bad'})).toThrow(/^context "bad": .*meta\.json is not valid JSON/);
	});

	test('a context with TLS material is refused in words that say why', () => {
		writeContext('secure', 'tcp://10.0.0.5:2376');
		mkdirSync(path.join(config, 'contexts', 'tls', contextDirName('secure'), 'docker'), {recursive: true});
		expect(() => resolve({context: 'secure'})).toThrow('context "secure" uses TLS: dockyard does not speak TLS to an engine yet');
	});
});

describe('parseEngineHost', () => {
	test('unix and tcp, with docker\'s defaults', () => {
		expect(parseEngineHost('unix:///var/run/docker.sock')).toEqual({host: 'unix:///var/run/docker.sock', address: {transport: 'unix', socketPath: '/var/run/docker.sock'}});
		expect(parseEngineHost('tcp://127.0.0.1').host).toBe('tcp://127.0.0.1:2375');
		expect(parseEngineHost(':2375').host).toBe('tcp://localhost:2375');
		expect(parseEngineHost('localhost:2376').host).toBe('tcp://localhost:2376');
		expect(parseEngineHost('http://engine.lan:80/').host).toBe('tcp://engine.lan:80');
		expect(parseEngineHost('tcp://[::1]:2375').address).toEqual({transport: 'tcp', hostname: '::1', port: 2375});
	});

	test('TLS, ssh, pipes and nonsense: one clear line each', () => {
		expect(() => parseEngineHost('https://engine:2376')).toThrow('cannot use https://engine:2376: dockyard does not speak TLS to an engine yet; use unix:// or a plain tcp:// host');
		expect(() => parseEngineHost('ssh://me@engine')).toThrow(/^cannot use ssh:\/\/me@engine: dockyard does not reach engines over ssh yet/);
		expect(() => parseEngineHost('npipe:////./pipe/docker_engine')).toThrow(/^cannot use npipe:.*unix:\/\/ or plain tcp:\/\/ only$/);
		expect(() => parseEngineHost('/var/run/docker.sock')).toThrow('invalid host /var/run/docker.sock: write a socket path as unix:///var/run/docker.sock');
		expect(() => parseEngineHost('tcp://h:99999')).toThrow(DockyardError);
		expect(() => parseEngineHost('unix://\u001B[31mred')).toThrow(/^invalid host unix:\/\/red: a unix socket needs an absolute path/);
	});

	test('DOCKER_TLS_VERIFY with a tcp host is refused, not silently spoken in the clear', () => {
		expect(() => resolve({}, {DOCKER_HOST: 'tcp://10.0.0.5:2376', DOCKER_TLS_VERIFY: '1'})).toThrow('cannot use tcp://10.0.0.5:2376 with DOCKER_TLS_VERIFY set: dockyard does not speak TLS to an engine yet');
	});

	test('a host that needs quoting is taught quoted', () => {
		expect(resolve({host: 'unix:///tmp/my engine/docker.sock'}).dockerPrefix).toBe('docker -H \'unix:///tmp/my engine/docker.sock\'');
	});
});
