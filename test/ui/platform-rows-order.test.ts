/**
 * withPlatformRows on its own: children follow their parent whatever the
 * sort, a held platform's untagged row goes under its tagged sibling, a
 * tagged sibling keeps its own row, an index of one platform adds nothing,
 * and the PowerShell view (rows per image, no tag column) gets the same.
 */
import {expect, test} from 'vitest';
import type {TreeEntry} from '../../source/core/backend/backend.js';
import type {SnapshotImage} from '../../source/core/backend/snapshot.js';
import {sortedImageRows} from '../../source/ui/image-rows.js';
import {withPlatformRows} from '../../source/ui/platform-rows.js';

const id = (letter: string) => `sha256:${letter.repeat(64)}`;

function image(letter: string, tags: string[], created: string): SnapshotImage {
	return {id: id(letter), shortId: letter.repeat(12), tags, created, size: 10, isOSImage: false, children: [], containers: [], repoDigests: []} as unknown as SnapshotImage;
}

function entry(held: Array<[string, SnapshotImage | undefined]>): TreeEntry {
	return {
		names: [],
		id: id('f'),
		created: '2024-01-01T00:00:00Z',
		inUse: false,
		contentSize: 0,
		diskUsage: 0,
		platforms: held.map(([platform, heldImage], index) => ({platform, id: id(String(index + 1)), available: Boolean(heldImage), inUse: false, contentSize: 1, diskUsage: 2, ...(heldImage ? {image: heldImage as never} : {})})),
	};
}

const amd = image('a', ['app:1'], '2024-01-02T00:00:00Z');
const arm = image('b', [], '2024-01-03T00:00:00Z');
const solo = image('c', ['solo:1'], '2024-01-04T00:00:00Z');
const images = [amd, arm, solo];
const entries = [entry([['linux/amd64', amd], ['linux/arm64', arm], ['linux/s390x', undefined]]), entry([['linux/amd64', solo]])];

test('children follow the tagged row; the held sibling\'s <none> row goes; one platform adds none', () => {
	const rows = withPlatformRows(sortedImageRows(images, {powershell: false, sort: 'created'}), entries, images);
	expect(rows.map(row => row.platform ? `  ${row.platform.name}${row.platform.held ? '' : ' (not held)'}${row.platform.last ? ' last' : ''}` : row.name)).toEqual([
		'solo:1',
		'app:1',
		'  linux/amd64',
		'  linux/arm64',
		'  linux/s390x (not held) last',
	]);
	// The held rows act on their own image; the one not held through its parent's tag.
	expect(rows[3]!.image.id).toBe(arm.id);
	expect(rows[3]!.target).toBe(arm.shortId);
	expect(rows[4]!.target).toBe('app:1');
	expect(rows[4]!.platform!.parent).toBe('app:1');
	expect(new Set(rows.map(row => row.key)).size).toBe(rows.length);
});

test('a tagged sibling keeps its own row, with the index\'s platforms under it too; without entries nothing changes', () => {
	const tagged = {...arm, tags: ['app:arm']};
	const all = [amd, tagged, solo];
	const sorted = sortedImageRows(all, {powershell: false, sort: 'name'});
	const rows = withPlatformRows(sorted, [entry([['linux/amd64', amd], ['linux/arm64', tagged]])], all);
	expect(rows.filter(row => !row.platform).map(row => row.name)).toEqual(['app:1', 'app:arm', 'solo:1']);
	expect(rows.filter(row => row.platform)).toHaveLength(4);
	expect(withPlatformRows(sorted, undefined, all)).toBe(sorted);
});

test('the PowerShell view: the untagged sibling goes under its index too', () => {
	const rows = withPlatformRows(sortedImageRows(images, {powershell: true, sort: 'created'}), entries, images);
	expect(rows.filter(row => !row.platform).map(row => row.image.id)).toEqual([solo.id, amd.id]);
	expect(rows.filter(row => row.platform)).toHaveLength(3);
});
