/**
 * A small forward proxy in the test process: CONNECT tunnels (https) and
 * absolute-form requests (plain http), counting each, and resolving names
 * only it knows (`registry.example.test` → 127.0.0.1), so a request that
 * reaches the registry by such a name must have gone through it. It can
 * also refuse everything with 407 or 403.
 */
import {createServer, request as httpRequest, type IncomingMessage, type Server} from 'node:http';
import {connect, type AddressInfo, type Socket} from 'node:net';

export type TestProxy = {
	/** `http://127.0.0.1:PORT` */
	url: string;
	port: number;
	/** Tunnels opened (CONNECT answered 200) and absolute-form requests passed on. */
	counts: {connect: number; http: number};
	/** What the proxy answers every request with: pass (default), or refuse with this status. */
	refuse?: 407 | 403;
	/** The Proxy-Authorization headers seen. */
	authorizations: string[];
	close: () => Promise<void>;
};

export async function startTestProxy(names: Record<string, string>): Promise<TestProxy> {
	const resolve = (host: string) => names[host.toLowerCase()] ?? host;
	const sockets = new Set<Socket>();
	const state: TestProxy = {url: '', port: 0, counts: {connect: 0, http: 0}, authorizations: [], close: async () => {}};
	const refusal = (status: number) => `HTTP/1.1 ${status} ${status === 407 ? 'Proxy Authentication Required' : 'Forbidden'}\r\n${status === 407 ? 'Proxy-Authenticate: Basic realm="test"\r\n' : ''}Content-Length: 0\r\nConnection: close\r\n\r\n`;
	const server: Server = createServer((request: IncomingMessage, response) => {
		// Absolute form: `GET http://registry.example.test:PORT/v2/ HTTP/1.1`.
		state.authorizations.push(String(request.headers['proxy-authorization'] ?? ''));
		if (state.refuse) {
			response.writeHead(state.refuse, state.refuse === 407 ? {'Proxy-Authenticate': 'Basic realm="test"'} : {});
			response.end();
			return;
		}

		let target: URL;
		try {
			target = new URL(request.url ?? '');
		} catch {
			response.writeHead(400).end();
			return;
		}

		state.counts.http++;
		const headers = {...request.headers};
		delete headers['proxy-authorization'];
		const upstream = httpRequest({host: resolve(target.hostname), port: target.port || 80, path: `${target.pathname}${target.search}`, method: request.method, headers}, answer => {
			response.writeHead(answer.statusCode ?? 502, answer.headers);
			answer.pipe(response);
		});
		upstream.on('error', () => response.destroy());
		request.pipe(upstream);
	});
	server.on('connect', (request: IncomingMessage, client: Socket, head: Buffer) => {
		sockets.add(client);
		client.on('error', () => {});
		state.authorizations.push(String(request.headers['proxy-authorization'] ?? ''));
		if (state.refuse) {
			client.end(refusal(state.refuse));
			return;
		}

		const [host = '', port = '443'] = (request.url ?? '').split(/:(?=\d+$)/);
		const upstream = connect(Number(port), resolve(host), () => {
			state.counts.connect++;
			client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
			if (head.length > 0) {
				upstream.write(head);
			}

			upstream.pipe(client);
			client.pipe(upstream);
		});
		sockets.add(upstream);
		upstream.on('error', () => client.destroy());
		client.on('close', () => upstream.destroy());
	});
	server.on('connection', socket => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	state.port = (server.address() as AddressInfo).port;
	state.url = `http://127.0.0.1:${state.port}`;
	state.close = async () => {
		for (const socket of sockets) {
			socket.destroy();
		}

		await new Promise<void>(resolve => {
			server.close(() => resolve());
		});
	};
	return state;
}
