import {labels} from '../oci.js';

/**
 * Labels that name an image itself, not what it was built from: a commit's
 * child never inherits them from its parent (its base is the parent now, and
 * its PowerShell Name, Publisher and Version are its own, or none).
 */
export const ownLabels = [labels.baseName, labels.baseDigest, labels.title, labels.vendor, labels.version, labels.description] as const;

/** New-ContainerImage's -Publisher, -Name and -Version as the labels the PowerShell columns read. */
export function commitLabels(options: {publisher?: string; title?: string; version?: string}): Record<string, string> {
	return {
		...(options.publisher ? {[labels.vendor]: options.publisher} : {}),
		...(options.title ? {[labels.title]: options.title} : {}),
		...(options.version ? {[labels.version]: fourPartVersion(options.version)} : {}),
	};
}

/** PowerShell's System.Version shows every part: 1.0 → 1.0.0.0. */
export function fourPartVersion(version: string): string {
	if (!/^\d+(\.\d+){0,3}$/.test(version)) {
		return version;
	}

	const parts = version.split('.');
	while (parts.length < 4) {
		parts.push('0');
	}

	return parts.join('.');
}
