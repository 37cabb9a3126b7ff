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

function pem(what: string): string {
	return `-----BEGIN ${what}-----\nAAAA\n-----END ${what}-----\n`;
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

	test('a context with TLS material speaks TLS with its files; SkipTLSVerify encrypts without checking', () => {
		writeContext('secure', 'tcp://10.0.0.5');
		const tls = path.join(config, 'contexts', 'tls', contextDirName('secure'), 'docker');
		mkdirSync(tls, {recursive: true});
		writeFileSync(path.join(tls, 'ca.pem'), pem('CA'));
		writeFileSync(path.join(tls, 'cert.pem'), pem('CERT'));
		writeFileSync(path.join(tls, 'key.pem'), pem('KEY'));
		// TLS's own default port, as docker: tcp://host alone means 2376 there.
		expect(engineOf(resolve({context: 'secure'})).address).toEqual({transport: 'tcp', hostname: '10.0.0.5', port: 2376, tls: {verify: true, ca: pem('CA'), cert: pem('CERT'), key: pem('KEY')}});
		const meta = path.join(config, 'contexts', 'meta', contextDirName('skip'), 'meta.json');
		mkdirSync(path.dirname(meta), {recursive: true});
		writeFileSync(meta, JSON.stringify({Name: 'skip', Endpoints: {docker: {Host: 'tcp://10.0.0.6:2376', SkipTLSVerify: true}}}));
		expect(engineOf(resolve({context: 'skip'})).address).toEqual({transport: 'tcp', hostname: '10.0.0.6', port: 2376, tls: {verify: false}});
		// The flags and DOCKER_TLS_VERIFY are the default context's: a plain named context stays plain.
		writeContext('plain', 'tcp://10.0.0.7:2375');
		expect(engineOf(resolve({context: 'plain'}, {DOCKER_TLS_VERIFY: '1'})).address).toEqual({transport: 'tcp', hostname: '10.0.0.7', port: 2375});
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

	test('ssh in docker\'s form and podman\'s', () => {
		expect(parseEngineHost('ssh://me@engine')).toEqual({host: 'ssh://me@engine', address: {transport: 'ssh', user: 'me', hostname: 'engine', port: undefined, socketPath: undefined}});
		expect(parseEngineHost('ssh://engine:2222')).toEqual({host: 'ssh://engine:2222', address: {transport: 'ssh', user: undefined, hostname: 'engine', port: 2222, socketPath: undefined}});
		expect(parseEngineHost('ssh://core@10.0.0.5:22/run/user/1000/podman/podman.sock')).toEqual({host: 'ssh://core@10.0.0.5:22/run/user/1000/podman/podman.sock', address: {transport: 'ssh', user: 'core', hostname: '10.0.0.5', port: 22, socketPath: '/run/user/1000/podman/podman.sock'}});
		expect(parseEngineHost('ssh://[::1]:22').address).toMatchObject({hostname: '::1', port: 22});
		// docker's words; the password never shown.
		expect(() => parseEngineHost('ssh://me:secret@engine')).toThrow(/^plain-text password is not supported$/);
		// Nothing that ssh would read as an option.
		expect(() => parseEngineHost('ssh://-oProxyCommand=x')).toThrow(DockyardError);
		expect(() => parseEngineHost('ssh://engine?x=1')).toThrow(/extra path/);
	});

	test('the argv for ssh is docker CLI 28\'s', async () => {
		const {sshArgs} = await import('../../source/core/engine/ssh-tunnel.js');
		expect(sshArgs({transport: 'ssh', user: 'bob', hostname: 'example', port: 2222})).toEqual(['-o', 'ConnectTimeout=30', '-T', '-l', 'bob', '-p', '2222', '--', 'example']);
		expect(sshArgs({transport: 'ssh', hostname: 'example'})).toEqual(['-o', 'ConnectTimeout=30', '-T', '--', 'example']);
	});

	test('npipe: the pipe on Windows, docker\'s own sentence elsewhere', () => {
		expect(parseEngineHost('npipe:////./pipe/docker_engine', {platform: 'win32'})).toEqual({host: 'npipe:////./pipe/docker_engine', address: {transport: 'npipe', pipePath: String.raw`\\.\pipe\docker_engine`}});
		expect(() => parseEngineHost('npipe:////./pipe/docker_engine', {platform: 'linux'})).toThrow(/^Failed to initialize: protocol not available$/);
		expect(() => parseEngineHost('npipe://nowhere', {platform: 'win32'})).toThrow(/named pipe is written npipe:\/\/\/\/\.\/pipe\/NAME/);
	});

	test('with nothing set, docker\'s default context is the named pipe on Windows and the system socket elsewhere', () => {
		expect(engineOf(resolveEngine({context: 'default'}, {env: {HOME: config, DOCKER_CONFIG: config}, platform: 'win32'})).host).toBe('npipe:////./pipe/docker_engine');
		expect(engineOf(resolveEngine({context: 'default'}, {env: {HOME: config, DOCKER_CONFIG: config}, platform: 'linux'})).host).toBe('unix:///var/run/docker.sock');
	});

	test('https:// and nonsense: one clear line each', () => {
		expect(() => parseEngineHost('https://engine:2376')).toThrow('invalid host https://engine:2376: write tcp://host:port with --tlsverify (or DOCKER_TLS_VERIFY=1), as docker does');
		expect(() => parseEngineHost('/var/run/docker.sock')).toThrow('invalid host /var/run/docker.sock: write a socket path as unix:///var/run/docker.sock');
		expect(() => parseEngineHost('tcp://h:99999')).toThrow(DockyardError);
		expect(() => parseEngineHost('unix://\u001B[31mred')).toThrow(/^invalid host unix:\/\/red: a unix socket needs an absolute path/);
	});

	test('DOCKER_TLS_VERIFY, DOCKER_TLS, DOCKER_CERT_PATH and the flags, as docker CLI 28 reads them', () => {
		const certs = path.join(config, 'certs');
		mkdirSync(certs);
		writeFileSync(path.join(certs, 'ca.pem'), pem('CA'));
		const env = {DOCKER_HOST: 'tcp://10.0.0.5', DOCKER_CERT_PATH: certs};
		// Verify implies TLS, and TLS's port.
		expect(engineOf(resolve({}, {...env, DOCKER_TLS_VERIFY: '1'})).address).toEqual({transport: 'tcp', hostname: '10.0.0.5', port: 2376, tls: {verify: true, ca: pem('CA'), cert: undefined, key: undefined}});
		// DOCKER_TLS alone: encrypted, not checked.
		expect(engineOf(resolve({}, {...env, DOCKER_TLS: '1'})).address).toMatchObject({tls: {verify: false}});
		// --tlsverify=false is still TLS (docker: "if they specify --tlsverify at all").
		expect(engineOf(resolve({tlsverify: false} as never, env)).address).toMatchObject({tls: {verify: false}});
		// Nothing set: plain, as before.
		expect(engineOf(resolve({}, env)).address).toEqual({transport: 'tcp', hostname: '10.0.0.5', port: 2375});
		// The client pair, when there, and files named by flags.
		writeFileSync(path.join(certs, 'cert.pem'), pem('CERT'));
		writeFileSync(path.join(certs, 'key.pem'), pem('KEY'));
		expect(engineOf(resolve({}, {...env, DOCKER_TLS_VERIFY: '1'})).address).toMatchObject({tls: {cert: pem('CERT'), key: pem('KEY')}});
		expect(engineOf(resolve({tlsverify: true, tlscacert: path.join(certs, 'cert.pem')} as never, {DOCKER_HOST: 'tcp://h:1'})).address).toMatchObject({tls: {ca: pem('CERT')}});
		// A CA that is not there: docker's words, one line.
		expect(() => resolve({}, {DOCKER_HOST: 'tcp://h:1', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: path.join(config, 'none')})).toThrow(`unable to resolve docker endpoint: open ${path.join(config, 'none', 'ca.pem')}: no such file or directory`);
		// TLS settings do not touch a socket or ssh.
		expect(engineOf(resolve({}, {DOCKER_HOST: 'ssh://me@h', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs})).address.transport).toBe('ssh');
	});

	test('plain tcp:// beyond this machine gets dockerd\'s warning; loopback, TLS and ssh do not', async () => {
		const {unencryptedWarning} = await import('../../source/core/engine/host.js');
		expect(unencryptedWarning(parseEngineHost('tcp://10.0.0.5:2375').address)).toMatch(/^WARNING: API is accessible on http:\/\/10\.0\.0\.5:2375 without encryption\.\n {9}Access to the remote API is equivalent to root access on the host\./);
		expect(unencryptedWarning(parseEngineHost('tcp://127.0.0.1:2375').address)).toBeUndefined();
		expect(unencryptedWarning(parseEngineHost('tcp://localhost:2375').address)).toBeUndefined();
		expect(unencryptedWarning({transport: 'tcp', hostname: '10.0.0.5', port: 2376, tls: {verify: true}})).toBeUndefined();
		expect(unencryptedWarning(parseEngineHost('ssh://me@h').address)).toBeUndefined();
	});

	test('the TLS flags the user typed are taught with -H', () => {
		const certs = path.join(config, 'certs');
		mkdirSync(certs);
		writeFileSync(path.join(certs, 'ca.pem'), pem('CA'));
		expect(resolveEngine({host: 'tcp://h:2376', tlsverify: true, tlscacert: path.join(certs, 'ca.pem')}, {env: {HOME: config, DOCKER_CONFIG: config}}).dockerPrefix).toBe(`docker --tlsverify --tlscacert ${path.join(certs, 'ca.pem')} -H tcp://h:2376`);
	});

	test('a host that needs quoting is taught quoted', () => {
		expect(resolve({host: 'unix:///tmp/my engine/docker.sock'}).dockerPrefix).toBe('docker -H \'unix:///tmp/my engine/docker.sock\'');
	});
});
