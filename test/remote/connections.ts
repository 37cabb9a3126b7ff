/**
 * The ways to reach an engine elsewhere, as a table other suites can run
 * over (each row: the global flags and the environment that reach it, for
 * docker and dockyard alike). The servers are started once: a dockerd that
 * also listens with --tlsverify on 127.0.0.1, a podman service, and an sshd
 * whose sessions see that dockerd as their DOCKER_HOST.
 */
import {spawn} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync, copyFileSync} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {contextDirName} from '../../source/core/engine/host.js';
import {buildShellImage, loadIntoEngine, startDockerd, startPodman, type RunningEngine} from '../../source/devtools/engines.js';
import {startSshd, type RunningSshd} from '../../source/devtools/sshd.js';
import {makeTestCertificates, type TestCertificates} from '../../source/devtools/test-certs.js';
import type {Run} from '../helpers/cli.js';
import {freePort} from '../../source/devtools/local-registry.js';

export const dockerCli = '/usr/local/bin/docker';
export const remoteTools = ['dockerd', 'podman', 'runc', 'busybox', 'umoci', 'skopeo', '/usr/sbin/sshd', 'ssh', 'ssh-keygen', 'openssl', dockerCli];

/** One way to reach an engine: what goes before the verb, and the environment, for both CLIs. */
export type Connection = {
	name: string;
	/** docker or podman behind it. */
	engine: 'docker' | 'podman';
	args: string[];
	env: NodeJS.ProcessEnv;
};

export type RemoteWorld = {
	work: string;
	dockerd: RunningEngine;
	podman: RunningEngine;
	sshd: RunningSshd;
	certs: TestCertificates;
	tlsPort: number;
	/** A clean environment: temp HOME and DOCKER_CONFIG, no DOCKER_* of the machine. */
	base: NodeJS.ProcessEnv;
	connections: Connection[];
	stop: () => Promise<void>;
};


export type RemoteWorldOptions = {
	/** `127.0.0.1:PORT` registries both engines reach over plain HTTP (a registry the test started first). */
	insecureRegistries?: string[];
};

export async function startRemoteWorld(options: RemoteWorldOptions = {}): Promise<RemoteWorld> {
	const work = mkdtempSync(path.join(os.tmpdir(), 'dockyard-remote-'));
	const certs = makeTestCertificates();
	const tlsPort = await freePort();
	const stops: Array<() => Promise<void>> = [];
	try {
		const [dockerd, podman] = await Promise.all([
			startDockerd({insecureRegistries: options.insecureRegistries, tls: {port: tlsPort, ca: certs.caCert, cert: certs.serverCert, key: certs.serverKey}}),
			startPodman({insecureRegistries: options.insecureRegistries}),
		]);
		stops.push(dockerd.stop, podman.stop);
		const sshd = await startSshd({setEnv: {DOCKER_HOST: dockerd.host, DOCKER_CONFIG: path.join(work, 'remote-docker-config')}});
		stops.push(sshd.stop);

		const layout = path.join(work, 'oci');
		await buildShellImage({layout, tag: 'base', created: '2024-01-01T00:00:00Z'});
		// An image with one name, for the refused removal (a stopped container will use it).
		await buildShellImage({layout, tag: 'only', base: 'base', files: {'/etc/only': 'only\n'}, labels: {only: 'yes'}, created: '2024-01-02T00:00:00Z'});
		for (const engine of [dockerd, podman]) {
			// eslint-disable-next-line no-await-in-loop
			await loadIntoEngine(engine.client, layout, 'base', 'localhost/shell:1');
			// eslint-disable-next-line no-await-in-loop
			await loadIntoEngine(engine.client, layout, 'only', 'localhost/only:1');
		}

		const base: NodeJS.ProcessEnv = {
			...process.env,
			HOME: work,
			DOCKER_CONFIG: path.join(work, 'docker-config'),
			DOCKYARD_HOME: path.join(work, 'store'),
			DOCKER_HOST: undefined,
			DOCKER_CONTEXT: undefined,
			DOCKER_TLS_VERIFY: undefined,
			DOCKER_TLS: undefined,
			DOCKER_CERT_PATH: undefined,
			TZ: 'UTC',
			NO_COLOR: '1',
		};

		// DOCKER_CERT_PATH's files, and a context holding the same material.
		const certPath = path.join(work, 'cert-path');
		mkdirSync(certPath);
		copyFileSync(certs.caCert, path.join(certPath, 'ca.pem'));
		copyFileSync(certs.clientCert, path.join(certPath, 'cert.pem'));
		copyFileSync(certs.clientKey, path.join(certPath, 'key.pem'));
		const contextConfig = path.join(work, 'context-config');
		const contextName = 'remote-tls';
		const meta = path.join(contextConfig, 'contexts', 'meta', contextDirName(contextName));
		const tlsFiles = path.join(contextConfig, 'contexts', 'tls', contextDirName(contextName), 'docker');
		mkdirSync(meta, {recursive: true});
		mkdirSync(tlsFiles, {recursive: true});
		writeFileSync(path.join(meta, 'meta.json'), JSON.stringify({Name: contextName, Metadata: {}, Endpoints: {docker: {Host: `tcp://127.0.0.1:${tlsPort}`, SkipTLSVerify: false}}}));
		for (const name of ['ca.pem', 'cert.pem', 'key.pem']) {
			copyFileSync(path.join(certPath, name), path.join(tlsFiles, name));
		}

		const tcp = `tcp://127.0.0.1:${tlsPort}`;
		const connections: Connection[] = [
			{name: 'ssh (docker\'s form)', engine: 'docker', args: ['-H', sshd.url()], env: sshd.env('trusted', base)},
			{name: 'ssh (podman\'s form)', engine: 'podman', args: ['-H', sshd.url(podman.socketPath)], env: sshd.env('trusted', base)},
			{name: 'TLS by DOCKER_TLS_VERIFY and DOCKER_CERT_PATH', engine: 'docker', args: [], env: {...base, DOCKER_HOST: tcp, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certPath}},
			{name: 'TLS by a context', engine: 'docker', args: ['--context', contextName], env: {...base, DOCKER_CONFIG: contextConfig}},
			{name: 'TLS by the flags', engine: 'docker', args: ['--tlsverify', '--tlscacert', certs.caCert, '--tlscert', certs.clientCert, '--tlskey', certs.clientKey, '-H', tcp], env: base},
		];

		return {
			work, dockerd, podman, sshd, certs, tlsPort, base, connections,
			async stop() {
				await Promise.all(stops.map(async stop => stop()));
				certs.remove();
				rmSync(work, {recursive: true, force: true});
			},
		};
	} catch (error) {
		await Promise.all(stops.map(async stop => stop()));
		certs.remove();
		rmSync(work, {recursive: true, force: true});
		throw error;
	}
}

/** docker CLI 28 with exactly this environment (PATH included: the ssh wrapper is on it). */
export async function dockerWith(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<Run> {
	return new Promise((resolve, reject) => {
		const child = spawn(dockerCli, args, {env, stdio: ['ignore', 'pipe', 'pipe']});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => {
			stdout += chunk.toString();
		});
		child.stderr.on('data', (chunk: Buffer) => {
			stderr += chunk.toString();
		});
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.once('error', reject);
		child.once('close', code => {
			clearTimeout(timer);
			resolve({code: code ?? 1, stdout, stderr});
		});
	});
}
