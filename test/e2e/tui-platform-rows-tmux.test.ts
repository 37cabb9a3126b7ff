/**
 * T, then list keys and Enter typed in one burst in a real terminal: they
 * act on the platform rows T unfolds, at 80x24, 100x30 and 160x45 — the
 * rows are drawn in the frame of the key, never a moment later under keys
 * already typed. The index is served by Debian's docker-registry on
 * loopback; Enter on the platform not held pulls exactly that platform.
 */
import {execFileSync} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {startLocalRegistry, type LocalRegistry} from '../../source/devtools/local-registry.js';
import {buildImage, buildIndex, pushImage} from '../../source/devtools/oci-images.js';
import {hasTmux, openTerminal} from '../../source/media/tmux.js';
import {hasTools} from '../helpers/tools.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = path.join(root, 'dist', 'cli.js');
const ready = hasTools(['docker-registry', 'skopeo', 'umoci'], 'platform rows in tmux') && (hasTmux() || process.env['CI'] === 'true');
const here = process.arch === 'arm64' ? 'arm64' : 'amd64';
const others = ['amd64', 'arm64', 's390x'].filter(architecture => architecture !== here);
const last = others.at(-1)!;

let registry: LocalRegistry | undefined;
let work = '';
let reference = '';

beforeAll(async () => {
	if (!ready) {
		return;
	}

	work = mkdtempSync(path.join(os.tmpdir(), 'dockyard-platform-tmux-'));
	const layout = path.join(work, 'layout');
	registry = await startLocalRegistry();
	const architectures = [here, ...others];
	for (const architecture of architectures) {
		// eslint-disable-next-line no-await-in-loop
		await buildImage({layout, tag: architecture, platform: {os: 'linux', architecture}, steps: [{layer: {'arch.txt': `${architecture}\n`}, createdBy: 'COPY arch.txt /'}]});
	}

	buildIndex(layout, 'all', architectures.map(architecture => ({tag: architecture, platform: {os: 'linux', architecture}})));
	reference = `${registry.host}/ns/multi:1`;
	await pushImage(layout, 'all', reference, {all: true});
}, 120_000);

afterAll(async () => {
	await registry?.stop();
	if (work) {
		rmSync(work, {recursive: true, force: true});
	}
});

function dockyard(home: string, ...args: string[]): string {
	return execFileSync(process.execPath, [cli, ...args], {env: {...process.env, DOCKYARD_HOME: home, NO_COLOR: '1'}, encoding: 'utf8', timeout: 60_000});
}

function quote(value: string): string {
	return `'${value.replaceAll('\'', '\'\\\'\'')}'`;
}

describe.skipIf(!ready)('T and the keys after it in one burst (tmux)', () => {
	for (const size of [{columns: 80, rows: 24}, {columns: 100, rows: 30}, {columns: 160, rows: 45}]) {
		test(`${size.columns}x${size.rows}: T j j j typed as the app starts land on the last platform row; Enter pulls that platform`, async () => {
			expect(existsSync(cli), 'run npm run build first').toBe(true);
			const home = mkdtempSync(path.join(work, 'home-'));
			dockyard(home, 'pull', reference);
			const terminal = openTerminal(`env -u CI -u CONTINUOUS_INTEGRATION DOCKYARD_HOME=${quote(home)} ${quote(process.execPath)} ${quote(cli)}`, size);
			try {
				// Typed as the app starts, before its first frame: the image's row, then its platforms, this
				// machine's (held) and the two not held; the third j is the last row. (Enter after: a key typed
				// before the app takes the terminal is read in cooked mode, where Return is a newline.)
				terminal.sendBytes('Tjjj');
				await terminal.waitFor(`└─ linux/${last}`, 30_000);
				await terminal.waitFor('Local images 4/4', 5000);
				terminal.send('Enter');
				await terminal.waitFor(`Status: Downloaded newer image for ${reference}`, 30_000);
				// Held now: this machine's and the last; the one between was passed over (not held: no disk usage).
				const tree = dockyard(home, 'images', '--tree');
				expect(tree).toMatch(new RegExp(`├─ linux/${others[0]}\\s+[\\da-f]{12}\\s+0B`));
				expect(tree).toMatch(new RegExp(`└─ linux/${last}\\s+[\\da-f]{12}\\s+[1-9]`));
				// The tag stays on this machine's platform.
				expect(dockyard(home, 'inspect', '--format', '{{.Architecture}}', reference).trim()).toBe(here);
			} finally {
				terminal.close();
				rmSync(home, {recursive: true, force: true});
			}
		}, 90_000);
	}
});
