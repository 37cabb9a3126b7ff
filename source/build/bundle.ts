/**
 * `npm run build`, after tsc: bundles the CLI and the TUI with esbuild, so a
 * command starts by reading a few files instead of resolving some three
 * hundred modules. `dist/bundle/cli.js` is the entry; every verb and the TUI
 * are their own chunks (code splitting on the dynamic imports), so a verb
 * never loads Ink; React is its production build. `dist/cli.js` becomes a
 * launcher that imports the bundle, with source maps on under DOCKYARD_DEBUG
 * (the stack traces it prints then name source/*.ts). The rest of dist/ stays tsc's output (the bench, the
 * dev tools). Run `npx tsc -p .` alone and dist/cli.js is the unbundled CLI
 * again: the same program, only slower to start.
 */
import {readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {build, type Plugin} from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = path.join(root, 'dist');

/**
 * yoga-layout's Emscripten loader asks `typeof fetch` before it decodes its
 * wasm (a base64 data: URL): in Node that first touch of `fetch` loads undici,
 * some 50 modules, and then fetches the data: URL through it, about a tenth
 * of the TUI's start. Told there is no fetch, the loader decodes the same
 * bytes itself with atob. Fails the build if yoga's text changes, so the
 * patch is never silently lost.
 */
const yogaWithoutFetch: Plugin = {
	name: 'yoga-without-fetch',
	setup(build) {
		build.onLoad({filter: /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/}, async ({path: file}) => {
			const {readFile} = await import('node:fs/promises');
			const text = await readFile(file, 'utf8');
			const asked = text.split('"function"!=typeof fetch').length - 1;
			if (asked !== 2) {
				return {errors: [{text: `yoga-layout's loader asks for fetch ${asked} times, not twice: see yogaWithoutFetch in source/build/bundle.ts`}]};
			}

			return {contents: text.replaceAll('"function"!=typeof fetch', 'true'), loader: 'js'};
		});
	},
};

const requireBanner = 'import {createRequire as __createRequire} from \'node:module\'; const require = __createRequire(import.meta.url);';

// Chunks are named by hash: the last build's must not pile up.
rmSync(path.join(dist, 'bundle'), {recursive: true, force: true});
await build({
	absWorkingDir: root,
	entryPoints: {cli: 'source/cli.tsx'},
	outdir: path.join(dist, 'bundle'),
	chunkNames: 'chunks/[name]-[hash]',
	bundle: true,
	splitting: true,
	format: 'esm',
	platform: 'node',
	target: 'node22',
	sourcemap: 'linked',
	// React and Ink choose their production code on this; the dev build also timed every render into a growing timeline.
	define: {'process.env.NODE_ENV': '"production"'},
	// Ink loads React's devtools only when DEV=true; they are not a dependency.
	external: ['react-devtools-core'],
	// CommonJS packages (React, proper-lockfile…) call require() for Node's own modules: give the ESM chunks one.
	banner: {js: requireBanner},
	plugins: [yogaWithoutFetch],
	logLevel: 'warning',
});

// Only a few chunks (the CommonJS packages') call require(): the others lose the banner, each of which
// made a require function at load (~0.1 ms a chunk, and the TUI loads some sixty). The line stays,
// blank, so the source maps' line numbers still hold.
for (const file of readdirSync(path.join(dist, 'bundle'), {recursive: true, encoding: 'utf8'})) {
	const chunk = path.join(dist, 'bundle', file);
	if (!file.endsWith('.js')) {
		continue;
	}

	const text = readFileSync(chunk, 'utf8');
	const rest = text.replace(requireBanner, '');
	if (!/\brequire\b/.test(rest)) {
		writeFileSync(chunk, rest);
	}
}

writeFileSync(path.join(dist, 'cli.js'), `#!/usr/bin/env node
// Written by the build (source/build/bundle.ts): the bundled CLI. A stack trace is printed only
// with DOCKYARD_DEBUG set, and then it names source/*.ts: reading the source maps costs ~0.2 s of
// start-up, so they are turned on only then (or with NODE_OPTIONS=--enable-source-maps).
if (process.env.DOCKYARD_DEBUG) {
	process.setSourceMapsEnabled(true);
}

await import('./bundle/cli.js');
`);
