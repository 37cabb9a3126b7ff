import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, test} from 'vitest';
import {repoRoot} from './helpers/cli.js';

/** Every module a source file imports, as written (`'../commands/format.js'`), with the file it is in. */
function importsUnder(folder: string): Array<{file: string; specifier: string}> {
	const root = path.join(repoRoot, 'source', folder);
	const found: Array<{file: string; specifier: string}> = [];
	for (const entry of readdirSync(root, {recursive: true, withFileTypes: true})) {
		if (!entry.isFile() || !/\.tsx?$/.test(entry.name)) {
			continue;
		}

		const file = path.join(entry.parentPath, entry.name);
		const text = readFileSync(file, 'utf8');
		for (const match of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
			found.push({file: path.relative(repoRoot, file), specifier: match[1] ?? match[2]!});
		}
	}

	return found;
}

/** Where a relative import lands, under source/. */
function target(file: string, specifier: string): string {
	return specifier.startsWith('.') ? path.relative(path.join(repoRoot, 'source'), path.resolve(repoRoot, path.dirname(file), specifier)) : specifier;
}

describe('the layers hold', () => {
	test('the UI imports no verb: presentation it shares with the CLI is in source/present', () => {
		const imports = importsUnder('ui');
		expect(imports.length).toBeGreaterThan(50);
		const intoCommands = imports.filter(({file, specifier}) => target(file, specifier).startsWith(`commands${path.sep}`));
		expect(intoCommands).toEqual([]);
	});

	test('the UI and the CLI reach the store only through the backend seam', () => {
		const imports = [...importsUnder('ui'), ...importsUnder('commands')];
		const intoStore = imports.filter(({file, specifier}) => target(file, specifier).startsWith(`core${path.sep}store${path.sep}`));
		expect(intoStore).toEqual([]);
	});

	test('the core and the presentation import no Ink, no React, no verb and no UI; the core not the presentation', () => {
		const layer = (file: string, specifier: string) => target(file, specifier).split(path.sep)[0];
		const wrong = [
			...importsUnder('core').filter(({file, specifier}) => ['commands', 'ui', 'present'].includes(layer(file, specifier)!)),
			...importsUnder('present').filter(({file, specifier}) => ['commands', 'ui'].includes(layer(file, specifier)!)),
			...[...importsUnder('core'), ...importsUnder('present')].filter(({specifier}) => /^(ink|react)(\/|$)/.test(specifier)),
		];
		expect(wrong).toEqual([]);
	});
});
