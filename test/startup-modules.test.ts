import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, describe, expect, test} from 'vitest';
import {verbs} from '../source/commands/index.js';
import {dockyard, tempHome} from './helpers/cli.js';

/**
 * Start-up is measured by `npm run bench`, never here; what is checked here
 * is what makes it fast: a verb loads its own module and not the TUI's
 * (React, Ink) nor a schema compiler (ajv), whatever the build makes of
 * the files (a bundle's chunks are read for React's element marker).
 */
const work = mkdtempSync(path.join(os.tmpdir(), 'dockyard-startup-'));
const hook = path.join(work, 'record-loads.mjs');
writeFileSync(hook, `import {registerHooks} from 'node:module';
import {writeFileSync} from 'node:fs';
const loaded = [];
registerHooks({load(url, context, next) { loaded.push(url); return next(url, context); }});
process.on('exit', () => { writeFileSync(process.env.DOCKYARD_TEST_LOADS, loaded.join('\\n')); });
`);
// Counts the reads of index.json (every read of the index is one readFileSync of it).
const counter = path.join(work, 'count-index-reads.mjs');
writeFileSync(counter, `import fs from 'node:fs';
import {syncBuiltinESMExports} from 'node:module';
const original = fs.readFileSync;
let reads = 0;
fs.readFileSync = function (file, ...rest) { if (String(file).endsWith('index.json')) reads++; return original.call(this, file, ...rest); };
syncBuiltinESMExports();
process.on('exit', () => { fs.writeFileSync(process.env.DOCKYARD_TEST_READS, String(reads)); });
`);
// Which of Node's own modules were loaded, from process.moduleLoadList at exit.
const builtinsHook = path.join(work, 'record-builtins.mjs');
writeFileSync(builtinsHook, `process.on('exit', () => { process.getBuiltinModule('node:fs').writeFileSync(process.env.DOCKYARD_TEST_BUILTINS, process.moduleLoadList.filter(name => name.startsWith('NativeModule ')).map(name => name.slice(13)).join('\\n')); });
`);
afterAll(() => {
	rmSync(work, {recursive: true, force: true});
});

async function loadedBy(args: string[]): Promise<string[]> {
	const {home, cleanup} = tempHome();
	const list = path.join(work, `loads-${args.join('-')}.txt`);
	try {
		const result = await dockyard(home, args, {env: {NODE_OPTIONS: `--import=${hook}`, DOCKYARD_TEST_LOADS: list}});
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
		return readFileSync(list, 'utf8').split('\n').filter(url => url.startsWith('file:'));
	} finally {
		cleanup();
	}
}

function packages(urls: string[]): Set<string> {
	return new Set(urls.flatMap(url => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1] ?? []));
}

const reactMarker = 'react.transitional.element';

/**
 * The sources a run loaded: a module's own path unbundled, and in a bundle's
 * chunks the `// source/…` and `// node_modules/…` lines esbuild writes
 * above each module it put there.
 */
function sourcesIn(urls: string[]): Set<string> {
	const sources = new Set<string>();
	for (const url of urls) {
		const file = fileURLToPath(url);
		const own = /\/((?:source|dist)\/.+|node_modules\/.+)$/.exec(file)?.[1];
		if (own) {
			sources.add(own.replace(/^dist\//, 'source/').replace(/\.js$/, ''));
		}

		for (const [, marked] of readFileSync(file, 'utf8').matchAll(/^\/\/ ((?:source|node_modules)\/\S+)$/gm)) {
			sources.add(marked!.replace(/\.(?:tsx?|js)$/, ''));
		}
	}

	return sources;
}

const loadsAny = (sources: Set<string>, prefixes: string[]) => prefixes.filter(prefix => [...sources].some(source => source.startsWith(prefix)));

describe('a verb loads what it needs', () => {
	test('dockyard images loads neither React, Ink nor a schema compiler', async () => {
		const urls = await loadedBy(['images']);
		const loaded = packages(urls);
		for (const name of ['react', 'ink', 'ajv', 'conf']) {
			expect(loaded.has(name), `${name} was loaded`).toBe(false);
		}

		const withReact = urls.filter(url => readFileSync(fileURLToPath(url), 'utf8').includes(reactMarker));
		expect(withReact).toEqual([]);
	});

	test('dockyard images does not load the other verbs', async () => {
		const urls = await loadedBy(['images']);
		expect(urls.filter(url => /\/commands\/(pull|push|load|save|login|containers)\.js$/.test(url))).toEqual([]);
	});

	test('dockyard images on the store loads none of the writing, tar, lock, engine or wide-text code', async () => {
		const sources = sourcesIn(await loadedBy(['images']));
		expect(sources.has('source/core/store/store')).toBe(true);
		expect(loadsAny(sources, [
			'node_modules/tar-stream', 'node_modules/proper-lockfile', 'node_modules/string-width',
			'source/core/store/pull', 'source/core/store/load', 'source/core/store/push', 'source/core/store/commit', 'source/core/store/archive', 'source/core/store/maintenance',
			'source/core/engine/engine-backend', 'source/core/engine/client',
		])).toEqual([]);
	});

	test('dockyard images on the store loads neither node:http (its exports load undici) nor node:crypto', async () => {
		const {home, cleanup} = tempHome();
		const list = path.join(work, 'builtins-images.txt');
		try {
			const result = await dockyard(home, ['images'], {env: {NODE_OPTIONS: `--import=${builtinsHook}`, DOCKYARD_TEST_BUILTINS: list}});
			expect(result.code, result.stderr).toBe(0);
			const loaded = readFileSync(list, 'utf8').split('\n');
			expect(loaded).toContain('fs');
			expect(loaded.filter(name => /^(?:http|https|crypto|internal\/deps\/undici\/undici)$/.test(name))).toEqual([]);
		} finally {
			cleanup();
		}
	});

	test('dockyard --help loads no verb', async () => {
		const sources = sourcesIn(await loadedBy(['--help']));
		expect(sources.has('source/commands/index')).toBe(true);
		expect(loadsAny(sources, verbs.map(verb => `source/commands/${verb.name.toLowerCase()}`))).toEqual([]);
	});

	test('a reading verb parses the index once', async () => {
		const {home, cleanup} = tempHome();
		try {
			expect((await dockyard(home, ['os', 'install', 'nanoserver'])).code).toBe(0);
			for (const args of [['images'], ['inspect', 'nanoserver'], ['history', 'nanoserver'], ['tree', 'nanoserver'], ['ps', '-a']]) {
				const count = path.join(work, `reads-${args[0]!}.txt`);
				// eslint-disable-next-line no-await-in-loop
				const result = await dockyard(home, args, {env: {NODE_OPTIONS: `--import=${counter}`, DOCKYARD_TEST_READS: count}});
				expect(result.code, result.stderr).toBe(0);
				expect(`${args.join(' ')}: ${readFileSync(count, 'utf8')} read(s)`).toBe(`${args.join(' ')}: 1 read(s)`);
			}
		} finally {
			cleanup();
		}
	});

	test('every verb of the table loads the command of that name, with the same aliases', async () => {
		for (const verb of verbs) {
			// eslint-disable-next-line no-await-in-loop
			const command = await verb.load();
			expect(command.name).toBe(verb.name);
			expect(command.aliases ?? []).toEqual(verb.aliases ?? []);
			expect(Boolean(command.powershell)).toBe(Boolean(verb.powershell));
		}
	});
});
