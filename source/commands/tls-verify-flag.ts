/**
 * `--tls-verify=false`, named as skopeo and podman name it: this command's
 * registry is insecure (any certificate, then plain http).
 */
import {UsageError} from '../core/errors.js';
import {parseReference} from '../core/reference.js';
import {skipTlsVerification} from '../core/net/tls-verify-overrides.js';
import type {Flags} from './command.js';

export const tlsVerifyOption = {'tls-verify': {type: 'string'}} as const;

export const tlsVerifyUsage = '      --tls-verify=false  Do not verify the registry\'s certificate (and allow plain http)';

/** Applies the flag for `domain` (a registry, `127.0.0.1:5000`); nothing when it is absent or true. */
export function applyTlsVerify(flags: Flags, domain: string | undefined): void {
	const value = flags['tls-verify'];
	if (value === undefined || typeof value !== 'string') {
		return;
	}

	// Go's strconv.ParseBool, as skopeo reads it.
	if (/^(?:1|t|true)$/i.test(value)) {
		return;
	}

	if (!/^(?:0|f|false)$/i.test(value)) {
		throw new UsageError(`invalid value "${value}" for --tls-verify: use true or false`);
	}

	if (domain) {
		skipTlsVerification(domain);
	}
}

/** The registry an image reference names, or undefined when it does not parse (the verb says why). */
export function referenceDomain(input: string | undefined): string | undefined {
	try {
		return input === undefined ? undefined : parseReference(input).domain;
	} catch {
		return undefined;
	}
}
