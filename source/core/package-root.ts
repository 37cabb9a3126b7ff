import {readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

/**
 * dockyard's own package folder: the nearest folder above this module whose
 * package.json names dockyard. Walked up to, not assumed a fixed number of
 * levels away, because the same module runs from source/ (tests), from tsc's
 * dist/ and from the esbuild bundle in dist/bundle/.
 */
export function packageRoot(from: string = path.dirname(fileURLToPath(import.meta.url))): string | undefined {
	for (let directory = from; ; directory = path.dirname(directory)) {
		if (manifestIn(directory)?.name === 'dockyard') {
			return directory;
		}

		if (path.dirname(directory) === directory) {
			return undefined;
		}
	}
}

/** The version in dockyard's package.json, or `unknown` when it cannot be found. */
export function packageVersion(): string {
	const root = packageRoot();
	return (root ? manifestIn(root)?.version : undefined) ?? 'unknown';
}

function manifestIn(directory: string): {name?: string; version?: string} | undefined {
	try {
		return JSON.parse(readFileSync(path.join(directory, 'package.json'), 'utf8')) as {name?: string; version?: string};
	} catch {
		return undefined;
	}
}
