/**
 * The verbs that carry the user's registry credentials or whole archives over
 * an engine — a private pull, push, save and load — and their teaching lines,
 * with a real registry behind htpasswd and the docker CLI 28 against the same
 * engine as the oracle. The suite takes "how to reach the engine" (global
 * arguments and environment for dockyard and for docker, the prefix the
 * teaching lines type), so the same checks run over a unix socket here and
 * over ssh or TLS where a test makes those.
 */
import {spawn} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import http from 'node:http';
import {cpSync, createReadStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {EngineBackend} from '../../source/core/engine/engine-backend.js';
import {buildShellImage, startEngine, type EngineKind, type EngineOptions, type RunningEngine} from '../../source/devtools/engines.js';
import {startLocalRegistry, type LocalRegistry} from '../../source/devtools/local-registry.js';
import {run as runTool} from '../../source/devtools/oci-images.js';
import {cliPath, type Run} from '../helpers/cli.js';
import {hasTools} from '../helpers/tools.js';
import {keys, renderApp} from '../ui/helpers.js';

const dockerCli = '/usr/local/bin/docker';

/** How dockyard and docker reach the engine under test. */
export type EngineReach = {
	/** Global arguments before the verb, for dockyard and docker alike (`-H unix:///…`, `--context NAME`). */
	args: string[];
	/** Added to both programs' environment (DOCKER_HOST, DOCKER_TLS_VERIFY, a PATH with an ssh wrapper, …). */
	env: NodeJS.ProcessEnv;
	/** What the teaching lines type for docker: `docker -H unix:///…`, `docker --context NAME`. */
	teach: string;
	/** Stops whatever the reach started (an sshd, a proxy). */
	stop?: () => Promise<void>;
};

export type PrivateVerbsOptions = {
	/** Names the describe block (`over ssh`). */
	label?: string;
	/** How to start the engine (a TLS dockerd, say); startEngine by default. */
	start?: (options: EngineOptions) => Promise<RunningEngine>;
	/** More tools the reach needs. */
	tools?: string[];
};

type Outcome = Run & {stdoutBytes: Buffer};

/** A program run to its end with its own environment; stdout kept as bytes (an archive) and as text. */
async function runProgram(command: string, args: string[], env: NodeJS.ProcessEnv, input?: string | {file: string}): Promise<Outcome> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {env, stdio: ['pipe', 'pipe', 'pipe']});
		const chunks: Buffer[] = [];
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => {
			chunks.push(chunk);
		});
		child.stderr.on('data', (chunk: Buffer) => {
			stderr += chunk.toString();
		});
		const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
		child.once('error', reject);
		child.once('close', code => {
			clearTimeout(timer);
			const stdoutBytes = Buffer.concat(chunks);
			resolve({code: code ?? 1, stdout: stdoutBytes.toString(), stdoutBytes, stderr});
		});
		if (typeof input === 'object') {
			createReadStream(input.file).pipe(child.stdin);
		} else {
			child.stdin.end(input ?? '');
		}
	});
}

export function privateVerbsSuite(kind: EngineKind, reachOf: (engine: RunningEngine, where: {work: string; dockerConfig: string}) => Promise<EngineReach>, options: PrivateVerbsOptions = {}): void {
	const tools = [kind === 'podman' ? 'podman' : 'dockerd', 'runc', 'busybox', 'umoci', 'skopeo', 'docker-registry', 'htpasswd', dockerCli, ...(options.tools ?? [])];
	const present = hasTools(tools, `the private pull/push/save/load tests over ${kind}`);

	describe.runIf(present)(`credentials, push, save and load over ${kind}${options.label ? ` ${options.label}` : ''}`, () => {
		const user = 'alice';
		// A password of its own each run: found in no output unless dockyard leaked it.
		const password = `pw-${randomBytes(9).toString('hex')}`;
		const outputs: string[] = [];
		let engine: RunningEngine;
		let registry: LocalRegistry;
		let reach: EngineReach;
		let work: string;
		let home: string;
		let layout: string;
		let baseEnv: NodeJS.ProcessEnv;
		let privateImage: string;
		let dockerConfig: string;
		/** A DOCKER_CONFIG like the user's, without `auths`. */
		let noCredentials: string;

		const environment = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({...process.env, ...baseEnv, ...reach.env, ...extra});
		/** dockyard over the engine as the reach says. */
		const ours = async (args: string[], extra: NodeJS.ProcessEnv = {}): Promise<Outcome> => {
			const result = await runProgram(process.execPath, [cliPath, ...reach.args, ...args], {...environment(extra), DOCKYARD_HOME: home, NO_COLOR: '1'});
			outputs.push(result.stdout, result.stderr);
			return result;
		};

		/** The docker CLI over the same engine: the oracle. */
		const theirs = async (args: string[], extra: NodeJS.ProcessEnv = {}): Promise<Outcome> => {
			const result = await runProgram(dockerCli, [...reach.args, ...args], environment(extra));
			outputs.push(result.stdout, result.stderr);
			return result;
		};

		const oneLine = (text: string) => text.trimEnd().split('\n').length === 1;
		/** The private image in the engine (a test run alone has not pulled it). */
		const ensurePulled = async () => {
			const there = await engine.client.inspectImage(privateImage).then(() => true, () => false);
			if (!there) {
				expect((await ours(['pull', privateImage])).code).toBe(0);
			}
		};

		beforeAll(async () => {
			work = mkdtempSync(path.join(os.tmpdir(), `dockyard-private-${kind}-`));
			home = path.join(work, 'home');
			layout = path.join(work, 'oci');
			baseEnv = {HOME: work, DOCKER_CONFIG: path.join(work, 'docker-config'), DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined, XDG_RUNTIME_DIR: path.join(work, 'run'), REGISTRY_AUTH_FILE: undefined};
			mkdirSync(baseEnv['XDG_RUNTIME_DIR']!, {recursive: true});
			registry = await startLocalRegistry({htpasswd: {user, password}});
			engine = await (options.start ?? (async engineOptions => startEngine(kind, engineOptions)))({insecureRegistries: [registry.host]});
			dockerConfig = baseEnv['DOCKER_CONFIG']!;
			noCredentials = path.join(work, 'no-credentials');
			mkdirSync(dockerConfig, {recursive: true});
			reach = await reachOf(engine, {work, dockerConfig});
			await buildShellImage({layout, tag: 'base'});
			privateImage = `${registry.host}/private/shell:1`;
			await runTool('skopeo', ['copy', '--quiet', '--dest-tls-verify=false', '--dest-creds', `${user}:${password}`, `oci:${layout}:base`, `docker://${privateImage}`]);
			// The credentials where `dockyard login` keeps them (and docker reads them).
			const config = path.join(dockerConfig, 'config.json');
			const login = await runProgram(process.execPath, [cliPath, 'login', '-u', user, '--password-stdin', registry.host], {...environment(), DOCKYARD_HOME: home, NO_COLOR: '1'}, `${password}\n`);
			outputs.push(login.stdout, login.stderr);
			expect(login.code, login.stderr).toBe(0);
			expect(readFileSync(config, 'utf8')).toContain(registry.host);
			// The same docker config (its contexts too) without the credentials.
			cpSync(dockerConfig, noCredentials, {recursive: true});
			const {auths: _auths, ...rest} = JSON.parse(readFileSync(config, 'utf8')) as Record<string, unknown>;
			writeFileSync(path.join(noCredentials, 'config.json'), JSON.stringify(rest));
		}, 180_000);

		afterAll(async () => {
			await reach?.stop?.();
			await engine?.stop();
			await registry?.stop();
			if (work) {
				rmSync(work, {recursive: true, force: true});
			}
		});

		test('a private image pulls with the credentials of dockyard login; without them, one line and exit 1', async () => {
			const anonymous = await ours(['pull', privateImage], {DOCKER_CONFIG: noCredentials});
			expect(anonymous.code).toBe(1);
			expect(oneLine(anonymous.stderr), anonymous.stderr).toBe(true);
			expect(anonymous.stderr).toMatch(/unauthorized|no basic auth credentials|authentication required/);

			const pulled = await ours(['pull', privateImage]);
			expect(pulled.code, pulled.stderr).toBe(0);
			expect(pulled.stdout).toContain(`Status: Downloaded newer image for ${privateImage}`);
			expect(pulled.stdout.trimEnd().split('\n').at(-1)).toBe(privateImage);
			// Not on a terminal, as docker's CLI: the messages that carry a bar (dockerd's Downloading, Extracting) left out.
			expect(pulled.stdout).not.toMatch(/: (Downloading|Extracting)/);
			expect((await engine.client.inspectImage(privateImage)).Id).toMatch(/^sha256:/);
		});

		test('X-Registry-Auth is the header the docker CLI sends, with credentials and without (e30=)', async () => {
			const proxy = await headerRecorder(engine.socketPath, work);
			try {
				const through = {args: ['-H', proxy.host]};
				const run = async (program: 'ours' | 'theirs', extra: NodeJS.ProcessEnv) => {
					const args = [...through.args, 'pull', privateImage];
					const result = program === 'ours'
						? await runProgram(process.execPath, [cliPath, ...args], {...process.env, ...baseEnv, ...extra, DOCKYARD_HOME: home, NO_COLOR: '1'})
						: await runProgram(dockerCli, args, {...process.env, ...baseEnv, ...extra});
					outputs.push(result.stdout, result.stderr);
					return result;
				};

				for (const extra of [{}, {DOCKER_CONFIG: noCredentials}]) {
					proxy.seen.length = 0;
					// eslint-disable-next-line no-await-in-loop
					await run('theirs', extra);
					const docker = proxy.seen.filter(request => request.startsWith('POST /v1.41/images/create'));
					proxy.seen.length = 0;
					// eslint-disable-next-line no-await-in-loop
					await run('ours', extra);
					const dockyard = proxy.seen.filter(request => request.startsWith('POST /v1.41/images/create'));
					expect(docker).toHaveLength(1);
					expect(dockyard).toEqual(docker);
				}

				expect(proxy.headers.at(-1)).toBe('e30=');
				expect(JSON.parse(Buffer.from(proxy.headers[0]!, 'base64url').toString())).toEqual({username: user, password, serveraddress: registry.host});
			} finally {
				await proxy.close();
			}
		});

		test('push to the htpasswd registry: docker\'s lines, skopeo finds it; a second push prints what docker push prints', async () => {
			await ensurePulled();
			const repository = `${registry.host}/pushed/shell`;
			await engine.client.tag(privateImage, repository, 'first');
			await engine.client.tag(privateImage, repository, 'docker');
			await engine.client.tag(privateImage, repository, 'again');

			const pushed = await ours(['push', `${repository}:first`]);
			expect(pushed.code, pushed.stderr).toBe(0);
			expect(pushed.stderr).toBe('');
			const lines = pushed.stdout.trimEnd().split('\n');
			expect(lines[0]).toBe(kind === 'podman' ? `The push refers to repository [${repository}:first]` : `The push refers to repository [${repository}]`);
			expect(lines.at(-1)).toMatch(/^first: digest: sha256:[\da-f]{64} size: \d+$/);
			// Not on a terminal, as docker: no message that carries a bar.
			expect(pushed.stdout).not.toMatch(/: Pushing/);
			if (kind === 'docker') {
				expect(lines.some(line => /^[\da-f]{12}: (Pushed|Mounted from private\/shell|Layer already exists)$/.test(line)), pushed.stdout).toBe(true);
			}

			const inspected = await runTool('skopeo', ['inspect', '--tls-verify=false', '--creds', `${user}:${password}`, `docker://${repository}:first`]);
			expect((JSON.parse(inspected) as {Digest: string}).Digest).toBe(lines.at(-1)!.split(' ')[2]);

			// The same image, another tag, once by docker and once by dockyard: every layer is there already for both.
			const docker = await theirs(['push', `${repository}:docker`]);
			expect(docker.code, docker.stderr).toBe(0);
			const again = await ours(['push', `${repository}:again`]);
			expect(again.code, again.stderr).toBe(0);
			expect(again.stdout.replaceAll(':again', ':docker').replaceAll(/^again: /gm, 'docker: ')).toBe(docker.stdout);

			// -q: the name alone, as docker prints it.
			const [quiet, dockerQuiet] = [await ours(['push', '-q', `${repository}:again`]), await theirs(['push', '-q', `${repository}:docker`])];
			expect(quiet.code, quiet.stderr).toBe(0);
			expect(dockerQuiet.code, dockerQuiet.stderr).toBe(0);
			expect(quiet.stdout.replaceAll(':again', ':docker')).toBe(dockerQuiet.stdout);

			// No tag: docker's `Using default tag: latest`, then the same lines (the layers are there for both).
			await engine.client.tag(privateImage, repository, 'latest');
			const dockerLatest = await theirs(['push', repository]);
			const latest = await ours(['push', repository]);
			expect(dockerLatest.code, dockerLatest.stderr).toBe(0);
			expect(latest.code, latest.stderr).toBe(0);
			expect(latest.stdout).toBe(dockerLatest.stdout);
			expect(latest.stdout).toMatch(/^Using default tag: latest\n/);
		});

		test('push without credentials is one line naming the refusal, exit 1', async () => {
			await ensurePulled();
			const repository = `${registry.host}/pushed/anonymous`;
			await engine.client.tag(privateImage, repository, '1');
			const result = await ours(['push', `${repository}:1`], {DOCKER_CONFIG: noCredentials});
			expect(result.code).toBe(1);
			expect(oneLine(result.stderr), result.stderr).toBe(true);
			expect(result.stderr).toMatch(/unauthorized|no basic auth credentials|authentication required/);
		});

		test('push of a name the engine does not have is docker\'s line', async () => {
			const result = await ours(['push', `${registry.host}/nothing/here:1`]);
			expect(result.code).toBe(1);
			expect(result.stderr).toBe(`Error: An image does not exist locally with the tag: ${registry.host}/nothing/here\n`);
		});

		test('load prints what docker load prints for the same archive (tagged and untagged); -q prints nothing', async () => {
			const tagged = path.join(work, 'tagged.tar');
			const untagged = path.join(work, 'untagged.tar');
			await runTool('skopeo', ['copy', '--quiet', `oci:${layout}:base`, `docker-archive:${tagged}:localhost/bb:1`]);
			await runTool('skopeo', ['copy', '--quiet', `oci:${layout}:base`, `docker-archive:${untagged}`]);
			for (const archive of [tagged, untagged]) {
				// eslint-disable-next-line no-await-in-loop
				const loaded = await ours(['load', '-i', archive]);
				// eslint-disable-next-line no-await-in-loop
				const docker = await theirs(['load', '-i', archive]);
				expect(loaded.code, loaded.stderr).toBe(0);
				expect(docker.code, docker.stderr).toBe(0);
				// podman's answer has no newline at its end, so docker's output has none either; the words are the same.
				expect(loaded.stdout).toBe(`${docker.stdout.trimEnd()}\n`);
			}

			expect((await ours(['load', '-i', tagged])).stdout).toMatch(/^Loaded image: localhost\/bb:1\n$/);
			// `load < FILE`: the archive on stdin.
			const piped = await runProgram(process.execPath, [cliPath, ...reach.args, 'load'], {...environment(), DOCKYARD_HOME: home, NO_COLOR: '1'}, {file: tagged});
			outputs.push(piped.stdout, piped.stderr);
			expect(piped.code, piped.stderr).toBe(0);
			expect(piped.stdout).toBe('Loaded image: localhost/bb:1\n');
			const quiet = await ours(['load', '-q', '-i', tagged]);
			expect(quiet.code, quiet.stderr).toBe(0);
			expect(quiet.stdout).toBe('');
		});

		test('save writes the engine\'s archive to -o FILE and to stdout; both load back', async () => {
			await ensurePulled();
			const file = path.join(work, 'saved.tar');
			const saved = await ours(['save', '-o', file, privateImage]);
			expect(saved.code, saved.stderr).toBe(0);
			expect(saved.stdout).toBe('');
			const piped = await ours(['save', privateImage]);
			expect(piped.code, piped.stderr).toBe(0);
			// A tar: `ustar` at offset 257 of its first header.
			expect(piped.stdoutBytes.subarray(257, 262).toString()).toBe('ustar');
			const fromStdout = path.join(work, 'from-stdout.tar');
			writeFileSync(fromStdout, piped.stdoutBytes);

			for (const archive of [file, fromStdout]) {
				// eslint-disable-next-line no-await-in-loop
				await engine.client.tag(privateImage, 'localhost/keep', '1');
				// eslint-disable-next-line no-await-in-loop
				await engine.client.removeImage(privateImage);
				// eslint-disable-next-line no-await-in-loop
				const loaded = await ours(['load', '-i', archive]);
				expect(loaded.code, loaded.stderr).toBe(0);
				expect(loaded.stdout).toContain(privateImage);
				// eslint-disable-next-line no-await-in-loop
				await engine.client.removeImage('localhost/keep:1');
			}
		});

		test('--explain types the docker lines for this engine, as the user reached it', async () => {
			await ensurePulled();
			const file = path.join(work, 'explained.tar');
			const save = await ours(['save', '-o', file, privateImage, '--explain']);
			expect(save.stdout).toContain(`docker:     ${reach.teach} save -o ${file} ${privateImage}`);
			const load = await ours(['load', '-i', file, '--explain']);
			expect(load.stdout).toContain(`docker:     ${reach.teach} load -i ${file}`);
			const push = await ours(['push', `${registry.host}/pushed/shell:first`, '--explain']);
			expect(push.code, push.stderr).toBe(0);
			expect(push.stdout).toContain(`docker:     ${reach.teach} push ${registry.host}/pushed/shell:first`);
			const pull = await ours(['pull', privateImage, '--explain']);
			expect(pull.stdout).toContain(`docker:     ${reach.teach} pull ${privateImage}`);
		});

		test('TUI over the engine: P pushes the highlighted tag with the credentials, in docker\'s words, taught for this engine', async () => {
			await ensurePulled();
			// In this process, on the engine's own socket: the TUI over the reach itself is the connection's test.
			const repository = `${registry.host}/pushed/tui`;
			await engine.client.tag(privateImage, repository, 'tui');
			const backend = new EngineBackend({host: engine.host, dockerPrefix: reach.teach, environment: environment()});
			const app = renderApp(backend, {columns: 160, rows: 40});
			try {
				// The repository column is cut at this width: the tag names the row.
				await app.waitFor(/ tui +[\da-f]{12} /, 20_000);
				await app.press('/');
				await app.type('pushed/tui');
				await app.waitFor('filter: pushed/tui');
				await app.press(keys.enter);
				await app.waitFor(() => app.highlighted().some(row => / tui +[\da-f]{12} /.test(row)));
				await app.press('P');
				const screen = await app.waitFor(/tui: digest: sha256:[\da-f]{64} size: \d+/, 30_000);
				expect(screen).toContain(`$ ${reach.teach} push ${repository}:tui`);
			} finally {
				outputs.push(app.frame());
				app.unmount();
			}

			const inspected = await runTool('skopeo', ['inspect', '--tls-verify=false', '--creds', `${user}:${password}`, `docker://${repository}:tui`]);
			expect((JSON.parse(inspected) as {Digest: string}).Digest).toMatch(/^sha256:/);
		});

		test('what the Engine API cannot do is one line each, exit 1, nothing on stdout', async () => {
			const verbs = [['prune'], ['fsck'], ['journal'], ['reset', '--yes'], ['os', 'find'], ['hub', 'offline']];
			const results = await Promise.all(verbs.map(async verb => ours(verb)));
			for (const [index, result] of results.entries()) {
				const verb = verbs[index]!.join(' ');
				expect(result.code, verb).toBe(1);
				expect(result.stdout, verb).toBe('');
				expect(result.stderr, verb).toMatch(/^Error: .+ works on dockyard's own store only; this backend \(.+\) does not offer it\n$/);
			}
		});

		test('the password, its base64 and the header never appear in any output', () => {
			const header = Buffer.from(JSON.stringify({username: user, password, serveraddress: registry.host})).toString('base64').replaceAll('+', '-').replaceAll('/', '_');
			const basic = Buffer.from(`${user}:${password}`).toString('base64');
			expect(outputs.length).toBeGreaterThan(10);
			for (const text of outputs) {
				for (const secret of [password, basic, header, header.replace(/=+$/, '')]) {
					expect(text.includes(secret), text).toBe(false);
				}
			}
		});
	});
}

/** A pass-through to the engine's socket that notes each request with its X-Registry-Auth (`METHOD /path auth=…`). */
async function headerRecorder(engineSocket: string, directory: string): Promise<{host: string; seen: string[]; headers: string[]; close: () => Promise<void>}> {
	const seen: string[] = [];
	const headers: string[] = [];
	const socketPath = path.join(directory, `auth-proxy-${Date.now()}.sock`);
	const server = http.createServer((request, response) => {
		const auth = request.headers['x-registry-auth'];
		seen.push(`${request.method} ${request.url} auth=${typeof auth === 'string' ? auth : '-'}`);
		if (typeof auth === 'string') {
			headers.push(auth);
		}

		const upstream = http.request({socketPath: engineSocket, path: request.url, method: request.method, headers: request.headers}, answer => {
			response.writeHead(answer.statusCode ?? 502, answer.headers);
			answer.pipe(response);
		});
		upstream.on('error', error => {
			response.destroy(error);
		});
		request.pipe(upstream);
	});
	await new Promise<void>(resolve => {
		server.listen(socketPath, resolve);
	});
	return {
		host: `unix://${socketPath}`,
		seen,
		headers,
		async close() {
			server.closeAllConnections();
			await new Promise<void>(resolve => {
				server.close(() => {
					resolve();
				});
			});
		},
	};
}
