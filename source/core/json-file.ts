import {mkdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {writeFileSync as atomicWriteFileSync} from 'atomically';

/**
 * The index and the settings as files: a read is one readFileSync and one
 * JSON.parse (no schema compiler is loaded, which cost ~190 ms a command),
 * a write is atomic (temp file, fsync, rename: a crash leaves the old file or
 * the new, never half of one), tab-indented as conf wrote them.
 */

/** The file's JSON, or undefined when there is no such file. A file that is not JSON throws (SyntaxError); one that cannot be read throws its errno. */
export function readJsonFile(file: string): unknown {
	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch (error) {
		// ENOTDIR: a part of the path is a file, so there is no file here either (what the caller reports, if anything, is its own).
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOENT' || code === 'ENOTDIR') {
			return undefined;
		}

		throw error;
	}

	return JSON.parse(text) as unknown;
}

export function writeJsonFile(file: string, data: unknown): void {
	mkdirSync(path.dirname(file), {recursive: true});
	atomicWriteFileSync(file, JSON.stringify(data, undefined, '\t'));
}

/** A plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
