/**
 * Real engines for the tests, the bench and the media: podman's API service
 * and dockerd, each on a unix socket in its own temp directory with vfs
 * storage, nothing in /etc touched. Start waits for `_ping` (bounded), stop
 * sends SIGTERM to the pid, SIGKILL after a bound, and removes the directory.
 * Also: a small image with a shell (busybox-static as /bin/sh), built with
 * umoci and loaded into an engine through dockyard's own client.
 */
import {spawn, type ChildProcess} from 'node:child_process';
import {createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {EngineClient} from '../core/engine/client.js';
import type {LoadResult} from '../core/engine/client.js';
import {buildImage, run, type BuildStep, type BuiltImage} from './oci-images.js';
import {supervise} from './supervise.js';

export type EngineKind = 'podman' | 'docker';

export type RunningEngine = {
	kind: EngineKind;
	/** `unix:///…/podman.sock` */
	host: string;
	socketPath: string;
	/** The temp directory holding the socket, the storage and the configs. */
	directory: string;
	pid: number;
	/** A client already pinged. */
	client: EngineClient;
	/**
	 * The engine's own CLI against this engine, for another process: podman
	 * on the same storage (its events reach the service through the shared
	 * events file), docker with `-H`.
	 */
	cli: {command: string; args: string[]; env: NodeJS.ProcessEnv};
	/** The engine's output so far (its tail). */
	log: () => string;
	stop: () => Promise<void>;
};

export type EngineOptions = {
	/** `127.0.0.1:PORT` registries to trust over plain HTTP (and, for podman, to search). */
	insecureRegistries?: string[];
	/** How long to wait for `_ping` (default 30 s). */
	startTimeoutMs?: number;
	/** dockerd only: also listen on `tcp://127.0.0.1:port` with `--tlsverify` and these PEM files (clients need a certificate from `ca`). */
	tls?: {port: number; ca: string; cert: string; key: string};
};

export async function startEngine(kind: EngineKind, options: EngineOptions = {}): Promise<RunningEngine> {
	return kind === 'podman' ? startPodman(options) : startDockerd(options);
}

/** `podman system service` with vfs, runc, lowered ulimits, no network namespace, and every path in a temp dir. */
export async function startPodman(options: EngineOptions = {}): Promise<RunningEngine> {
	const directory = mkdtempSync(path.join(os.tmpdir(), 'dockyard-podman-'));
	const registries = options.insecureRegistries ?? [];
	const quote = (value: string) => JSON.stringify(value);
	writeFileSync(path.join(directory, 'registries.conf'), [
		`unqualified-search-registries = [${registries.map(quote).join(', ')}]`,
		...registries.flatMap(location => ['[[registry]]', `location = ${quote(location)}`, 'insecure = true']),
		'',
	].join('\n'));
	writeFileSync(path.join(directory, 'containers.conf'), [
		'[containers]',
		// crun and podman's default ulimits fail in this kind of sandbox; runc with these runs.
		'default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]',
		'netns = "none"',
		'[engine]',
		'runtime = "runc"',
		// Its own events file and temp dir: engines started side by side must not see each other.
		'events_logger = "file"',
		`events_logfile_path = ${quote(path.join(directory, 'events.log'))}`,
		`tmp_dir = ${quote(path.join(directory, 'tmp'))}`,
		// Archives posted to images/load are spooled here rather than in /var/tmp.
		`image_copy_tmp_dir = ${quote(path.join(directory, 'tmp'))}`,
		'',
	].join('\n'));
	const env: NodeJS.ProcessEnv = {
		...process.env,
		CONTAINERS_CONF: path.join(directory, 'containers.conf'),
		CONTAINERS_REGISTRIES_CONF: path.join(directory, 'registries.conf'),
	};
	const storage = ['--storage-driver', 'vfs', '--root', path.join(directory, 'root'), '--runroot', path.join(directory, 'run')];
	const socketPath = path.join(directory, 'podman.sock');
	const child = spawn('podman', [...storage, 'system', 'service', '--time=0', `unix://${socketPath}`], {
		env,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	return started({
		kind: 'podman',
		child,
		directory,
		socketPath,
		cli: {command: 'podman', args: storage, env},
		startTimeoutMs: options.startTimeoutMs,
	});
}

/** dockerd with vfs, no iptables, no bridge, and its data, exec root, pid file and socket in a temp dir. */
export async function startDockerd(options: EngineOptions = {}): Promise<RunningEngine> {
	const directory = mkdtempSync(path.join(os.tmpdir(), 'dockyard-dockerd-'));
	const socketPath = path.join(directory, 'docker.sock');
	const execRoot = path.join(directory, 'exec');
	// Its own daemon.json: the host's /etc/docker/daemon.json is not read, and
	// the trust key 20.10 would otherwise create as /etc/docker/key.json lands here.
	const daemonJson = path.join(directory, 'daemon.json');
	writeFileSync(daemonJson, JSON.stringify({'deprecated-key-path': path.join(directory, 'key.json')}));
	const child = spawn('dockerd', [
		'--config-file', daemonJson,
		'--storage-driver', 'vfs',
		'--iptables=false',
		'--bridge=none',
		'--host', `unix://${socketPath}`,
		'--data-root', path.join(directory, 'data'),
		'--exec-root', execRoot,
		'--pidfile', path.join(directory, 'docker.pid'),
		...(options.insecureRegistries ?? []).flatMap(registry => ['--insecure-registry', registry]),
		...(options.tls ? ['--tlsverify', '--tlscacert', options.tls.ca, '--tlscert', options.tls.cert, '--tlskey', options.tls.key, '--host', `tcp://127.0.0.1:${options.tls.port}`] : []),
	], {stdio: ['ignore', 'pipe', 'pipe']});
	return started({
		kind: 'docker',
		child,
		directory,
		socketPath,
		cli: {command: 'docker', args: ['-H', `unix://${socketPath}`], env: {...process.env, DOCKER_CONFIG: path.join(directory, 'cli-config')}},
		startTimeoutMs: options.startTimeoutMs,
		// dockerd starts its own containerd; a dockerd killed hard would leave it running.
		orphans: () => [path.join(execRoot, 'containerd', 'containerd.pid')],
	});
}

type StartSpec = {
	kind: EngineKind;
	child: ChildProcess;
	directory: string;
	socketPath: string;
	cli: RunningEngine['cli'];
	startTimeoutMs?: number;
	orphans?: () => string[];
};

/** Waits for the engine's `_ping`, or its exit, or the deadline; on failure stops it and says why. */
async function started(spec: StartSpec): Promise<RunningEngine> {
	const {child, directory, socketPath} = spec;
	const server = supervise(child, 16_000);
	const stop = async () => {
		await server.stop(15_000);

		for (const pidFile of spec.orphans?.() ?? []) {
			killPidFile(pidFile);
		}

		try {
			rmSync(directory, {recursive: true, force: true});
		} catch {
			// A file an engine still holds (a mount it left) is not worth failing a test's cleanup for.
		}
	};

	const host = `unix://${socketPath}`;
	const timeoutMs = spec.startTimeoutMs ?? 30_000;
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (server.exited() !== undefined) {
			// eslint-disable-next-line no-await-in-loop
			await stop();
			throw new Error(`${spec.kind} ${server.exited()}: ${server.output().trim().slice(-2000)}`);
		}

		if (existsSync(socketPath)) {
			try {
				// eslint-disable-next-line no-await-in-loop
				const client = await EngineClient.connect(host, {connectTimeoutMs: 1000, idleTimeoutMs: 60_000});
				return {
					kind: spec.kind,
					host,
					socketPath,
					directory,
					pid: child.pid!,
					client,
					cli: spec.cli,
					log: server.output,
					stop,
				};
			} catch {
				// Not listening yet.
			}
		}

		// eslint-disable-next-line no-await-in-loop
		await new Promise(resolve => {
			setTimeout(resolve, 50);
		});
	}

	await stop();
	throw new Error(`${spec.kind} did not answer _ping on ${host} within ${timeoutMs} ms: ${server.output().trim().slice(-2000)}`);
}

function killPidFile(file: string): void {
	let pid: number;
	try {
		pid = Number(readFileSync(file, 'utf8').trim());
	} catch {
		return;
	}

	if (Number.isInteger(pid) && pid > 1) {
		try {
			process.kill(pid, 'SIGKILL');
		} catch {
			// Already gone: what a clean stop leaves.
		}
	}
}

/** Runs the engine's own CLI (podman on the same storage, docker with -H) as another process would. */
export async function engineCli(engine: RunningEngine, args: string[], timeoutMs = 60_000): Promise<string> {
	return runWithEnv(engine.cli.command, [...engine.cli.args, ...args], engine.cli.env, timeoutMs);
}

async function runWithEnv(command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<string> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {env, stdio: ['ignore', 'pipe', 'pipe']});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => {
			stdout += chunk.toString();
		});
		child.stderr.on('data', (chunk: Buffer) => {
			stderr += chunk.toString();
		});
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.once('error', error => {
			clearTimeout(timer);
			reject(error);
		});
		child.once('close', code => {
			clearTimeout(timer);
			if (code === 0) {
				resolve(stdout);
			} else {
				reject(new Error(`${command} ${args.join(' ')} exited ${code ?? 'by a signal'}: ${stderr.trim()}`));
			}
		});
	});
}

// --- a test image with a shell --------------------------------------------------

export type ShellImageSpec = {
	layout: string;
	tag: string;
	/** Built on top of this tag of the same layout (shares its layers). */
	base?: string;
	/** More files in a layer of their own. */
	files?: Record<string, string>;
	labels?: Record<string, string>;
	/** The static busybox to use as /bin/sh (default /bin/busybox, from busybox-static). */
	busybox?: string;
	/** RFC 3339 creation time (default the builder's fixed one): images listed in a known order. */
	created?: string;
};

/** An image whose /bin/sh is busybox (it picks the applet from argv[0]), with `sh` as its command. */
export async function buildShellImage(spec: ShellImageSpec): Promise<BuiltImage> {
	const steps: BuildStep[] = [];
	if (!spec.base) {
		steps.push(
			{layer: {'/bin/sh': readFileSync(spec.busybox ?? '/bin/busybox')}, createdBy: 'COPY busybox /bin/sh # busybox-static'},
			{cmd: ['/bin/sh'], createdBy: 'CMD ["/bin/sh"]'},
		);
	}

	if (spec.files) {
		steps.push({layer: spec.files, createdBy: `COPY ${Object.keys(spec.files).join(' ')} /`});
	}

	if (spec.labels) {
		steps.push({labels: spec.labels, createdBy: `LABEL ${Object.entries(spec.labels).map(([key, value]) => `${key}=${value}`).join(' ')}`});
	}

	return buildImage({layout: spec.layout, tag: spec.tag, base: spec.base, steps, created: spec.created});
}

/**
 * Loads `layout:tag` into an engine as `name` (`localhost/x:1`): skopeo makes
 * a docker-archive, dockyard's client posts it to `images/load`.
 */
export async function loadIntoEngine(client: EngineClient, layout: string, tag: string, name: string): Promise<LoadResult> {
	const work = mkdtempSync(path.join(os.tmpdir(), 'dockyard-load-'));
	try {
		const archive = path.join(work, 'image.tar');
		mkdirSync(work, {recursive: true});
		await run('skopeo', ['copy', '--quiet', `oci:${layout}:${tag}`, `docker-archive:${archive}:${name}`]);
		return await client.loadImages(createReadStream(archive));
	} finally {
		rmSync(work, {recursive: true, force: true});
	}
}
