/**
 * Platforms as containerd's parser reads them, so `--platform` takes what
 * docker and podman take: os and architecture aliases (aarch64, x86_64,
 * armhf, i386, …), any case, a lone architecture meaning linux, and arm's
 * default variants. One place for pull, load and the engine API's
 * `platform` parameter; matching compares the normalised forms.
 */
import {UsageError} from './errors.js';
import type {Platform} from './oci.js';

const knownOs = new Set(['aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'hurd', 'illumos', 'ios', 'js', 'linux', 'nacl', 'netbsd', 'openbsd', 'plan9', 'solaris', 'wasip1', 'windows', 'zos']);

const knownArchitectures = new Set(['386', 'amd64', 'amd64p32', 'arm', 'armbe', 'arm64', 'arm64be', 'ppc64', 'ppc64le', 'loong64', 'mips', 'mipsle', 'mips64', 'mips64le', 'mips64p32', 'mips64p32le', 'ppc', 'riscv', 'riscv64', 's390', 's390x', 'sparc', 'sparc64', 'wasm']);

export function normalizeOs(os: string): string {
	const lower = os.toLowerCase();
	return lower === 'macos' ? 'darwin' : lower;
}

/** containerd's architecture aliases and default variants (arm64's v8 is its only one, so it is left out). */
export function normalizeArchitecture(architecture: string, variant = ''): {architecture: string; variant: string} {
	const arch = architecture.toLowerCase();
	const wanted = variant.toLowerCase();
	switch (arch) {
		case 'i386': {
			return {architecture: '386', variant: ''};
		}

		case 'x86_64':
		case 'x86-64':
		case 'amd64': {
			return {architecture: 'amd64', variant: wanted === 'v1' ? '' : wanted};
		}

		case 'aarch64':
		case 'arm64': {
			return {architecture: 'arm64', variant: ['8', 'v8', 'v8.0'].includes(wanted) ? '' : wanted};
		}

		case 'armhf': {
			return {architecture: 'arm', variant: 'v7'};
		}

		case 'armel': {
			return {architecture: 'arm', variant: 'v6'};
		}

		case 'arm': {
			return {architecture: 'arm', variant: wanted === '' || wanted === '7' ? 'v7' : ['5', '6', '8'].includes(wanted) ? `v${wanted}` : wanted};
		}

		default: {
			return {architecture: arch, variant: wanted};
		}
	}
}

/** A platform in its normalised form, for comparing (arm gets v7 when it names none; arm64 loses v8). */
export function normalizePlatform(platform: Platform): Platform {
	const {architecture, variant} = normalizeArchitecture(platform.architecture, platform.variant);
	return variant ? {os: normalizeOs(platform.os), architecture, variant} : {os: normalizeOs(platform.os), architecture};
}

const part = /^[A-Za-z\d_-]+$/;

/**
 * `--platform` text: `os`, `arch`, `os/arch` or `os/arch/variant`, as containerd's
 * `platforms.Parse`; a lone architecture means linux (the OS docker's images are for).
 * `host` fills in what a lone OS leaves out.
 */
export function parsePlatform(text: string, host: Platform = {os: 'linux', architecture: 'amd64'}): Platform {
	const parts = text.trim().split('/');
	const invalid = (why: string) => new UsageError(`invalid platform ${text.slice(0, 100)}: ${why}; use os/arch[/variant], e.g. linux/amd64`);
	if (parts.length > 3 || !parts.every(piece => part.test(piece))) {
		throw invalid('not os/arch[/variant]');
	}

	const shaped = (os: string, architecture: string, variant: string): Platform => variant ? {os, architecture, variant} : {os, architecture};
	if (parts.length === 1) {
		const os = normalizeOs(parts[0]!);
		if (knownOs.has(os)) {
			return shaped(os, host.architecture, host.variant ?? '');
		}

		const {architecture, variant} = normalizeArchitecture(parts[0]!);
		if (knownArchitectures.has(architecture)) {
			return shaped('linux', architecture, architecture === 'arm' && variant === 'v7' ? '' : variant);
		}

		throw invalid('unknown operating system or architecture');
	}

	const os = normalizeOs(parts[0]!);
	if (parts.length === 2) {
		const {architecture, variant} = normalizeArchitecture(parts[1]!);
		return shaped(os, architecture, architecture === 'arm' && variant === 'v7' ? '' : variant);
	}

	const {architecture, variant} = normalizeArchitecture(parts[1]!, parts[2]!);
	return shaped(os, architecture, architecture === 'arm64' && variant === '' ? 'v8' : variant);
}

/**
 * Whether an image's own platform (an index entry's, or a config's) is the
 * one wanted: os, architecture and variant after normalising (so `linux/arm`
 * is arm/v7 and arm64/v8 is arm64); a wanted platform without a variant
 * takes any variant of an architecture that has no default one.
 */
export function platformMatches(have: Platform | undefined, wanted: Platform): boolean {
	if (!isPlatform(have)) {
		return false;
	}

	const image = normalizePlatform(have);
	const asked = normalizePlatform(wanted);
	if (image.os !== asked.os || image.architecture !== asked.architecture) {
		return false;
	}

	return !asked.variant || (image.variant ?? '') === asked.variant;
}

/** What runs where the wanted platform runs, as containerd's matcher allows: an older arm (v6 on v7) or amd64 level. */
export function platformRunsOn(have: Platform | undefined, wanted: Platform): boolean {
	if (!isPlatform(have)) {
		return false;
	}

	const image = normalizePlatform(have);
	const asked = normalizePlatform(wanted);
	if (image.os !== asked.os || image.architecture !== asked.architecture || !['arm', 'amd64'].includes(asked.architecture)) {
		return false;
	}

	const level = (variant: string | undefined) => Number(/^v(\d)$/.exec(variant ?? (asked.architecture === 'amd64' ? 'v1' : ''))?.[1] ?? Number.NaN);
	return level(image.variant) <= level(asked.variant);
}

function isPlatform(value: Platform | undefined): value is Platform {
	return typeof value?.os === 'string' && typeof value.architecture === 'string';
}

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
export function hostPlatform(platform: NodeJS.Platform = process.platform, arch: string = process.arch): Platform {
	const os = platform === 'win32' ? 'windows' : platform === 'darwin' ? 'linux' : platform;
	const architecture = architectures[arch] ?? arch;
	if (architecture === 'arm') {
		const version = (process.config.variables as {arm_version?: string}).arm_version;
		return {os, architecture, variant: `v${version ?? '7'}`};
	}

	return {os, architecture};
}

export function formatPlatform(platform: Platform): string {
	return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
}
