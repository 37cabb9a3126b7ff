import {readFileSync} from 'node:fs';
import path from 'node:path';
import {expect, test} from 'vitest';
import {withKeysTable} from '../source/media/keys-table.js';
import {repoRoot} from './helpers/cli.js';

// The keymap is the one source of every key: the readme's table must be what it draws (npm run media rewrites it).
test('the readme\'s keys table is the one the keymap draws', () => {
	const readme = readFileSync(path.join(repoRoot, 'readme.md'), 'utf8');
	const redrawn = withKeysTable(readme);
	expect(redrawn, 'the keys markers are missing from readme.md').toBeDefined();
	expect(readme).toBe(redrawn);
});
