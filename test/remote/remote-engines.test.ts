/**
 * dockyard on engines elsewhere, against real servers: over ssh (docker's
 * form through `docker system dial-stdio`, podman's form to a remote socket),
 * and over TLS (DOCKER_TLS_VERIFY, a context, the flags). For each way in:
 * the listings byte for byte against docker CLI 28 over the same connection,
 * a tag, a removal refused naming the stopped container, a removal, save and
 * load. Then the failures, one line each: an unknown host key, a refused
 * key, a missing remote socket, a wrong CA, no client certificate. No ssh
 * process is left once the commands are done.
 */
import {readFileSync} from 'node:fs';
import https from 'node:https';
import type {AddressInfo} from 'node:net';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {makeTestCertificates} from '../../source/devtools/test-certs.js';
import {dockyard, waitFor} from '../helpers/cli.js';
import {hasTools} from '../helpers/tools.js';
import {stableImageOrder, timeless} from '../docker-bytes/oracle.js';
import {dockerWith, remoteTools, startRemoteWorld, type Connection, type RemoteWorld} from './connections.js';

const present = hasTools(remoteTools, 'the tests of engines over ssh and TLS');

/** The rows of the table, by name: each is a describe block of its own. */
const rows = ['ssh (docker\'s form)', 'ssh (podman\'s form)', 'TLS by DOCKER_TLS_VERIFY and DOCKER_CERT_PATH', 'TLS by a context', 'TLS by the flags'];

describe.runIf(present)('engines elsewhere', () => {
	let world: RemoteWorld;
	const connection = (name: string): Connection => world.connections.find(row => row.name === name)!;
	const ours = async (row: Connection, args: string[]) => dockyard(path.join(world.work, 'store'), [...row.args, ...args], {env: row.env, timeoutMs: 60_000});
	const theirs = async (row: Connection, args: string[]) => dockerWith([...row.args, ...args], row.env);
	const names = async (row: Connection) => (await theirs(row, ['images', '--format', '{{.Repository}}:{{.Tag}}'])).stdout;

	beforeAll(async () => {
		world = await startRemoteWorld();
	}, 180_000);

	afterAll(async () => {
		await world?.stop();
	}, 60_000);

	describe.each(rows.map((name, index) => ({name, index})))('over $name', ({name, index}) => {
		const repo = `localhost/c${index}`;

		test('images, history and ps -a print docker\'s bytes', async () => {
			const row = connection(name);
			await theirs(row, ['create', '--name', `listed-${index}`, 'localhost/shell:1']);
			for (const args of [['images'], ['images', '-a', '--no-trunc'], ['history', 'localhost/shell:1'], ['ps', '-a']]) {
				// eslint-disable-next-line no-await-in-loop
				const [mine, docker] = await Promise.all([ours(row, args), theirs(row, args)]);
				expect(docker.code, `docker ${args.join(' ')}: ${docker.stderr}`).toBe(0);
				expect(mine.stderr, args.join(' ')).toBe('');
				// docker lists the names of one image in Go's map order: put in order on both sides.
				expect(stableImageOrder(timeless(mine.stdout)), args.join(' ')).toBe(stableImageOrder(timeless(docker.stdout)));
			}
		}, 120_000);

		test('tag, a refused removal naming the stopped container, a removal', async () => {
			const row = connection(name);
			expect((await ours(row, ['tag', 'localhost/shell:1', `${repo}/tagged:1`])).code).toBe(0);
			expect(await names(row)).toContain(`${repo}/tagged:1`);

			// An image with one name that a stopped container uses (rows on the same engine share it: any of theirs may be named).
			const created = await theirs(row, ['create', '--name', `uses-${index}`, 'localhost/only:1']);
			expect(created.code, created.stderr).toBe(0);
			const refused = await ours(row, ['rmi', 'localhost/only:1']);
			expect(refused.code).toBe(1);
			expect(refused.stderr.trim().split('\n')).toHaveLength(1);
			expect(refused.stderr).toContain(`stopped container ${created.stdout.trim().slice(0, 12)}`);
			expect(await names(row)).toContain('localhost/only:1');

			const removed = await ours(row, ['rmi', `${repo}/tagged:1`]);
			expect(removed.code, removed.stderr).toBe(0);
			expect(removed.stdout).toContain(`Untagged: ${repo}/tagged:1`);
			expect(await names(row)).not.toContain(`${repo}/tagged:1`);
		}, 120_000);

		test('save, remove, load', async () => {
			const row = connection(name);
			const archive = path.join(world.work, `saved-${index}.tar`);
			expect((await ours(row, ['tag', 'localhost/shell:1', `${repo}/saved:1`])).code).toBe(0);
			const saved = await ours(row, ['save', '-o', archive, `${repo}/saved:1`]);
			expect(saved.code, saved.stderr).toBe(0);
			expect((await ours(row, ['rmi', `${repo}/saved:1`])).code).toBe(0);
			expect(await names(row)).not.toContain(`${repo}/saved:1`);
			const loaded = await ours(row, ['load', '-i', archive]);
			expect(loaded.code, loaded.stderr).toBe(0);
			expect(await names(row)).toContain(`${repo}/saved:1`);
		}, 120_000);
	});

	describe('what fails says so in one line, naming the host', () => {
		const oneLine = (run: {code: number; stdout: string; stderr: string}) => {
			expect(run.code).toBe(1);
			expect(run.stdout).toBe('');
			expect(run.stderr.trim().split('\n')).toHaveLength(1);
			expect(run.stderr).not.toMatch(/\bat .*\.js:\d+|node:internal|--[a-z-]+=/);
			return run.stderr.trim();
		};

		test('an unknown host key', async () => {
			const env = world.sshd.env('unknownHost', world.base);
			const line = oneLine(await dockyard(path.join(world.work, 'store'), ['-H', world.sshd.url(), 'images'], {env}));
			expect(line).toBe(`error during connect: ${world.sshd.url()}: Host key verification failed.`);
		}, 60_000);

		test('a key the server refuses', async () => {
			const env = world.sshd.env('refusedKey', world.base);
			const line = oneLine(await dockyard(path.join(world.work, 'store'), ['-H', world.sshd.url(), 'images'], {env}));
			expect(line).toBe(`error during connect: ${world.sshd.url()}: ${world.sshd.user}@127.0.0.1: Permission denied (publickey).`);
		}, 60_000);

		test('a remote without docker (docker\'s form)', async () => {
			const env = world.sshd.env('trusted', world.base);
			const url = world.sshd.urlWithoutDocker();
			const line = oneLine(await dockyard(path.join(world.work, 'store'), ['-H', url, 'images'], {env}));
			expect(line).toMatch(new RegExp(`^error during connect: ${url.replaceAll('.', String.raw`\.`)}: docker is not installed on the remote host \\(.*docker: (command )?not found\\)$`));
		}, 60_000);

		test('a remote socket that is not there (podman\'s form)', async () => {
			const env = world.sshd.env('trusted', world.base);
			const url = world.sshd.url('/nowhere/podman.sock');
			const line = oneLine(await dockyard(path.join(world.work, 'store'), ['-H', url, 'images'], {env}));
			expect(line).toContain(`error during connect: ${url}: `);
			expect(line).toBe(`error during connect: ${url}: nothing answers at /nowhere/podman.sock on the remote host (no such socket, or no engine behind it)`);
		}, 60_000);

		test('a CA that did not sign the engine\'s certificate', async () => {
			const other = makeTestCertificates({caName: 'another CA'});
			try {
				const host = `tcp://127.0.0.1:${world.tlsPort}`;
				const line = oneLine(await dockyard(path.join(world.work, 'store'), ['--tlsverify', '--tlscacert', other.caCert, '--tlscert', world.certs.clientCert, '--tlskey', world.certs.clientKey, '-H', host, 'images'], {env: world.base}));
				expect(line).toBe(`error during connect: ${host}: tls: failed to verify certificate: x509: certificate signed by unknown authority (check --tlscacert or ca.pem)`);
			} finally {
				other.remove();
			}
		}, 60_000);

		test('no client certificate where the engine wants one', async () => {
			const host = `tcp://127.0.0.1:${world.tlsPort}`;
			const line = oneLine(await dockyard(path.join(world.work, 'store'), ['--tlsverify', '--tlscacert', world.certs.caCert, '-H', host, 'images'], {env: world.base}));
			expect(line).toContain(`error during connect: ${host}: `);
			expect(line, line).toMatch(/bad certificate: the server probably has client authentication/);
		}, 60_000);
	});

	test('--tls alone encrypts without checking the engine (docker\'s semantics): a CA that did not sign it is not asked', async () => {
		const other = makeTestCertificates({caName: 'unrelated CA'});
		try {
			const args = ['--tls', '--tlscacert', other.caCert, '--tlscert', world.certs.clientCert, '--tlskey', world.certs.clientKey, '-H', `tcp://127.0.0.1:${world.tlsPort}`, 'images', '-q'];
			const [mine, docker] = await Promise.all([dockyard(path.join(world.work, 'store'), args, {env: world.base}), dockerWith(args, world.base)]);
			expect(docker.code, docker.stderr).toBe(0);
			expect(mine.code, mine.stderr).toBe(0);
			expect(mine.stdout).toBe(docker.stdout);
		} finally {
			other.remove();
		}
	}, 60_000);

	describe('a certificate that is expired, or for another name: one line each', () => {
		const serve = async (certs: ReturnType<typeof makeTestCertificates>, address: string) => {
			const server = https.createServer({cert: readFileSync(certs.serverCert), key: readFileSync(certs.serverKey)}, (_request, response) => {
				response.end('OK');
			});
			await new Promise<void>(resolve => {
				server.listen(0, address, resolve);
			});
			return server;
		};

		test('expired', async () => {
			const expired = makeTestCertificates({serverDays: -1});
			const server = await serve(expired, '127.0.0.1');
			try {
				const host = `tcp://127.0.0.1:${(server.address() as AddressInfo).port}`;
				const run = await dockyard(path.join(world.work, 'store'), ['--tlsverify', '--tlscacert', expired.caCert, '-H', host, 'images'], {env: world.base});
				expect(run.code).toBe(1);
				expect(run.stderr.trim()).toBe(`error during connect: ${host}: tls: failed to verify certificate: x509: certificate has expired or is not yet valid`);
			} finally {
				server.close();
				expired.remove();
			}
		}, 60_000);

		test('another name (127.0.0.2, which the certificate does not list)', async () => {
			const server = await serve(world.certs, '127.0.0.2');
			try {
				const host = `tcp://127.0.0.2:${(server.address() as AddressInfo).port}`;
				const run = await dockyard(path.join(world.work, 'store'), ['--tlsverify', '--tlscacert', world.certs.caCert, '-H', host, 'images'], {env: world.base});
				expect(run.code).toBe(1);
				expect(run.stderr.trim()).toBe(`error during connect: ${host}: tls: failed to verify certificate: x509: certificate is not valid for 127.0.0.2`);
			} finally {
				server.close();
			}
		}, 60_000);
	});

	test('podman\'s form: a forwarder that dies (a dropped connection) is replaced on the next request', async () => {
		const url = world.sshd.url(world.podman.socketPath);
		const {EngineClient} = await import('../../source/core/engine/client.js');
		const {parseEngineHost} = await import('../../source/core/engine/host.js');
		const previousPath = process.env['PATH'];
		// The client runs in this process: the ssh wrapper goes first on its PATH while it starts ssh.
		process.env['PATH'] = world.sshd.env('trusted', world.base)['PATH'];
		try {
			const client = await EngineClient.connect(parseEngineHost(url));
			expect((await client.images()).length).toBeGreaterThan(0);
			const [forwarder] = world.sshd.clients();
			expect(forwarder).toBeDefined();
			process.kill(forwarder!, 'SIGKILL');
			await waitFor(() => !world.sshd.clients().includes(forwarder!), 5000, 'the forwarder to die');
			// The first request after the drop may fail (it says so in one line); the next has a new tunnel.
			await client.images().catch((error: unknown) => {
				expect(String(error)).toMatch(/Cannot connect|error during connect/);
			});
			expect((await client.images()).length).toBeGreaterThan(0);
			await client.close();
		} finally {
			process.env['PATH'] = previousPath;
		}
	}, 60_000);

	test('no ssh process is left once the commands are done', async () => {
		await waitFor(() => world.sshd.clients().length === 0, 10_000, 'the ssh clients to end');
	}, 20_000);
});
