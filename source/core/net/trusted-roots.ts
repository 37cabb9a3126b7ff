/**
 * The CAs every registry connection trusts: Node's bundled roots, those of
 * NODE_EXTRA_CA_CERTS, and the system's store (where Node can read it, from
 * 22.15 / 23.5 on), as docker and podman trust the system's.
 */
let roots: string[] | undefined;

export function trustedRoots(): string[] {
	// Taken at the first TLS request, not imported: node:tls loads node:crypto, which a reading verb never needs.
	const tls = process.getBuiltinModule('node:tls');
	roots ??= [...new Set([...caCertificates('default') ?? tls.rootCertificates, ...caCertificates('system') ?? []])];
	return roots;
}

function caCertificates(which: 'default' | 'system'): string[] | undefined {
	const tls = process.getBuiltinModule('node:tls');
	const get = (tls as {getCACertificates?: (type: string) => string[]}).getCACertificates;
	try {
		return get?.(which);
	} catch {
		// A system store that cannot be read is no store: the bundled roots still hold.
		return undefined;
	}
}
