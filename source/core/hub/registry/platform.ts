/**
 * Platforms in OCI's words (`linux/amd64`, `linux/arm/v7`), and the choice of
 * one manifest from an index: os, architecture and variant, first match wins,
 * attestation entries skipped. Parsing and matching live in core/platform.ts.
 */
import type {Descriptor, Platform} from '../../oci.js';
import {formatPlatform, hostPlatform, platformMatches, platformRunsOn} from '../../platform.js';

export {formatPlatform, platformMatches} from '../../platform.js';

/** The platform this process runs on (core/platform.ts). */
export const currentPlatform = hostPlatform;

export function isAttestation(descriptor: Descriptor): boolean {
	return descriptor.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest'
		|| (descriptor.platform?.os === 'unknown' && descriptor.platform.architecture === 'unknown');
}

/** The first index entry for the platform, attestations left out; else the first that runs there (arm/v6 for arm/v7), as containerd picks. */
export function selectManifest(manifests: readonly Descriptor[], wanted: Platform): Descriptor | undefined {
	const candidates = manifests.filter(descriptor => !isAttestation(descriptor));
	return candidates.find(descriptor => platformMatches(descriptor.platform, wanted)) ?? candidates.find(descriptor => platformRunsOn(descriptor.platform, wanted));
}

/** The platforms an index offers, for the message when none fits. */
export function offeredPlatforms(manifests: readonly Descriptor[]): string[] {
	return manifests.filter(descriptor => !isAttestation(descriptor) && descriptor.platform).map(descriptor => formatPlatform(descriptor.platform!));
}
