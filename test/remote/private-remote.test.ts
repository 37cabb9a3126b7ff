/**
 * The user's registry credentials over engines elsewhere: for each way in
 * (ssh in docker's and podman's forms, TLS by DOCKER_TLS_VERIFY, by a
 * context, by the flags) a private image pulls from a registry behind
 * htpasswd with the credentials `dockyard login` kept in the user's
 * DOCKER_CONFIG, is refused in one line without them, and a push to the same
 * registry lands (skopeo finds the digest dockyard printed). The remote
 * engine reaches the registry on 127.0.0.1 over plain HTTP. The password
 * never appears in anything dockyard printed.
 */
import {randomBytes} from 'node:crypto';
import {cpSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {buildShellImage} from '../../source/devtools/engines.js';
import {startLocalRegistry, type LocalRegistry} from '../../source/devtools/local-registry.js';
import {run as runTool} from '../../source/devtools/oci-images.js';
import {dockyard, type Run} from '../helpers/cli.js';
import {hasTools} from '../helpers/tools.js';
import {dockerWith, remoteTools, startRemoteWorld, type Connection, type RemoteWorld} from './connections.js';

const present = hasTools([...remoteTools, 'docker-registry', 'htpasswd'], 'the private pull and push over ssh and TLS');

const rows = ['ssh (docker\'s form)', 'ssh (podman\'s form)', 'TLS by DOCKER_TLS_VERIFY and DOCKER_CERT_PATH', 'TLS by a context', 'TLS by the flags'];

describe.runIf(present)('private pull and push over engines elsewhere', () => {
	const user = 'alice';
	// A password of its own each run: found in no output unless dockyard leaked it.
	const password = `pw-${randomBytes(9).toString('hex')}`;
	const outputs: string[] = [];
	let registry: LocalRegistry;
	let world: RemoteWorld;
	/** Each DOCKER_CONFIG the rows use, and its copy without `auths` (contexts kept). */
	const withoutCredentials = new Map<string, string>();

	const connection = (name: string): Connection => world.connections.find(row => row.name === name)!;
	const ours = async (row: Connection, args: string[], extra: NodeJS.ProcessEnv = {}): Promise<Run> => {
		const result = await dockyard(path.join(world.work, 'store'), [...row.args, ...args], {env: {...row.env, ...extra}, timeoutMs: 120_000});
		outputs.push(result.stdout, result.stderr);
		return result;
	};

	const theirs = async (row: Connection, args: string[]): Promise<Run> => {
		const result = await dockerWith([...row.args, ...args], row.env);
		outputs.push(result.stdout, result.stderr);
		return result;
	};

	const oneLine = (text: string) => text.trimEnd().split('\n').length === 1;
	const privateImage = (index: number) => `${registry.host}/private/way${index}:1`;

	beforeAll(async () => {
		registry = await startLocalRegistry({htpasswd: {user, password}});
		world = await startRemoteWorld({insecureRegistries: [registry.host]});
		const layout = path.join(world.work, 'private-oci');
		await buildShellImage({layout, tag: 'base', created: '2024-01-03T00:00:00Z'});
		// A repository of its own per way: each pull is a real download through that way's engine.
		await Promise.all(rows.map(async (_name, index) => runTool('skopeo', ['copy', '--quiet', '--dest-tls-verify=false', '--dest-creds', `${user}:${password}`, `oci:${layout}:base`, `docker://${privateImage(index)}`])));

		// `dockyard login` into every DOCKER_CONFIG a row uses (the context's has its own).
		const configs = new Set(world.connections.map(row => row.env['DOCKER_CONFIG']!));
		for (const config of configs) {
			// eslint-disable-next-line no-await-in-loop
			const login = await dockyard(path.join(world.work, 'store'), ['login', '-u', user, '--password-stdin', registry.host], {env: {...world.base, DOCKER_CONFIG: config}, input: `${password}\n`});
			outputs.push(login.stdout, login.stderr);
			expect(login.code, login.stderr).toBe(0);
			const file = path.join(config, 'config.json');
			expect(readFileSync(file, 'utf8')).toContain(registry.host);
			const bare = `${config}-without-credentials`;
			cpSync(config, bare, {recursive: true});
			const {auths: _auths, ...rest} = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
			writeFileSync(path.join(bare, 'config.json'), JSON.stringify(rest));
			withoutCredentials.set(config, bare);
		}
	}, 240_000);

	afterAll(async () => {
		await world?.stop();
		await registry?.stop();
	}, 60_000);

	describe.each(rows.map((name, index) => ({name, index})))('over $name', ({name, index}) => {
		test('a private pull: refused in one line without the credentials, done with them', async () => {
			const row = connection(name);
			const image = privateImage(index);
			const anonymous = await ours(row, ['pull', image], {DOCKER_CONFIG: withoutCredentials.get(row.env['DOCKER_CONFIG']!)});
			expect(anonymous.code).toBe(1);
			expect(anonymous.stdout).toBe('');
			expect(oneLine(anonymous.stderr), anonymous.stderr).toBe(true);
			expect(anonymous.stderr).toMatch(/unauthorized|no basic auth credentials|authentication required/);

			const pulled = await ours(row, ['pull', image]);
			expect(pulled.code, pulled.stderr).toBe(0);
			expect(pulled.stderr).toBe('');
			expect(pulled.stdout).toContain(`Status: Downloaded newer image for ${image}`);
			expect(pulled.stdout.trimEnd().split('\n').at(-1)).toBe(image);
			// The docker CLI over the same way in sees it.
			const inspected = await theirs(row, ['image', 'inspect', '--format', '{{.Id}}', image]);
			expect(inspected.code, inspected.stderr).toBe(0);
			expect(inspected.stdout).toMatch(/^sha256:[\da-f]{64}\n$/);
		}, 120_000);

		test('a push to the htpasswd registry lands, with the digest dockyard printed', async () => {
			const row = connection(name);
			const target = `${registry.host}/pushed/way${index}:1`;
			const tagged = await ours(row, ['tag', privateImage(index), target]);
			expect(tagged.code, tagged.stderr).toBe(0);

			const pushed = await ours(row, ['push', target]);
			expect(pushed.code, pushed.stderr).toBe(0);
			expect(pushed.stderr).toBe('');
			const lines = pushed.stdout.trimEnd().split('\n');
			const repository = target.replace(/:1$/, '');
			expect(lines[0]).toBe(row.engine === 'podman' ? `The push refers to repository [${target}]` : `The push refers to repository [${repository}]`);
			const last = /^1: digest: (sha256:[\da-f]{64}) size: \d+$/.exec(lines.at(-1)!);
			expect(last, pushed.stdout).not.toBeNull();
			const manifest = JSON.parse(await runTool('skopeo', ['inspect', '--tls-verify=false', '--creds', `${user}:${password}`, `docker://${target}`])) as {Digest: string};
			expect(manifest.Digest).toBe(last![1]);
		}, 120_000);
	});

	test('the password, its base64 and the header never appear in any output, nor in dockyard\'s own files', () => {
		const body = Buffer.from(JSON.stringify({username: user, password, serveraddress: registry.host}));
		const secrets = [password, Buffer.from(`${user}:${password}`).toString('base64'), body.toString('base64'), body.toString('base64url')];
		expect(outputs.length).toBeGreaterThan(rows.length * 4);
		for (const text of outputs) {
			for (const secret of secrets) {
				expect(text.includes(secret), text).toBe(false);
			}
		}

		// The store dockyard kept beside the engines (its settings, any journal): small files, read whole.
		const store = path.join(world.work, 'store');
		const files = existsSync(store) ? readdirSync(store, {recursive: true, encoding: 'utf8'}).map(name => path.join(store, name)).filter(file => statSync(file).isFile() && statSync(file).size < 1_000_000) : [];
		for (const file of files) {
			const text = readFileSync(file, 'latin1');
			for (const secret of secrets) {
				expect(text.includes(secret), file).toBe(false);
			}
		}
	});
});
