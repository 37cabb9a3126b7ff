/**
 * `--tls-verify=false` (skopeo's and podman's flag): the registry of this
 * command is treated as insecure — encrypted without verification, then
 * plain http. Held for the process, which is one CLI command.
 */
const skipped = new Set<string>();

export function skipTlsVerification(domain: string): void {
	skipped.add(domain.toLowerCase());
}

export function tlsVerificationSkipped(): readonly string[] {
	return [...skipped];
}
