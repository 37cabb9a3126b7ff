/**
 * The client's transport against an engine that is not there (docker 28's
 * own bytes are the oracle) and against a misbehaving one: a node:http
 * server on a unix socket in a temp dir that answers each path its own way —
 * control characters in an error, a progress line with no end, an `error`
 * line inside a 200, an answer that never comes, an old API version.
 */
import {spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {EngineClient} from '../../source/core/engine/client.js';
import {EngineConflictError, EngineNotFoundError, EngineRequestError, EngineStreamError} from '../../source/core/engine/errors.js';
import {EngineTransport} from '../../source/core/engine/http.js';
import {splitLines} from '../../source/core/engine/ndjson.js';
import {ConflictError, EngineError, EngineUnreachableError} from '../../source/core/errors.js';
import {freePort} from '../../source/devtools/local-registry.js';
import {hasTool} from '../helpers/tools.js';

let directory: string;

beforeAll(() => {
	directory = mkdtempSync(path.join(os.tmpdir(), 'dockyard-transport-'));
});

afterAll(() => {
	rmSync(directory, {recursive: true, force: true});
});

/** What docker 28 prints on stderr for `docker -H HOST images`. */
function dockerSays(host: string): string | undefined {
	if (!hasTool('docker', 'the comparison with docker\'s own words')) {
		return undefined;
	}

	const result = spawnSync('docker', ['-H', host, 'images'], {encoding: 'utf8', env: {...process.env, DOCKER_CONFIG: directory}, timeout: 30_000});
	expect(result.status).toBe(1);
	return result.stderr;
}

async function failure(promise: Promise<unknown>): Promise<Error> {
	const outcome = await promise.then(() => undefined, (error: unknown) => error);
	if (!(outcome instanceof Error)) {
		throw new Error('expected a failure');
	}

	return outcome;
}

describe('an engine that is not there: docker\'s sentence, byte for byte', () => {
	test('a socket path nothing listens on', async () => {
		const host = `unix://${path.join(directory, 'nope.sock')}`;
		const error = await failure(EngineClient.connect(host));
		expect(error).toBeInstanceOf(EngineUnreachableError);
		expect(error.message).toBe(`Cannot connect to the Docker daemon at ${host}. Is the docker daemon running?`);
		const docker = dockerSays(host);
		if (docker !== undefined) {
			expect(`${error.message}\n`).toBe(docker);
		}
	});

	test('a path that is a plain file, not a socket', async () => {
		const file = path.join(directory, 'not-a-socket');
		writeFileSync(file, 'x');
		const error = await failure(EngineClient.connect(`unix://${file}`));
		expect(error).toBeInstanceOf(EngineUnreachableError);
		const docker = dockerSays(`unix://${file}`);
		if (docker !== undefined) {
			expect(`${error.message}\n`).toBe(docker);
		}
	});

	test('a tcp port nothing listens on', async () => {
		const host = `tcp://127.0.0.1:${await freePort()}`;
		const error = await failure(EngineClient.connect(host));
		expect(error).toBeInstanceOf(EngineUnreachableError);
		const docker = dockerSays(host);
		if (docker !== undefined) {
			expect(`${error.message}\n`).toBe(docker);
		}
	});
});

type Handler = (request: http.IncomingMessage, response: http.ServerResponse) => void;

describe('a misbehaving engine', () => {
	let server: http.Server;
	let socketPath: string;
	const routes = new Map<string, Handler>();
	const open = new Set<http.ServerResponse>();

	beforeAll(async () => {
		socketPath = path.join(directory, 'hostile.sock');
		server = http.createServer((request, response) => {
			open.add(response);
			response.once('close', () => open.delete(response));
			const url = new URL(request.url ?? '/', 'http://engine');
			const handler = routes.get(`${request.method} ${url.pathname}`);
			if (handler) {
				handler(request, response);
			} else {
				response.writeHead(404, {'content-type': 'application/json'}).end(JSON.stringify({message: `no route ${url.pathname}`}));
			}
		});
		await new Promise<void>(resolve => {
			server.listen(socketPath, resolve);
		});
		routes.set('GET /_ping', (_request, response) => {
			response.writeHead(200, {'api-version': '1.41', 'libpod-api-version': '4.3.1'}).end('OK');
		});
	});

	afterAll(async () => {
		for (const response of open) {
			response.destroy();
		}

		await new Promise(resolve => {
			server.close(resolve);
		});
	});

	const client = async (options: {maxJsonBytes?: number; idleTimeoutMs?: number} = {}) => EngineClient.connect(`unix://${socketPath}`, options);

	test('an error with escape sequences and newlines: one clean line, the engine\'s words', async () => {
		routes.set('DELETE /v1.41/images/x:1', (_request, response) => {
			response.writeHead(409, {'content-type': 'application/json'}).end(JSON.stringify({
				cause: 'image is in use by a container',
				message: 'image x:1 is in use:\u001B]0;owned\u0007 used by abc\n\u001B[2Jsecond line',
				response: 409,
			}));
		});
		const error = await failure((await client()).removeImage('x:1'));
		expect(error).toBeInstanceOf(ConflictError);
		expect(error).toBeInstanceOf(EngineConflictError);
		expect(error.message).toBe('Error response from daemon: image x:1 is in use: used by abc second line');
	});

	test('podman\'s 500 for an id with several tags is a conflict; another 500 is not', async () => {
		routes.set('DELETE /v1.41/images/abc', (_request, response) => {
			response.writeHead(500, {'content-type': 'application/json'}).end(JSON.stringify({cause: 'x', message: 'unable to delete image "abc" by ID with more than one tag ([a:1 b:1]): please force removal', response: 500}));
		});
		routes.set('DELETE /v1.41/images/def', (_request, response) => {
			response.writeHead(500, {'content-type': 'text/plain'}).end('storage exploded');
		});
		const engine = await client();
		const conflict = await failure(engine.removeImage('abc'));
		expect(conflict).toBeInstanceOf(EngineConflictError);
		expect((conflict as EngineConflictError).status).toBe(500);
		const other = await failure(engine.removeImage('def'));
		expect(other).toBeInstanceOf(EngineRequestError);
		expect(other).not.toBeInstanceOf(ConflictError);
		expect(other.message).toBe('Error response from daemon: storage exploded');
	});

	test('a 404: NotFoundError in docker\'s words', async () => {
		routes.set('GET /v1.41/images/gone/json', (_request, response) => {
			response.writeHead(404, {'content-type': 'application/json'}).end(JSON.stringify({message: 'No such image: gone'}));
		});
		const error = await failure((await client()).inspectImage('gone'));
		expect(error).toBeInstanceOf(EngineNotFoundError);
		expect(error.message).toBe('Error response from daemon: No such image: gone');
	});

	test('removal is never forced unless asked', async () => {
		const seen: string[] = [];
		routes.set('DELETE /v1.41/images/a:1', (request, response) => {
			seen.push(request.url ?? '');
			response.writeHead(200, {'content-type': 'application/json'}).end(JSON.stringify([{Untagged: 'a:1'}]));
		});
		const engine = await client();
		await engine.removeImage('a:1');
		await engine.removeImage('a:1', {force: true});
		expect(seen).toEqual(['/v1.41/images/a:1', '/v1.41/images/a:1?force=true']);
	});

	test('an `error` line inside a 200 pull: one error, in the engine\'s words', async () => {
		routes.set('POST /v1.41/images/create', (_request, response) => {
			response.writeHead(200, {'content-type': 'application/json'});
			response.write('{"status":"Pulling fs layer","id":"abc"}\n');
			response.end('{"error":"reading manifest 9 in r/x: manifest unknown\\u001b[31m","errorDetail":{"message":"reading manifest 9 in r/x: manifest unknown\\u001b[31m"}}\n');
		});
		const lines: unknown[] = [];
		const error = await failure((await client()).pull('r/x', '9', {onProgress: line => lines.push(line)}));
		expect(error).toBeInstanceOf(EngineStreamError);
		expect(error.message).toBe('reading manifest 9 in r/x: manifest unknown');
		expect(lines).toEqual([{status: 'Pulling fs layer', id: 'abc'}]);
	});

	test('a progress line that never ends is refused at the bound', async () => {
		routes.set('POST /v1.41/images/load', (request, response) => {
			request.resume();
			request.once('end', () => {
				response.writeHead(200, {'content-type': 'application/json'});
				const chunk = 'x'.repeat(64 * 1024);
				let sent = 0;
				const more = () => {
					while (sent < 40 && response.write(chunk)) {
						sent++;
					}

					if (sent < 40) {
						response.once('drain', more);
					} else {
						response.end();
					}
				};

				more();
			});
		});
		const error = await failure((await client()).loadImages(Buffer.from('not really a tar')));
		expect(error).toBeInstanceOf(EngineError);
		expect(error.message).toBe('the engine sent a line longer than 1048576 bytes');
	});

	test('a JSON answer over the bound is refused', async () => {
		routes.set('GET /v1.41/images/json', (_request, response) => {
			response.writeHead(200, {'content-type': 'application/json'}).end(JSON.stringify([{Id: 'x'.repeat(4096)}]));
		});
		const error = await failure((await client({maxJsonBytes: 1024})).images());
		expect(error.message).toBe('the engine\'s answer to GET /images/json is larger than 1024 bytes');
	});

	test('an engine that stops answering: an idle timeout, not a hang', async () => {
		routes.set('GET /v1.41/containers/json', () => {
			// Never answers.
		});
		const error = await failure((await client({idleTimeoutMs: 300})).containers());
		expect(error).toBeInstanceOf(EngineError);
		expect(error.message).toBe(`the engine at unix://${socketPath} sent nothing for 300 ms during GET /containers/json`);
	});

	test('an abort signal ends a long call with its reason', async () => {
		routes.set('GET /v1.41/images/slow/history', () => {
			// Never answers.
		});
		const controller = new AbortController();
		const pending = failure((await client()).history('slow', controller.signal));
		controller.abort(new Error('user cancelled'));
		expect((await pending).message).toBe('user cancelled');
	});

	test('events: the engine closing the stream ends the iteration; stop() ends a quiet one', async () => {
		routes.set('GET /v1.41/events', (request, response) => {
			const url = new URL(request.url ?? '/', 'http://engine');
			expect(JSON.parse(url.searchParams.get('filters') ?? '{}')).toEqual({type: ['image', 'container']});
			response.writeHead(200, {'content-type': 'application/json'});
			response.write(JSON.stringify({Type: 'image', Action: 'tag', Actor: {ID: 'sha256:1', Attributes: {name: 'a:1'}}, time: 1}) + '\n');
			if (url.searchParams.get('until') === '1') {
				response.end();
			}
		});
		const engine = await client();
		const closed = engine.events({until: 1});
		const seen = [];
		for await (const event of closed) {
			seen.push(event.Action);
		}

		expect(seen).toEqual(['tag']);

		const quiet = engine.events();
		await quiet.ready;
		const iterating = (async () => {
			const actions: string[] = [];
			for await (const event of quiet) {
				actions.push(event.Action);
				quiet.stop();
			}

			return actions;
		})();
		await expect(iterating).resolves.toEqual(['tag']);

		// Stopped before anyone iterates: no uncaught error, and an iteration after it yields nothing.
		const unread = engine.events();
		await unread.ready;
		unread.stop();
		await new Promise(resolve => {
			setTimeout(resolve, 50);
		});
		const late: string[] = [];
		for await (const event of unread) {
			late.push(event.Action);
		}

		expect(late).toEqual([]);
	});

	test('an engine older than API 1.41 is refused by name', async () => {
		const oldSocket = path.join(directory, 'old.sock');
		const old = http.createServer((_request, response) => {
			response.writeHead(200, {'api-version': '1.40'}).end('OK');
		});
		await new Promise<void>(resolve => {
			old.listen(oldSocket, resolve);
		});
		try {
			const error = await failure(EngineClient.connect(`unix://${oldSocket}`));
			expect(error.message).toBe(`the engine at unix://${oldSocket} speaks Engine API 1.40; dockyard needs 1.41 or newer`);
		} finally {
			await new Promise(resolve => {
				old.close(resolve);
			});
		}
	});

	test('the transport sends paths under /v1.41/ and _ping bare', async () => {
		const seen: string[] = [];
		routes.set('GET /v1.41/version', (request, response) => {
			seen.push(request.url ?? '');
			response.writeHead(200, {'content-type': 'application/json'}).end('{"ApiVersion":"1.41","Version":"x","Os":"linux","Arch":"amd64"}');
		});
		const transport = new EngineTransport(`unix://${socketPath}`, {transport: 'unix', socketPath});
		const client = new EngineClient(transport);
		expect((await client.ping()).apiVersion).toBe('1.41');
		expect((await client.version()).Version).toBe('x');
		expect(seen).toEqual(['/v1.41/version']);
	});
});

describe('splitLines', () => {
	test('lines split across chunks, CRLF and a last line with no newline', async () => {
		async function * chunks() {
			yield '{"a":';
			yield '1}\r\n{"b"';
			yield ':2}\n\n{"c":3}';
		}

		const lines = [];
		for await (const line of splitLines(chunks())) {
			lines.push(line);
		}

		expect(lines).toEqual(['{"a":1}', '{"b":2}', '', '{"c":3}']);
	});
});
