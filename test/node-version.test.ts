import {readFileSync} from 'node:fs';
import path from 'node:path';
import {expect, test} from 'vitest';
import {repoRoot} from './helpers/cli.js';

const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
	engines: {node: string};
	devDependencies: Record<string, string>;
};

const major = Number(process.versions.node.split('.')[0]);

test('the tests run on a Node that package.json allows (engines >=22.13: tables load string-width with require(), which 22.13 does without a warning)', () => {
	expect(manifest.engines.node).toBe('>=22.13');
	const [, minor] = process.versions.node.split('.').map(Number);
	expect(major > 22 || (major === 22 && minor! >= 13)).toBe(true);
});

test('npm test runs on the Node pinned in devDependencies, from node_modules/.bin, whatever Node the machine has', () => {
	// .ci/run names the Node it runs the unit tests on; npm test (npm_lifecycle_event) uses the pinned one.
	const expected = process.env['DOCKYARD_TEST_NODE'] ?? (process.env['npm_lifecycle_event'] === 'test' ? manifest.devDependencies['node'] : undefined);
	if (expected === undefined) {
		console.warn(`node-version: not run by npm test, so this runs on whichever Node started vitest (${process.version})`);
		return;
	}

	expect(process.versions.node === expected || String(major) === expected, `running on ${process.version}, expected ${expected}`).toBe(true);
	expect(process.execPath).toContain(path.join('node_modules', 'node'));
});
