/**
 * Where a registry domain is reached: the base URL of its API, and for Docker
 * Hub the search API too. Docker Hub's addresses can be overridden by
 * environment variables so tests point them at loopback fakes.
 *
 * Every registry is spoken to over https first. As dockerd decides, an
 * insecure registry (127.0.0.0/8, ::1, one listed in insecureRegistries, or
 * named by `--tls-verify=false`) takes any certificate and falls back to
 * plain http; `localhost` is verified (as podman does) but may fall back to
 * plain http when it does not speak TLS at all.
 */
import {BlockList, isIP} from 'node:net';
import {RegistryError} from '../../errors.js';
import {isLoopbackAddress} from '../../net/proxy-env.js';
import {tlsVerificationSkipped} from '../../net/tls-verify-overrides.js';
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
	/** Whether a host's certificate is verified (false for an insecure registry). */
	verifies: (url: URL) => boolean;
	/** Where HOME (for ~/.config/containers/certs.d) and the proxy variables are read. */
	environment: NodeJS.ProcessEnv;
};

export const dockerHub = {
	registry: 'https://registry-1.docker.io',
	search: 'https://index.docker.io',
} as const;

export function endpointFor(domain: string, insecureRegistries: readonly string[], environment: NodeJS.ProcessEnv = process.env): Endpoint {
	const isInsecure = insecureMatcher([...insecureRegistries, ...tlsVerificationSkipped()]);
	const allowsHttp = (url: URL) => isLoopback(url.hostname) || isInsecure(url);
	const verifies = (url: URL) => !isLoopbackAddress(url.hostname) && !isInsecure(url);
	if (domain === defaultDomain) {
		return {
			domain,
			registry: baseUrl(environment['DOCKYARD_DOCKERHUB_REGISTRY'] ?? dockerHub.registry, 'DOCKYARD_DOCKERHUB_REGISTRY'),
			search: baseUrl(environment['DOCKYARD_DOCKERHUB_SEARCH'] ?? dockerHub.search, 'DOCKYARD_DOCKERHUB_SEARCH'),
			allowsHttp,
			verifies,
			environment,
		};
	}

	// https first, always; the transport falls back to plain http where allowsHttp says it may.
	return {domain, registry: new URL(`https://${domain}`), allowsHttp, verifies, environment};
}

/** `registry.lan:5000` (that port), `registry.lan` (any port), `10.0.0.0/8` (an IP in it), as dockerd's insecure-registries. */
function insecureMatcher(entries: readonly string[]): (url: URL) => boolean {
	const names = new Set<string>();
	const blocks = new BlockList();
	for (const entry of entries.map(text => text.trim().toLowerCase().replace(/^https?:\/\//, '').replace(/\/$/, ''))) {
		const cidr = /^(.+)\/(\d{1,3})$/.exec(entry);
		const family = cidr ? isIP(cidr[1]!) : 0;
		if (cidr && family !== 0) {
			try {
				blocks.addSubnet(cidr[1]!, Number(cidr[2]), family === 4 ? 'ipv4' : 'ipv6');
			} catch {}
		} else if (entry) {
			names.add(entry);
		}
	}

	return (url: URL) => {
		const bare = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
		const family = isIP(bare);
		return names.has(url.host.toLowerCase()) || names.has(url.hostname.toLowerCase()) || names.has(bare)
			|| (family !== 0 && blocks.check(bare, family === 4 ? 'ipv4' : 'ipv6'));
	};
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
