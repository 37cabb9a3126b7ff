import {formatPlatform} from '../core/platform.js';
import type {TagDetails} from '../core/hub/registry/browse.js';
import {ago, humanSize} from '../present/format.js';
import {clean} from './text.js';

/**
 * The registry browser's lines for the highlighted tag: its digest, each
 * platform with its compressed size, when it was created, and its labels.
 * Everything in them came from the registry: cleaned of control characters.
 */
export function tagDetailLines(shown: {reference: string; details?: TagDetails; error?: string} | undefined, now = Date.now()): string[] {
	if (!shown) {
		return [];
	}

	const name = clean(shown.reference);
	if (shown.error) {
		return [`${name}: ${clean(shown.error)}`];
	}

	const details = shown.details;
	if (!details) {
		return [`${name}: reading its manifest…`];
	}

	const platforms = platformSizes(details);
	const first = details.platforms[0];
	const labels = Object.entries(first?.labels ?? {}).map(([key, value]) => `${clean(key)}=${clean(value)}`);
	return [
		`${name}  Digest: ${clean(details.digest)}`,
		`Platforms (compressed): ${platforms.join(', ') || 'none'}`,
		`Created: ${first?.created ? `${ago(first.created, now)} (${clean(first.created)})` : '-'}  Labels: ${labels.join(', ') || 'none'}`,
	];
}

function platformSizes(details: TagDetails): string[] {
	return details.platforms.map(platform => `${platform.platform ? clean(formatPlatform(platform.platform)) : 'unknown'} ${humanSize(platform.compressedSize)}`);
}

/**
 * The Hub's line under a registry's search result: the platforms the chosen
 * tag offers, from its manifest (nothing pulled), or why they are not known.
 */
export function tagPlatformsLine(shown: {reference: string; details?: TagDetails; error?: string} | undefined): string | undefined {
	if (!shown) {
		return undefined;
	}

	const tag = clean(shown.reference.slice(shown.reference.lastIndexOf(':') + 1));
	if (shown.error) {
		return `Platforms of ${tag}: ${clean(shown.error)}`;
	}

	return shown.details
		? `Platforms of ${tag} (compressed): ${platformSizes(shown.details).join(', ') || 'none'}`
		: `Platforms of ${tag}: reading its manifest…`;
}
