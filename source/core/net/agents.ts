/**
 * The node:http(s) agents registry requests go through: one per registry
 * host, its TLS options (CAs, client certificate, verification) and, when a
 * proxy is in the way, an HTTPS tunnel through the proxy's CONNECT. Kept
 * alive, so a pull's many requests share a few connections.
 */
import type {Agent as HttpAgent, ClientRequest, IncomingMessage, RequestOptions} from 'node:http';
import type {Socket} from 'node:net';
import type {Duplex} from 'node:stream';
import type {ConnectionOptions} from 'node:tls';
import type {Proxy} from './proxy-env.js';
import {ProxyError} from './proxy-error.js';
import type {RegistryTls} from './registry-tls.js';
import {trustedRoots} from './trusted-roots.js';

type Callback = (error: Error | null, socket?: Socket) => void;

/**
 * Agents of this process by what they carry: the roots and a TLS context
 * cost some 100 ms to build, paid once per registry and command, not per
 * request or client.
 */
const agents = new Map<string, HttpAgent>();

/** The agent for https to a registry (through `proxy`'s tunnel when there is one). */
export function httpsAgentFor(tls: RegistryTls, proxy?: Proxy): HttpAgent {
	const key = ['https', proxy?.url.href ?? '', String(tls.rejectUnauthorized), ...tls.extraCa, tls.cert ?? '', tls.key ?? ''].join('\0');
	let agent = agents.get(key);
	if (!agent) {
		const options = tlsOptions(tls);
		agent = proxy ? tunnelAgent(options, proxy) : new (process.getBuiltinModule('node:https').Agent)({keepAlive: true, ...options});
		agents.set(key, agent);
	}

	return agent;
}

/** Plain http to a proxy, each request in absolute form (`GET http://host/v2/ HTTP/1.1`). */
export function proxyHttpAgent(proxy: Proxy): HttpAgent {
	const key = `http\0${proxy.url.href}`;
	let agent = agents.get(key);
	if (!agent) {
		agent = new (process.getBuiltinModule('node:http').Agent)({keepAlive: true});
		agents.set(key, agent);
	}

	return agent;
}

type TlsOptions = {ca?: string[]; cert?: string; key?: string; rejectUnauthorized: boolean};

function tlsOptions(tls: RegistryTls): TlsOptions {
	// Not verified: no roots to load. Verified: the roots and the registry's own CAs.
	const ca = tls.rejectUnauthorized ? [...trustedRoots(), ...tls.extraCa] : undefined;
	return {ca, cert: tls.cert, key: tls.key, rejectUnauthorized: tls.rejectUnauthorized};
}

/** https through a CONNECT tunnel: the TLS session is end to end, the proxy sees only the host and port. */
function tunnelAgent(tls: TlsOptions, proxy: Proxy): HttpAgent {
	const https = process.getBuiltinModule('node:https');
	const tlsModule = process.getBuiltinModule('node:tls');
	class TunnelAgent extends https.Agent {
		// Node's agents take the socket through the callback when createConnection returns nothing.
		override createConnection(options: RequestOptions, callback?: (error: Error | null, stream: Duplex) => void): undefined {
			const target = `${String(options.host)}:${String(options.port)}`;
			openTunnel(proxy, target, (error, socket) => {
				if (error || !socket) {
					callback?.(error ?? new ProxyError(`the proxy ${proxy.name} gave no connection to ${target}`), undefined as unknown as Duplex);
					return;
				}

				callback?.(null, tlsModule.connect({...options as ConnectionOptions, socket}));
			});
			return undefined;
		}
	}

	return new TunnelAgent({keepAlive: true, ...tls});
}

const tunnelTimeoutMs = 30_000;

function openTunnel(proxy: Proxy, target: string, callback: Callback): void {
	const http = process.getBuiltinModule('node:http');
	let settled = false;
	const settle = (error: Error | null, socket?: Socket) => {
		if (!settled) {
			settled = true;
			callback(error, socket);
		}
	};

	const request: ClientRequest = http.request({
		host: proxy.url.hostname.replace(/^\[|\]$/g, ''),
		port: proxy.url.port || 80,
		method: 'CONNECT',
		path: target,
		agent: false,
		headers: {Host: target, ...(proxy.authorization ? {'Proxy-Authorization': proxy.authorization} : {})},
	});
	request.once('connect', (response: IncomingMessage, socket: Socket, head: Buffer) => {
		if (response.statusCode !== 200) {
			socket.destroy();
			settle(proxyRefused(proxy, target, response));
			return;
		}

		if (head.length > 0) {
			socket.unshift(head);
		}

		settle(null, socket);
	});
	// A proxy that answers CONNECT without upgrading: a refusal all the same.
	request.once('response', (response: IncomingMessage) => {
		response.resume();
		settle(proxyRefused(proxy, target, response));
	});
	request.once('error', error => {
		settle(new ProxyError(`cannot reach the proxy ${proxy.name}: ${socketProblem(error)}`));
	});
	// A proxy that never answers must not hold the process open after the request gave up.
	request.setTimeout(tunnelTimeoutMs, () => {
		request.destroy(new Error(`no answer to CONNECT ${target} within ${tunnelTimeoutMs / 1000} s`));
	});
	request.end();
}

export function proxyRefused(proxy: Proxy, target: string, response: {statusCode?: number; statusMessage?: string}): ProxyError {
	const status = `${response.statusCode ?? 0} ${(response.statusMessage ?? '').replaceAll(/[^\x20-\x7E]/g, '').slice(0, 80)}`.trimEnd();
	const hint = response.statusCode === 407 ? ' (it wants credentials: http://USER:PASSWORD@HOST:PORT in the proxy variable)' : '';
	return new ProxyError(`the proxy ${proxy.name} refused the connection to ${target}: ${status}${hint}`);
}

/** ECONNREFUSED → `connection refused`: a socket error in a few words. */
export function socketProblem(error: unknown): string {
	const code = (error as {code?: unknown}).code;
	const words: Record<string, string> = {
		ECONNREFUSED: 'connection refused',
		ECONNRESET: 'connection reset',
		ENOTFOUND: 'no such host',
		EAI_AGAIN: 'the name did not resolve (temporary failure)',
		ETIMEDOUT: 'timed out',
		EHOSTUNREACH: 'host unreachable',
		ENETUNREACH: 'network unreachable',
	};
	return typeof code === 'string' && words[code] ? `${words[code]} (${code})` : String((error as Error).message ?? error).split('\n')[0]!;
}
