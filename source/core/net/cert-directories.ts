/**
 * Where a registry's own certificates are kept, as docker and podman look
 * for them: a directory per `host[:port]` under each certs.d. Every `*.crt`
 * in one is a CA to trust for that registry; `NAME.cert` with `NAME.key` is
 * a client certificate for mutual TLS.
 */
import path from 'node:path';

export type CertRoots = {
	/** The user's home ($HOME); its `.config/containers/certs.d` is read first, as rootless podman does. */
	home?: string;
	/** Where `/etc` is: `/` but in tests. */
	root?: string;
};

/** The directories for `hostPort` (`registry.lan:5000`, `localhost:5000`), the user's first. */
export function certDirectories(hostPort: string, roots: CertRoots = {}): string[] {
	const root = roots.root ?? '/';
	// A name that could climb out of certs.d (`..`, a slash) has no directory.
	if (hostPort === '' || hostPort.startsWith('.') || /[/\\]/.test(hostPort)) {
		return [];
	}

	return [
		...(roots.home ? [path.join(roots.home, '.config', 'containers', 'certs.d', hostPort)] : []),
		path.join(root, 'etc', 'containers', 'certs.d', hostPort),
		path.join(root, 'etc', 'docker', 'certs.d', hostPort),
	];
}

/** Where the user is told to put a registry's CA: the per-user directory podman reads, and docker's. */
export function caPlaces(hostPort: string): string[] {
	return [`~/.config/containers/certs.d/${hostPort}/ca.crt`, `/etc/docker/certs.d/${hostPort}/ca.crt`];
}
