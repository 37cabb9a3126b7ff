/**
 * The CAs every registry connection trusts: Node's bundled roots, those of
 * NODE_EXTRA_CA_CERTS, and the system's store (where Node can read it, from
 * 22.15 / 23.5 on), as docker and podman trust the system's.
 */
import tls from 'node:tls';

let roots: string[] | undefined;

export function trustedRoots(): string[] {
	roots ??= [...new Set([...caCertificates('default') ?? tls.rootCertificates, ...caCertificates('system') ?? []])];
	return roots;
}

function caCertificates(which: 'default' | 'system'): string[] | undefined {
	const get = (tls as {getCACertificates?: (type: string) => string[]}).getCACertificates;
	try {
		return get?.(which);
	} catch {
		// A system store that cannot be read is no store: the bundled roots still hold.
		return undefined;
	}
}
