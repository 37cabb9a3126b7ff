import {shortId} from '../core/digest.js';
import type {TreeEntry} from '../core/backend/backend.js';
import {humanSize} from '../present/format.js';
import type {ImageRow} from './image-rows.js';
import {clean} from './text.js';

export type TreeLine = {text: string; /** A platform the index offers that is not held: drawn faint, as docker draws it. */ faint?: boolean};

/**
 * The highlighted image's part of the platform tree (`docker image ls
 * --tree`): the index (or manifest) it came through, and every platform it
 * offers, the held ones with their content and disk sizes.
 */
export function platformLines(entries: TreeEntry[] | undefined, row: ImageRow | undefined): TreeLine[] {
	if (!row) {
		return [];
	}

	if (!entries) {
		return [{text: 'Platforms: reading…'}];
	}

	const entry = entries.find(candidate => candidate.platforms.some(platform => platform.image?.id === row.image.id));
	if (!entry) {
		return [{text: `Platforms of ${clean(row.name)}: none known (T folds)`}];
	}

	const held = entry.platforms.filter(platform => platform.available).length;
	return [
		{text: `Platforms of ${clean(entry.names[0] ?? row.name)} ${shortId(entry.id)}: ${held} held of ${entry.platforms.length} (T folds)`},
		...entry.platforms.map(platform => platform.available
			? {text: `  ${platform.image?.id === row.image.id ? '●' : '✓'} ${clean(platform.platform).padEnd(16)} ${shortId(platform.id)}  content ${humanSize(platform.contentSize)}  disk ${humanSize(platform.diskUsage)}${platform.inUse ? '  in use' : ''}`}
			: {text: `    ${clean(platform.platform).padEnd(16)} ${shortId(platform.id)}  not held`, faint: true}),
	];
}
