import type {FinalTree} from './final-tree.js';

/** docker's change kinds, as `/containers/{id}/changes` numbers them. */
export const changeKinds = {modified: 0, added: 1, deleted: 2} as const;

/** One line of `docker diff`: `Kind` 0 = C, 1 = A, 2 = D. */
export type ContainerChange = {Path: string; Kind: 0 | 1 | 2};

/**
 * What `docker diff` reports for the files `cp` put in a container: each
 * file, added (A) or, where the image already had that path, changed (C),
 * and every directory above it: changed where the image has it, added where
 * the copy made it. Sorted by path, as dockerd sorts them.
 */
export function containerChanges(copied: Array<{path: string}>, image: FinalTree): ContainerChange[] {
	const changes = new Map<string, ContainerChange['Kind']>();
	for (const {path} of copied) {
		const parts = path.split('/').filter(Boolean);
		for (let depth = 1; depth <= parts.length; depth++) {
			const inside = parts.slice(0, depth).join('/');
			const kind = image.has(inside) || (depth < parts.length && hasUnder(image, inside)) ? changeKinds.modified : changeKinds.added;
			changes.set(`/${inside}`, kind);
		}
	}

	return [...changes.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([Path, Kind]) => ({Path, Kind}));
}

/** A directory the image's tar never listed, but that holds something: it is there all the same. */
function hasUnder(image: FinalTree, directory: string): boolean {
	const prefix = `${directory}/`;
	for (const path of image.keys()) {
		if (path.startsWith(prefix)) {
			return true;
		}
	}

	return false;
}

/** `docker diff`'s line for a change. */
export function changeLine(change: ContainerChange): string {
	return `${'CAD'[change.Kind]} ${change.Path}`;
}
