/**
 * The Engine API server: node:http on a unix socket or a loopback port, one
 * request at a time per connection, each routed to its handler (routes.ts)
 * with the context it serves. Errors become docker's JSON answers
 * (respond.ts); nothing a client sends can end the process.
 */
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import type {Socket} from 'node:net';
import type {Backend} from '../../backend/backend.js';
import type {ServeContext} from './context.js';
import {attachUpgrade, runTracker} from './no-process.js';
import {parseTarget} from './request.js';
import {apiVersion, engineHeaders, HttpError, minApiVersion, sendError} from './respond.js';
import {findRoute} from './routes.js';

export type ServeOptions = {
	backend: Backend;
	product: string;
	productVersion: string;
	/** Each request as it arrives (`dockyard serve --debug`). */
	onRequest?: (line: string) => void;
};

function compareVersions(a: string, b: string): number {
	const [aMajor = 0, aMinor = 0] = a.split('.').map(Number);
	const [bMajor = 0, bMinor = 0] = b.split('.').map(Number);
	return aMajor - bMajor || aMinor - bMinor;
}

async function handle(incoming: IncomingMessage, response: ServerResponse, context: ServeContext): Promise<void> {
	engineHeaders(response, `${context.product}/${context.productVersion} (linux)`);
	const method = incoming.method ?? 'GET';
	const target = parseTarget(incoming.url ?? '/');
	if (target.version && compareVersions(target.version, apiVersion) > 0) {
		throw new HttpError(400, `client version ${target.version} is too new. Maximum supported API version is ${apiVersion}`);
	}

	if (target.version && compareVersions(target.version, minApiVersion) < 0) {
		throw new HttpError(400, `client version ${target.version} is too old. Minimum supported API version is ${minApiVersion}, please upgrade your client to a newer version`);
	}

	const found = findRoute(method, target.path);
	if (found === undefined) {
		throw new HttpError(404, 'page not found');
	}

	await found.handler({method, ...target, incoming, response}, context, found.params);
}

export type RunningServer = {server: Server; context: ServeContext; close: () => Promise<void>};

export function engineApiServer(options: ServeOptions): RunningServer {
	const context: ServeContext = {backend: options.backend, product: options.product, productVersion: options.productVersion, streams: new Set(), runs: runTracker()};
	const server = createServer((incoming, response) => {
		options.onRequest?.(`${incoming.method ?? ''} ${incoming.url ?? ''}`);
		handle(incoming, response, context).catch((error: unknown) => {
			sendError(response, error);
		});
	});
	// docker's attach is an HTTP upgrade to a raw stream; any other upgrade is a plain 404.
	server.on('upgrade', (incoming: IncomingMessage, socket: Socket) => {
		options.onRequest?.(`${incoming.method ?? ''} ${incoming.url ?? ''} (upgrade)`);
		let attach: RegExpExecArray | null = null;
		try {
			attach = /^\/containers\/([^/]+)\/attach$/.exec(parseTarget(incoming.url ?? '/').path);
		} catch {}

		if (incoming.method !== 'POST' || !attach) {
			socket.end('HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: 29\r\n\r\n{"message":"page not found"}\n');
			return;
		}

		attachUpgrade(context, attach[1]!, socket).catch(() => socket.destroy());
	});
	// An event stream or a long pull may be quiet for a long time: no timeouts on requests.
	server.requestTimeout = 0;
	server.headersTimeout = 60_000;
	const close = async () => {
		for (const stop of [...context.streams]) {
			stop();
		}

		for (const run of context.runs.runs.values()) {
			run.socket?.destroy();
			run.done();
		}

		await new Promise<void>(resolve => {
			server.close(() => {
				resolve();
			});
			server.closeAllConnections();
		});
	};

	return {server, context, close};
}
