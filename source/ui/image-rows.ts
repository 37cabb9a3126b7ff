import {ago} from '../present/format.js';
import {compareStrings} from '../core/compare.js';
import type {SnapshotImage} from '../core/backend/snapshot.js';
import {imageRows} from '../present/images.js';
import {comparePowershellNames, powershellName, powershellPublisher} from '../present/powershell.js';

export type SortKey = 'created' | 'name' | 'size';
export const sortOrder: SortKey[] = ['created', 'name', 'size'];

/** A row for one platform of an index (T, platform-rows.ts), under the row of the image it came with. */
export type PlatformOf = {
	/** `linux/arm64/v8`, as the index names it. */
	name: string;
	/** The platform's manifest digest. */
	manifest: string;
	/** Pulled: the row's image is that platform's own. */
	held: boolean;
	contentSize: number;
	diskUsage: number;
	/** The parent row's target: `--platform P TARGET` names the platform through it. */
	parent: string;
	/** The index's last platform: drawn `└─`. */
	last: boolean;
};

export type ImageRow = {
	/** Stable across re-reads: the cursor and marks follow it. */
	key: string;
	image: SnapshotImage;
	/** What `rmi`, `tag` or `create` is given for this row: the tag, or the id of an image no one tag names. */
	target: string;
	/** `repo:tag` or `<none>:<none>`; the Name in PowerShell view. */
	name: string;
	repository: string;
	tag: string;
	platform?: PlatformOf;
};

/**
 * The rows of the Local images pane: one per tag as `docker images` lists
 * them, or one per image as Get-ContainerImage does; then filtered and sorted.
 */
export function imagePaneRows(images: SnapshotImage[], options: {powershell: boolean; sort: SortKey; filter: string}): ImageRow[] {
	return filterImageRows(sortedImageRows(images, options), options.filter);
}

/** Every row, sorted: made once per store read, sort or view, not per key typed in the filter (10,000 tags take a while). */
export function sortedImageRows(images: SnapshotImage[], options: {powershell: boolean; sort: SortKey}): ImageRow[] {
	const rows: ImageRow[] = options.powershell
		// Named as the user knows it: an image with one tag by that tag (docker rmi microsoft/iis:latest), by id only when
		// no single tag picks the whole image out (none, or several: Remove-ContainerImage takes them all).
		? images.map(image => ({key: image.id, image, target: image.tags.length === 1 ? image.tags[0]! : image.id, name: powershellName(image), repository: powershellName(image), tag: ''}))
		: imageRows(images).map(row => {
			const tagged = row.tag !== '<none>';
			const name = `${row.repository}:${row.tag}`;
			return {key: `${row.image.id} ${name}`, image: row.image, target: tagged ? name : row.image.shortId, name, repository: row.repository, tag: row.tag};
		});
	return rows.sort(comparator(options.sort, options.powershell));
}

/** The sorted rows the filter keeps, in the same order. */
export function filterImageRows(rows: ImageRow[], filter: string): ImageRow[] {
	const wanted = filter.trim().toLowerCase();
	return wanted === '' ? rows : rows.filter(row => matches(row, wanted));
}

/** How many rows the pane has before a filter: per tag (untagged leaves count once) or per image. */
export function countRows(images: SnapshotImage[], powershell: boolean): number {
	if (powershell) {
		return images.length;
	}

	let count = 0;
	for (const image of images) {
		count += image.tags.length > 0 ? image.tags.length : (image.children.length === 0 ? 1 : 0);
	}

	return count;
}

function matches(row: ImageRow, wanted: string): boolean {
	return row.name.toLowerCase().includes(wanted)
		|| row.image.id.slice(7).startsWith(wanted)
		|| (row.image.title?.toLowerCase().includes(wanted) ?? false);
}

function comparator(sort: SortKey, powershell = false): (a: ImageRow, b: ImageRow) => number {
	switch (sort) {
		case 'name': {
			// PowerShell's names sort as Sort-Object sorts them, whatever their case.
			return powershell
				? (a, b) => comparePowershellNames(a.name, b.name) || compareStrings(a.key, b.key)
				: (a, b) => compareStrings(a.name, b.name) || compareStrings(a.key, b.key);
		}

		case 'size': {
			return (a, b) => (b.image.size - a.image.size) || compareStrings(a.name, b.name);
		}

		case 'created': {
			// Newest first, as docker images.
			return (a, b) => compareStrings(b.image.created, a.image.created) || compareStrings(a.name, b.name);
		}
	}
}

/**
 * The CREATED column's width: docker's longest duration, "Less than a second
 * ago". Fixed, not sized to what is shown, so the columns do not jump when an
 * image made a moment ago appears (or when it gets older).
 */
export const createdWidth = 'Less than a second ago'.length;

export {powershellPublisher};
