/**
 * Which proxy a request goes through, by docker's rules (Go's
 * ProxyFromEnvironment): HTTPS_PROXY for https, HTTP_PROXY for http, the
 * upper-case name first; never for localhost or a loopback address; not for
 * a host NO_PROXY names: `*`, a host (and its subdomains), `.domain` (its
 * subdomains only), `host:port`, an IP or a CIDR block.
 */
import {BlockList, isIP} from 'node:net';
import {RegistryError} from '../errors.js';

export type Proxy = {
	url: URL;
	/** `http://proxy.lan:3128`: the proxy as messages name it, never with its credentials. */
	name: string;
	/** `Basic …` from the URL's user and password, for Proxy-Authorization. */
	authorization?: string;
};

function variable(environment: NodeJS.ProcessEnv, name: string): string | undefined {
	const value = environment[name.toUpperCase()] || environment[name.toLowerCase()];
	return value ? value.trim() : undefined;
}

/** The proxy for `target`, or undefined when it goes direct. */
export function proxyFor(target: URL, environment: NodeJS.ProcessEnv = process.env): Proxy | undefined {
	const setting = variable(environment, target.protocol === 'https:' ? 'https_proxy' : 'http_proxy');
	if (!setting || !useProxy(target, variable(environment, 'no_proxy') ?? '')) {
		return undefined;
	}

	return parseProxy(setting, target.protocol === 'https:' ? 'HTTPS_PROXY' : 'HTTP_PROXY');
}

function parseProxy(setting: string, name: string): Proxy {
	let url: URL | undefined;
	try {
		// As Go: a setting without a scheme (`proxy.lan:3128`) is an http proxy.
		url = new URL(/^[a-z][a-z\d+.-]*:\/\//i.test(setting) ? setting : `http://${setting}`);
	} catch {}

	if (!url || !url.hostname) {
		throw new RegistryError(`${name} is not a proxy URL: ${setting.replace(/\/\/[^@/]*@/, '//').slice(0, 100)}`);
	}

	const shown = `${url.protocol}//${url.host}`;
	if (url.protocol !== 'http:') {
		throw new RegistryError(`the proxy ${shown} (${name}) is not supported: dockyard speaks to http:// proxies only`);
	}

	const authorization = url.username || url.password
		? `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`
		: undefined;
	return {url, name: shown, authorization};
}

const defaultPorts: Record<string, string> = {'http:': '80', 'https:': '443'};

function bare(hostname: string): string {
	return hostname.replace(/^\[|\]$/g, '').toLowerCase();
}

export function isLoopbackAddress(host: string): boolean {
	const address = bare(host).replace(/^::ffff:(?=\d+\.)/, '');
	return isIP(address) === 4 ? address.startsWith('127.') : isIP(address) === 6 && /^(?:0{0,4}:){7}0{0,3}1$|^::1$/.test(address);
}

/** Go's useProxy: false for loopback, localhost and what NO_PROXY names. */
export function useProxy(target: URL, noProxy: string): boolean {
	const host = bare(target.hostname);
	const port = target.port || defaultPorts[target.protocol] || '';
	if (host === 'localhost' || isLoopbackAddress(host)) {
		return false;
	}

	const ipFamily = isIP(host);
	for (const raw of noProxy.split(',')) {
		const entry = raw.trim().toLowerCase();
		if (entry === '') {
			continue;
		}

		if (entry === '*') {
			return false;
		}

		const cidr = /^(.+)\/(\d{1,3})$/.exec(entry);
		if (cidr) {
			const family = isIP(cidr[1]!);
			if (family !== 0 && family === ipFamily) {
				const block = new BlockList();
				try {
					block.addSubnet(cidr[1]!, Number(cidr[2]), family === 4 ? 'ipv4' : 'ipv6');
				} catch {
					continue;
				}

				if (block.check(host, family === 4 ? 'ipv4' : 'ipv6')) {
					return false;
				}
			}

			continue;
		}

		const {name, port: entryPort} = splitHostPort(entry);
		if (entryPort && entryPort !== port) {
			continue;
		}

		if (isIP(name) !== 0) {
			if (ipFamily !== 0 && sameAddress(name, host)) {
				return false;
			}

			continue;
		}

		// `*.lan` is `.lan`; `lan` matches lan and every subdomain; `.lan` only subdomains.
		const suffix = name.startsWith('*.') ? name.slice(1) : name;
		const matchesItself = !suffix.startsWith('.');
		const dotted = matchesItself ? `.${suffix}` : suffix;
		if (host.endsWith(dotted) || (matchesItself && host === suffix)) {
			return false;
		}
	}

	return true;
}

function splitHostPort(entry: string): {name: string; port?: string} {
	const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
	if (bracketed) {
		return {name: bracketed[1]!, port: bracketed[2]};
	}

	const colon = entry.lastIndexOf(':');
	// One colon is host:port; more is a bare IPv6 address.
	if (colon > 0 && entry.indexOf(':') === colon && /^\d+$/.test(entry.slice(colon + 1))) {
		return {name: entry.slice(0, colon), port: entry.slice(colon + 1)};
	}

	return {name: entry};
}

function sameAddress(a: string, b: string): boolean {
	const family = isIP(a);
	if (family !== isIP(b)) {
		return false;
	}

	const block = new BlockList();
	block.addAddress(a, family === 4 ? 'ipv4' : 'ipv6');
	return block.check(b, family === 4 ? 'ipv4' : 'ipv6');
}
