import {readdirSync, rmSync} from 'node:fs';
import path from 'node:path';
import {isAlive} from './alive.js';

/**
 * What writers killed mid-write leave behind: a blob's `tmp/<pid>-<hex>.part`
 * (the blob store's temp file, named after its process) and the index's
 * `index.json.tmp-*` (the atomic write's temp file, before its rename). The
 * next write collects them, as it collects dead processes' leases; fsck
 * lists them.
 */

const blobTemp = /^(\d+)-[a-f\d]+\.part$/;
const indexTemp = /^index\.json\.tmp-/;

function names(directory: string): string[] {
	try {
		return readdirSync(directory);
	} catch {
		return [];
	}
}

/** The index's temp files beside it: reported by fsck, whoever wrote them. */
export function indexTempFiles(home: string): string[] {
	return names(home).filter(name => indexTemp.test(name)).map(name => path.join(home, name));
}

/**
 * Removes the `.part` files of processes that are gone (a live one's, this
 * process's too, stay) and every index temp file. Call it holding the store
 * lock: the index is written only under it, so no live writer owns one then.
 * Returns what it removed; a file it cannot remove is left for the next write.
 */
export function collectLitter(home: string): string[] {
	const removed: string[] = [];
	const tempRoot = path.join(home, 'tmp');
	for (const name of names(tempRoot)) {
		const owner = blobTemp.exec(name);
		if (owner && !isAlive(Number(owner[1]))) {
			removed.push(...remove(path.join(tempRoot, name)));
		}
	}

	for (const file of indexTempFiles(home)) {
		removed.push(...remove(file));
	}

	return removed;
}

function remove(file: string): string[] {
	try {
		rmSync(file, {force: true});
		return [file];
	} catch {
		return [];
	}
}
