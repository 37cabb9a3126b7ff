import type {TreeEntry} from '../core/backend/backend.js';
import type {SnapshotImage} from '../core/backend/snapshot.js';
import {shortId} from '../core/digest.js';
import type {ImageRow, PlatformOf} from './image-rows.js';

/**
 * Local images as `docker image ls --tree` draws them (T): under each row of
 * an image pulled through an index of several platforms, one row per
 * platform the index offers, the held ones (each its own image in the store)
 * and the ones not held. A held platform's own untagged row goes: it is under
 * its index now. Children follow their parent whatever the sort or filter;
 * each has a key of its own (the parent's and the platform's manifest), so
 * the highlight holds it across re-reads.
 */
export function withPlatformRows(rows: ImageRow[], entries: TreeEntry[] | undefined, images: readonly SnapshotImage[]): ImageRow[] {
	if (!entries) {
		return rows;
	}

	const byId = new Map(images.map(image => [image.id, image]));
	const entryOf = new Map<string, TreeEntry>();
	for (const entry of entries) {
		if (entry.platforms.length > 1) {
			for (const platform of entry.platforms) {
				if (platform.image) {
					entryOf.set(platform.image.id, entry);
				}
			}
		}
	}

	// An untagged platform whose index has a tagged row shows under that row only.
	const underTagged = new Set<string>();
	for (const row of rows) {
		const entry = entryOf.get(row.image.id);
		if (entry && row.image.tags.length > 0) {
			for (const platform of entry.platforms) {
				if (platform.image && platform.image.id !== row.image.id) {
					underTagged.add(platform.image.id);
				}
			}
		}
	}

	const result: ImageRow[] = [];
	for (const row of rows) {
		const entry = entryOf.get(row.image.id);
		if (row.image.tags.length === 0 && underTagged.has(row.image.id)) {
			continue;
		}

		result.push(row);
		if (!entry) {
			continue;
		}

		for (const [index, platform] of entry.platforms.entries()) {
			const image = platform.image ? byId.get(platform.image.id) : undefined;
			const of: PlatformOf = {
				name: platform.platform,
				manifest: platform.id,
				held: image !== undefined,
				contentSize: platform.contentSize,
				diskUsage: platform.diskUsage,
				parent: row.target,
				last: index === entry.platforms.length - 1,
			};
			result.push({
				key: `${row.key} ${platform.id}`,
				// A platform not held acts through its index's row (Enter pulls it): that row's image stands in.
				image: image ?? row.image,
				target: image ? image.shortId : row.target,
				name: `${row.name} ${platform.platform}`,
				repository: row.repository,
				tag: '',
				platform: of,
			});
		}
	}

	return result;
}

/** The REPOSITORY cell of a platform row: drawn as a branch of its index's row. */
export function platformCell(platform: PlatformOf): string {
	return `${platform.last ? '└─' : '├─'} ${platform.name}`;
}

/** The IMAGE ID cell of a platform row: its manifest, as docker's tree shows it. */
export function platformId(platform: PlatformOf): string {
	return shortId(platform.manifest);
}
