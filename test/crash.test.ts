import {existsSync, mkdirSync, readdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {openStore} from '../source/core/store/store.js';
import {dockyard, finished, startDockyard, tempHome} from './helpers/cli.js';

/** mulberry32: a small seeded generator, so that a failing run can be replayed with DOCKYARD_CRASH_SEED. */
function generator(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6D_2B_79_F5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}

const kills = Number(process.env['DOCKYARD_CRASH_KILLS'] ?? 24);
const seed = Number(process.env['DOCKYARD_CRASH_SEED'] ?? Math.floor(Math.random() * 2 ** 31));

describe('kill -9 at random moments of pull, commit, rmi and save', () => {
	const {home, cleanup} = tempHome();
	const out = path.join(home, 'out');
	const store = openStore({home});
	const durations = new Map<string, number>();
	let startup = 0;
	const slow = {DOCKYARD_OFFLINE_RATE: '2000000', DOCKYARD_LOCK_TIMEOUT_MS: '20000'};
	const commands = (round: number) => ({
		// Slowed down, so that a kill can land while layers stream in.
		pull: ['os', 'install', 'windowsservercore'],
		commit: ['commit', 'box', `snap:${round}`],
		rmi: ['rmi', `victim:${round}`],
		save: ['save', '-o', path.join(out, 'x.tar'), 'nanoserver'],
	});
	beforeAll(async () => {
		expect((await dockyard(home, ['os', 'install', 'nanoserver'])).code).toBe(0);
		expect((await dockyard(home, ['create', '--name', 'box', 'nanoserver'])).code).toBe(0);
		const file = path.join(home, 'page.html');
		writeFileSync(file, '<h1>kept</h1>');
		expect((await dockyard(home, ['cp', file, 'box:/inetpub/page.html'])).code).toBe(0);
		mkdirSync(out);
		// How long each command takes when left alone, and how long a process takes to start: the kills fall in
		// between, most of them past the start-up, where the command is at work.
		let before = Date.now();
		expect((await dockyard(home, ['--version'])).code).toBe(0);
		startup = Date.now() - before;
		for (const [operation, args] of Object.entries(commands(0))) {
			if (operation === 'rmi') {
				// eslint-disable-next-line no-await-in-loop
				await store.tag('nanoserver', 'victim:0');
			}

			before = Date.now();
			// eslint-disable-next-line no-await-in-loop
			const result = await dockyard(home, args, {env: slow});
			expect(result.code, result.stderr).toBe(0);
			durations.set(operation, Date.now() - before);
		}

		// eslint-disable-next-line no-await-in-loop
		await store.removeImage('windowsservercore', {force: true});
	});
	afterAll(cleanup);

	test(`${kills} kills, seeded (DOCKYARD_CRASH_SEED=${seed}), leave a store that fsck finds clean`, async () => {
		console.log(`crash test: seed ${seed}, ${kills} kills (replay: DOCKYARD_CRASH_SEED=${seed})`);
		const random = generator(seed);
		const started = Date.now();
		const operations = ['pull', 'commit', 'rmi', 'save'] as const;
		const done: string[] = [];
		for (let round = 0; round < kills; round++) {
			const view = store.read();
			// What the killed command must not take away: every image, every tag but the one an rmi names.
			const victim = `victim:${round}`;
			// eslint-disable-next-line no-await-in-loop
			await store.tag('nanoserver', victim);
			const images = new Set(view.images.map(image => image.id));
			const tags = Object.keys(store.read().tagIndex);
			const operation = operations[Math.floor(random() * operations.length)]!;
			const args = commands(round)[operation];
			const child = startDockyard(home, args, slow);
			const duration = durations.get(operation)!;
			const from = random() < 0.25 ? 0 : startup * 0.9;
			const delay = Math.floor(from + (random() * (duration - from)));
			const timer = setTimeout(() => child.kill('SIGKILL'), delay);
			// eslint-disable-next-line no-await-in-loop
			const result = await finished(child, 30_000, args);
			clearTimeout(timer);
			done.push(`${operation}@${delay}ms:${result.code === -1 ? 'killed' : result.code}`);
			const context = `seed ${seed}, round ${round}: ${done.at(-1)}`;
			// A command that ran to its end did so cleanly (it may finish before its kill).
			if (result.code !== -1) {
				expect(result.code, `${context}\n${result.stderr}`).toBe(0);
			}

			const after = store.read();
			for (const id of images) {
				expect(after.byId(id), `${context}: image ${id} lost`).toBeDefined();
			}

			for (const tag of tags.filter(tag => !tag.endsWith(`/${victim}`))) {
				expect(after.tagIndex[tag], `${context}: tag ${tag} lost`).toBeDefined();
			}

			// eslint-disable-next-line no-await-in-loop
			const report = await store.fsck();
			expect(report.problems, context).toEqual([]);
			// A windowsservercore that landed goes again, so that the next pull has layers to stream.
			if (after.tagIndex['docker.io/library/windowsservercore:latest']) {
				// eslint-disable-next-line no-await-in-loop
				await store.removeImage(after.tagIndex['docker.io/library/windowsservercore:latest']!, {force: true});
			}
		}

		// The next command collects what the kills left: stale leases, temp files, blobs nothing names.
		const prune = await dockyard(home, ['prune'], {env: {DOCKYARD_LOCK_TIMEOUT_MS: '20000'}});
		expect(prune.code, prune.stderr).toBe(0);
		const report = await store.fsck();
		expect(report, `seed ${seed}: ${done.join(' ')}`).toMatchObject({problems: [], orphans: [], strayTempFiles: []});
		expect(readdirSync(path.join(home, 'leases')), `seed ${seed}: stale leases`).toEqual([]);
		expect(existsSync(path.join(home, 'index.lock')), `seed ${seed}: a stale lock`).toBe(false);
		expect(readdirSync(out).filter(name => name !== 'x.tar'), `seed ${seed}: temp archives`).toEqual([]);
		expect(store.read().container('box').changes.map(change => change.path)).toEqual(['/inetpub/page.html']);
		console.log(`crash test: ${kills} rounds (${done.filter(entry => entry.endsWith('killed')).length} killed mid-way) in ${Math.round((Date.now() - started) / 100) / 10} s: ${done.join(' ')}`);
	});
});
