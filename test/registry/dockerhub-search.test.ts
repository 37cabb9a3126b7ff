import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {endpointFor} from '../../source/core/hub/registry/endpoint.js';
import {searchDockerHub} from '../../source/core/hub/registry/dockerhub-search.js';
import {Transport, transportSettings} from '../../source/core/hub/registry/transport.js';
import {dockyard, tempHome} from '../helpers/cli.js';

type Handler = (request: IncomingMessage, response: ServerResponse, url: URL) => void;

/** A loopback fake of index.docker.io's v1 search; each test sets what it answers. */
let server: Server;
let origin: string;
let handler: Handler;
const seen: URL[] = [];

const hubAnswer = {
	num_results: 3,
	query: 'nginx',
	results: [
		{name: 'nginx', description: 'Official build of Nginx.', star_count: 20_812, is_official: true, is_automated: false},
		{name: 'bitnami/nginx', description: 'Bitnami \u001B[31mcontainer\u001B[0m image\nfor NGINX', star_count: 190, is_official: false, is_automated: true},
		{name: 'nginxinc/nginx-unprivileged', description: '', star_count: 148, is_official: false, is_automated: false},
	],
};

beforeAll(async () => {
	server = createServer((request, response) => {
		const url = new URL(request.url ?? '/', 'http://x');
		seen.push(url);
		handler(request, response, url);
	});
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
	server.closeAllConnections();
	await new Promise(resolve => {
		server.close(resolve);
	});
});

const json = (body: unknown, status = 200): Handler => (_request, response) => {
	response.writeHead(status, {'content-type': 'application/json'});
	response.end(JSON.stringify(body));
};

const endpoint = () => endpointFor('docker.io', [], {DOCKYARD_DOCKERHUB_SEARCH: origin, DOCKYARD_DOCKERHUB_REGISTRY: origin});
/** The registry transport every request goes through, its waits shortened: one retry, a 300 ms stall, 1000 bytes/s over 200 ms. */
const fast = {DOCKYARD_REGISTRY_RETRIES: '1', DOCKYARD_REGISTRY_RETRY_MS: '1', DOCKYARD_REGISTRY_STALL_MS: '300', DOCKYARD_REGISTRY_MIN_RATE: '1000', DOCKYARD_REGISTRY_RATE_WINDOW_MS: '200'};
const transport = (to = endpoint()) => new Transport(to, transportSettings(fast));
const where = String.raw`http://127\.0\.0\.1:\d+/v1/search`;

describe('searchDockerHub', () => {
	test('asks /v1/search?q=&n= and maps docker\'s fields, text cleaned', async () => {
		handler = json(hubAnswer);
		const results = await searchDockerHub(transport(), 'nginx', 25);
		expect(seen.at(-1)?.pathname).toBe('/v1/search');
		expect(seen.at(-1)?.searchParams.get('q')).toBe('nginx');
		expect(seen.at(-1)?.searchParams.get('n')).toBe('25');
		expect(results).toEqual([
			{name: 'nginx', description: 'Official build of Nginx.', stars: 20_812, official: true, automated: false},
			{name: 'bitnami/nginx', description: 'Bitnami container image for NGINX', stars: 190, official: false, automated: true},
			{name: 'nginxinc/nginx-unprivileged', description: '', stars: 148, official: false, automated: false},
		]);
	});

	test('n is kept within 1–100 and the answer cut to it', async () => {
		handler = json(hubAnswer);
		await searchDockerHub(transport(), 'a b', 1000);
		expect(seen.at(-1)?.searchParams.get('n')).toBe('100');
		expect(seen.at(-1)?.searchParams.get('q')).toBe('a b');
		expect(await searchDockerHub(transport(), 'nginx', 2)).toHaveLength(2);
	});

	test('failures are one clear line', async () => {
		const failure = async (answer: Handler) => {
			handler = answer;
			try {
				await searchDockerHub(transport(), 'nginx', 25);
			} catch (error) {
				expect((error as Error).name).toBe('RegistryError');
				expect((error as Error).message).not.toContain('\n');
				return (error as Error).message;
			}

			throw new Error('searchDockerHub did not fail');
		};

		expect(await failure(json({message: 'the index is resting'}, 400))).toMatch(new RegExp(`^cannot search docker\\.io \\(${where}\\): 400 Bad Request: the index is resting$`));
		// A 5xx is asked again, as every registry request is, then given up on.
		const before = seen.length;
		expect(await failure(json({message: 'the index is resting'}, 503))).toMatch(new RegExp(`^docker\\.io answered 503 Service Unavailable for the search at ${where}, 2 times$`));
		expect(seen.length - before).toBe(2);
		expect(await failure((_request, response) => {
			response.end('<html>not json</html>');
		})).toMatch(/not JSON/);
		expect(await failure(json({whatever: []}))).toMatch(/no "results" list/);
		expect(await failure((_request, response) => {
			// 5 MiB without a length: the limit is checked while reading.
			response.writeHead(200, {'content-type': 'application/json'});
			const chunk = Buffer.alloc(64 * 1024, 0x20);
			let sent = 0;
			const more = () => {
				while (sent < 80) {
					sent++;
					if (!response.write(chunk)) {
						response.once('drain', more);
						return;
					}
				}

				response.end();
			};

			more();
		})).toMatch(new RegExp(`^the search at ${where} from docker\\.io is over the 4 MiB limit$`));
		expect(await failure((_request, response) => {
			// Declared too large: refused before the body is read.
			response.writeHead(200, {'content-type': 'application/json', 'content-length': 5 * 1024 * 1024});
			response.end(Buffer.alloc(5 * 1024 * 1024, 0x20));
		})).toMatch(new RegExp(`^the search at ${where} from docker\\.io is 5242880 bytes, over the 4 MiB limit$`));
		expect(await failure(() => {
			// Never answers.
		})).toMatch(new RegExp(`^cannot reach docker\\.io for the search at ${where}: no data for 300 ms \\(stalled\\), 2 attempts$`));
		const drips: NodeJS.Timeout[] = [];
		try {
			expect(await failure((_request, response) => {
				// A byte every 20 ms: never stalls, never ends.
				response.writeHead(200, {'content-type': 'application/json'});
				const drip = setInterval(() => response.write(' '), 20);
				drips.push(drip);
				response.on('close', () => {
					clearInterval(drip);
				});
			})).toMatch(new RegExp(`^lost the search at ${where} from docker\\.io while reading it: \\d+ bytes in 200 ms, under the minimum of 1000 bytes/s \\(too slow\\), 2 attempts$`));
		} finally {
			drips.forEach(drip => {
				clearInterval(drip);
			});
		}
	});

	test('a hub nobody listens on', async () => {
		const closed = createServer();
		await new Promise<void>(resolve => {
			closed.listen(0, '127.0.0.1', resolve);
		});
		const port = (closed.address() as AddressInfo).port;
		await new Promise(resolve => {
			closed.close(resolve);
		});
		const nowhere = endpointFor('docker.io', [], {DOCKYARD_DOCKERHUB_SEARCH: `http://127.0.0.1:${port}`});
		await expect(searchDockerHub(transport(nowhere), 'nginx', 25)).rejects.toThrow(/^cannot reach docker\.io for the search at http:\/\/127\.0\.0\.1:\d+\/v1\/search: .*ECONNREFUSED.*, 2 attempts$/);
	});

	test('plain http to a host that is neither loopback nor insecure is refused', async () => {
		const remote = endpointFor('docker.io', [], {DOCKYARD_DOCKERHUB_SEARCH: 'http://hub.example.invalid'});
		await expect(searchDockerHub(transport(remote), 'nginx', 25)).rejects.toThrow(/^refusing http:\/\/hub\.example\.invalid for the search at .*plain http/);
	});

	test('a redirect is followed by hand: to plain http off loopback it is refused', async () => {
		handler = (_request, response) => {
			response.writeHead(307, {location: 'http://hub.example.invalid/v1/search?q=nginx'});
			response.end();
		};

		await expect(searchDockerHub(transport(), 'nginx', 25)).rejects.toThrow(/^refusing http:\/\/hub\.example\.invalid for the search at .*plain http/);
		handler = (request, response) => {
			if (request.url?.startsWith('/v1/search')) {
				response.writeHead(302, {location: '/moved/search'});
				response.end();
				return;
			}

			json(hubAnswer)(request, response, new URL('http://x'));
		};

		expect(await searchDockerHub(transport(), 'nginx', 25)).toHaveLength(3);
		expect(seen.at(-1)?.pathname).toBe('/moved/search');
	});
});

describe('the CLI on Docker Hub', () => {
	test('dockyard --hub dockerhub search nginx prints docker\'s columns and says which hub', async () => {
		handler = json(hubAnswer);
		const {home, cleanup} = tempHome();
		try {
			const env = {DOCKYARD_DOCKERHUB_SEARCH: origin, DOCKYARD_DOCKERHUB_REGISTRY: origin};
			const result = await dockyard(home, ['--hub', 'dockerhub', 'search', 'nginx'], {env});
			expect(result.stderr).toContain('docker.io');
			expect(result.code).toBe(0);
			const lines = result.stdout.trim().split('\n');
			expect(lines[0]).toMatch(/^NAME\s+DESCRIPTION\s+STARS\s+OFFICIAL\s+AUTOMATED$/);
			// docker's tabwriter pads every cell but the last: an empty AUTOMATED leaves OFFICIAL's padding at the end.
			expect(lines[1]).toMatch(/^nginx\s+Official build of Nginx\.\s+20812\s+\[OK\] {7}$/);
			expect(lines[2]).toMatch(/^bitnami\/nginx\s+Bitnami container image for NGINX\s+190\s+\[OK\]$/);
			expect(seen.at(-1)?.searchParams.get('q')).toBe('nginx');

			// The flag held for that command only: the setting is still offline.
			const offline = await dockyard(home, ['search', 'aspnet'], {env});
			expect(offline.stdout).toContain('microsoft/aspnet');
			expect(offline.stderr).toContain('offline catalog');
			expect((await dockyard(home, ['hub'])).stdout).toMatch(/^Hub: offline \(offline catalog\)/);
		} finally {
			cleanup();
		}
	}, 60_000);

	test('dockyard hub shows and chooses the hub; --hub with a wrong value is wrong usage', async () => {
		const {home, cleanup} = tempHome();
		try {
			expect((await dockyard(home, ['hub', '--json'])).stdout.trim()).toBe('{"hub":"offline","label":"offline catalog"}');
			const chosen = await dockyard(home, ['hub', 'dockerhub']);
			expect(chosen.code).toBe(0);
			expect(chosen.stdout).toMatch(/^Hub: dockerhub \(docker\.io\)/);
			expect((await dockyard(home, ['hub'])).stdout).toMatch(/^Hub: dockerhub/);
			const overridden = await dockyard(home, ['--hub=offline', 'hub']);
			expect(overridden.stdout).toMatch(/^Hub: offline .*\n\(chosen by --hub .*the setting is dockerhub\)/);
			const wrong = await dockyard(home, ['--hub', 'moon', 'images']);
			expect(wrong.code).toBe(2);
			expect(wrong.stderr.trim()).toBe('Error: invalid value "moon" for --hub: use offline or dockerhub');
			const wrongVerb = await dockyard(home, ['hub', 'moon']);
			expect(wrongVerb.code).toBe(2);
		} finally {
			cleanup();
		}
	}, 60_000);
});
