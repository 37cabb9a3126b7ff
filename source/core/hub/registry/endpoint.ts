/**
 * Where a registry domain is reached: the base URL of its API, and for Docker
 * Hub the search API too. Docker Hub's addresses can be overridden by
 * environment variables so tests point them at loopback fakes.
 */
import {RegistryError} from '../../errors.js';
import {defaultDomain} from '../../reference.js';

export type Endpoint = {
	/** The reference domain, e.g. `127.0.0.1:5000` or `docker.io`. */
	domain: string;
	/** The registry API's origin (no `/v2`), e.g. `http://127.0.0.1:5000`. */
	registry: URL;
	/** Docker Hub's v1 search API origin; other registries are searched through `_catalog`. */
	search?: URL;
	/** Hosts (`host:port`) that may be reached over plain http. */
	allowsHttp: (url: URL) => boolean;
};

export const dockerHub = {
	registry: 'https://registry-1.docker.io',
	search: 'https://index.docker.io',
} as const;

export function endpointFor(domain: string, insecureRegistries: readonly string[], environment: NodeJS.ProcessEnv = process.env): Endpoint {
	const insecure = new Set(insecureRegistries.map(host => host.toLowerCase()));
	const allowsHttp = (url: URL) => isLoopback(url.hostname) || insecure.has(url.host.toLowerCase()) || insecure.has(url.hostname.toLowerCase());
	if (domain === defaultDomain) {
		return {
			domain,
			registry: baseUrl(environment['DOCKYARD_DOCKERHUB_REGISTRY'] ?? dockerHub.registry, 'DOCKYARD_DOCKERHUB_REGISTRY'),
			search: baseUrl(environment['DOCKYARD_DOCKERHUB_SEARCH'] ?? dockerHub.search, 'DOCKYARD_DOCKERHUB_SEARCH'),
			allowsHttp,
		};
	}

	// Plain http only where nothing crosses a network (loopback) or the user said so.
	const host = new URL(`http://${domain}`);
	const scheme = allowsHttp(host) ? 'http' : 'https';
	return {domain, registry: new URL(`${scheme}://${domain}`), allowsHttp};
}

function baseUrl(text: string, variable: string): URL {
	try {
		const url = new URL(text);
		if (url.protocol === 'http:' || url.protocol === 'https:') {
			return new URL(url.origin);
		}
	} catch {}

	throw new RegistryError(`${variable} must be an http(s) URL, not ${text}`);
}

/** localhost, 127.0.0.0/8 and ::1: traffic that never leaves the machine. */
export function isLoopback(hostname: string): boolean {
	const bare = hostname.replace(/^\[|\]$/g, '').toLowerCase();
	return bare === 'localhost' || bare === '::1' || /^127(?:\.\d{1,3}){3}$/.test(bare);
}
