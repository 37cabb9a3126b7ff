/**
 * Platforms in OCI's words (`linux/amd64`, `linux/arm/v7`), and the choice of
 * one manifest from an index: os, architecture and variant, first match wins,
 * attestation entries skipped. Parsing and matching live in core/platform.ts.
 */
import type {Descriptor, Platform} from '../../oci.js';
import {formatPlatform, platformMatches} from '../../platform.js';

export {formatPlatform, platformMatches} from '../../platform.js';

const architectures: Record<string, string> = {
	x64: 'amd64',
	ia32: '386',
	arm: 'arm',
	arm64: 'arm64',
	ppc64: 'ppc64le',
	s390x: 's390x',
	riscv64: 'riscv64',
	loong64: 'loong64',
	mips: 'mips',
	mipsel: 'mipsle',
};

/** The platform this process runs on, as an index names it. Docker on macOS runs Linux images. */
export function currentPlatform(platform: NodeJS.Platform = process.platform, arch: string = process.arch): Platform {
	const os = platform === 'win32' ? 'windows' : platform === 'darwin' ? 'linux' : platform;
	const architecture = architectures[arch] ?? arch;
	if (architecture === 'arm') {
		const version = (process.config.variables as {arm_version?: string}).arm_version;
		return {os, architecture, variant: `v${version ?? '7'}`};
	}

	return {os, architecture};
}

function isAttestation(descriptor: Descriptor): boolean {
	return descriptor.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest'
		|| (descriptor.platform?.os === 'unknown' && descriptor.platform.architecture === 'unknown');
}

/** The first index entry for the platform, attestations left out. */
export function selectManifest(manifests: readonly Descriptor[], wanted: Platform): Descriptor | undefined {
	return manifests.find(descriptor => !isAttestation(descriptor) && platformMatches(descriptor.platform, wanted));
}

/** The platforms an index offers, for the message when none fits. */
export function offeredPlatforms(manifests: readonly Descriptor[]): string[] {
	return manifests.filter(descriptor => !isAttestation(descriptor) && descriptor.platform).map(descriptor => formatPlatform(descriptor.platform!));
}
