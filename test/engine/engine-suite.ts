/**
 * The engine client against a real engine, the same checks for podman and
 * docker (each file starts its engine once): ping and version, images loaded
 * from a umoci-built layout, inspect, history, tag and untag, a removal that
 * a stopped container blocks, containers (create, a file put in, commit,
 * remove), save, a pull from a loopback docker-registry with its progress,
 * a failed pull as one error, and events for a change made by the engine's
 * own CLI in another process.
 */
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {Readable} from 'node:stream';
import tar from 'tar-stream';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import type {EngineClient} from '../../source/core/engine/client.js';
import type {EventMessage, JSONMessage} from '../../source/core/engine/engine-types.js';
import {EngineConflictError, EngineNotFoundError, EngineStreamError} from '../../source/core/engine/errors.js';
import {ConflictError, DockyardError, NotFoundError} from '../../source/core/errors.js';
import {buildShellImage, engineCli, loadIntoEngine, startEngine, type EngineKind, type RunningEngine} from '../../source/devtools/engines.js';
import {startLocalRegistry, type LocalRegistry} from '../../source/devtools/local-registry.js';
import {pushImage} from '../../source/devtools/oci-images.js';
import {hasTools} from '../helpers/tools.js';

const tools: Record<EngineKind, string[]> = {
	podman: ['podman', 'runc', 'busybox', 'umoci', 'skopeo', 'docker-registry'],
	docker: ['dockerd', 'docker', 'runc', 'busybox', 'umoci', 'skopeo', 'docker-registry'],
};

/** A tar of one file, as `docker cp` sends it. */
function tarOf(name: string, content: string): Readable {
	const pack = tar.pack();
	pack.entry({name, mode: 0o644, mtime: new Date('2024-01-02T03:04:05Z')}, content);
	pack.finalize();
	return Readable.from(pack);
}

/** The names of a tar stream's entries. */
async function entryNames(stream: Readable): Promise<string[]> {
	const names: string[] = [];
	const extract = tar.extract();
	stream.pipe(extract);
	for await (const entry of extract) {
		names.push(entry.header.name);
		entry.resume();
	}

	return names;
}

/** The first event that matches, or an error after `timeoutMs`. */
async function nextEvent(events: AsyncIterator<EventMessage>, matches: (event: EventMessage) => boolean, timeoutMs: number): Promise<EventMessage> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => {
			reject(new Error(`no matching event within ${timeoutMs} ms`));
		}, timeoutMs);
	});
	try {
		const search = (async () => {
			for (;;) {
				// eslint-disable-next-line no-await-in-loop
				const next = await events.next();
				if (next.done) {
					throw new Error('the event stream ended');
				}

				if (matches(next.value)) {
					return next.value;
				}
			}
		})();
		return await Promise.race([search, timeout]);
	} finally {
		clearTimeout(timer);
	}
}

export function engineSuite(kind: EngineKind): void {
	const present = hasTools(tools[kind], `the ${kind} engine tests`);

	describe.runIf(present)(`the engine client against ${kind}`, () => {
		let engine: RunningEngine;
		let client: EngineClient;
		let registry: LocalRegistry;
		let work: string;
		let layout: string;
		const repo = 'localhost/dockyard-test/shell';

		beforeAll(async () => {
			work = mkdtempSync(path.join(os.tmpdir(), `dockyard-engine-${kind}-`));
			layout = path.join(work, 'oci');
			registry = await startLocalRegistry();
			engine = await startEngine(kind, {insecureRegistries: [registry.host]});
			client = engine.client;
			await buildShellImage({layout, tag: 'base', labels: {'org.opencontainers.image.title': 'shell'}});
			await buildShellImage({layout, tag: 'child', base: 'base', files: {'/etc/motd': 'hello\n'}});
			await loadIntoEngine(client, layout, 'base', `${repo}:1`);
		});

		afterAll(async () => {
			await engine?.stop();
			await registry?.stop();
			if (work) {
				rmSync(work, {recursive: true, force: true});
			}
		});

		test('ping and version: Engine API 1.41, and which engine it is', async () => {
			const ping = await client.ping();
			expect(ping.apiVersion).toBe('1.41');
			expect(client.kind).toBe(kind);
			const version = await client.version();
			expect(version.ApiVersion).toBe('1.41');
			expect(version.Version).toMatch(kind === 'podman' ? /^4\./ : /^20\./);
		});

		test('load: the archive skopeo made from the layout comes in under its name', async () => {
			const result = await loadIntoEngine(client, layout, 'child', `${repo}:child`);
			expect(result.loaded).toEqual([`${repo}:child`]);
		});

		test('images, inspect and history', async () => {
			const images = await client.images();
			const base = images.find(image => image.RepoTags?.includes(`${repo}:1`));
			expect(base).toBeDefined();
			expect(base!.Id).toMatch(/^sha256:[\da-f]{64}$/);
			expect(base!.Created).toBe(Date.parse('2024-01-02T03:04:05Z') / 1000);
			expect(base!.Labels).toEqual({'org.opencontainers.image.title': 'shell'});

			const inspected = await client.inspectImage(`${repo}:1`);
			expect(inspected.Id).toBe(base!.Id);
			expect(inspected.Config?.Cmd).toEqual(['/bin/sh']);
			expect(inspected.Os).toBe('linux');
			expect(inspected.RootFS.Layers).toHaveLength(1);

			const history = await client.history(`${repo}:1`);
			expect(history.map(row => row.CreatedBy)).toEqual([
				'LABEL org.opencontainers.image.title=shell',
				'CMD ["/bin/sh"]',
				'COPY busybox /bin/sh # busybox-static',
			]);
			// docker says `sha256:…`, podman the bare hex.
			expect(history[0]!.Id.replace(/^sha256:/, '')).toBe(base!.Id.replace(/^sha256:/, ''));
			expect(history.at(-1)!.Id).toBe('<missing>');
		});

		test('a name that is not there is a NotFoundError of one line', async () => {
			const error = await client.inspectImage(`${repo}:nope`).catch((error: unknown) => error);
			expect(error).toBeInstanceOf(NotFoundError);
			expect(error).toBeInstanceOf(EngineNotFoundError);
			expect((error as Error).message).toMatch(/^Error response from daemon: .*no such image/i);
			expect((error as Error).message).not.toMatch(/\n/);
		});

		test('tag, then untag of one of several tags only untags', async () => {
			await client.tag(`${repo}:1`, repo, 'extra');
			const before = await client.inspectImage(`${repo}:1`);
			expect(before.RepoTags).toEqual(expect.arrayContaining([`${repo}:1`, `${repo}:extra`]));
			const answer = await client.removeImage(`${repo}:extra`);
			expect(answer).toEqual([{Untagged: `${repo}:extra`}]);
			const after = await client.inspectImage(`${repo}:1`);
			expect(after.Id).toBe(before.Id);
			expect(after.RepoTags).toEqual([`${repo}:1`]);
		});

		test('an image a stopped container uses: removal by tag and by id is a ConflictError, both stay', async () => {
			await client.tag(`${repo}:1`, `${repo}-solo`, '1');
			const image = await client.inspectImage(`${repo}-solo:1`);
			const created = await client.createContainer({Image: `${repo}-solo:1`}, {name: `${kind}-solo`});
			try {
				// An image with a second name: drop that one, so `${repo}-solo:1` is the container's only reference.
				await client.removeImage(`${repo}:1`);
				for (const target of [`${repo}-solo:1`, image.Id]) {
					// eslint-disable-next-line no-await-in-loop
					const error = await client.removeImage(target).catch((error: unknown) => error);
					expect(error, target).toBeInstanceOf(ConflictError);
					expect(error).toBeInstanceOf(EngineConflictError);
					// docker: 409; podman: 409 (in use) or 500 (by id with more than one tag).
					expect([409, 500]).toContain((error as EngineConflictError).status);
					expect((error as Error).message).toMatch(kind === 'docker' ? /^Error response from daemon: conflict: unable to (delete|remove)/ : /^Error response from daemon: .*(in use|more than one tag)/);
					expect((error as Error).message).not.toMatch(/[\n\r\u001B]/);
				}

				const still = await client.inspectImage(image.Id);
				expect(still.RepoTags).toEqual([`${repo}-solo:1`]);
				expect((await client.containers()).map(container => container.Id)).toContain(created.Id);
			} finally {
				await client.removeContainer(created.Id);
				await client.tag(`${repo}-solo:1`, repo, '1');
			}

			expect((await client.containers()).map(container => container.Id)).not.toContain(created.Id);
		});

		test('containers: create, a file put in, commit, remove', async () => {
			const created = await client.createContainer({Image: `${repo}:1`, Cmd: ['/bin/sh']}, {name: `${kind}-work`});
			expect(created.Id).toMatch(/^[\da-f]{64}$/);
			const listed = (await client.containers()).find(container => container.Id === created.Id);
			expect(listed?.Names).toEqual([`/${kind}-work`]);
			expect(listed?.State).toBe('created');
			expect(listed?.Image).toBe(`${repo}:1`);

			await client.putArchive(created.Id, '/', tarOf('greeting.txt', 'hello from dockyard\n'));
			const committed = await client.commit({container: created.Id, repo: `${repo}-committed`, tag: '1', comment: 'a file added', author: 'dockyard tests'});
			expect(committed.Id).toMatch(/^(sha256:)?[\da-f]{64}$/);
			const image = await client.inspectImage(`${repo}-committed:1`);
			expect(image.RootFS.Layers).toHaveLength(2);
			expect(image.Comment).toBe('a file added');
			expect(image.Author).toBe('dockyard tests');

			const missing = await client.putArchive('no-such-container', '/', tarOf('x', 'x')).catch((error: unknown) => error);
			expect(missing).toBeInstanceOf(NotFoundError);

			await client.removeContainer(created.Id);
			expect((await client.containers()).map(container => container.Id)).not.toContain(created.Id);
			const removed = await client.removeImage(`${repo}-committed:1`);
			expect(removed.some(entry => entry.Deleted !== undefined)).toBe(true);
		});

		test('save: images/get streams a docker archive of the image', async () => {
			const names = await entryNames(await client.exportImages([`${repo}:1`]));
			expect(names).toContain('manifest.json');
		});

		test('pull from a loopback registry, with progress lines', async () => {
			// A layer the engine does not have yet (the shell's layer it has: `Already exists`).
			await buildShellImage({layout, tag: 'remote', base: 'base', files: {'/srv/remote.txt': `pulled into ${kind}\n`}});
			await pushImage(layout, 'remote', `${registry.host}/dockyard/pulled:2`);
			const lines: JSONMessage[] = [];
			const summary = await client.pull(`${registry.host}/dockyard/pulled`, '2', {onProgress: line => lines.push(line)});
			expect(lines.length).toBeGreaterThan(0);
			expect(summary.lines).toBe(lines.length);
			const words = lines.map(line => line.status ?? '');
			expect(words).toContain('Pulling fs layer');
			expect(words).toContain('Download complete');
			if (kind === 'docker') {
				// docker's rich stream: byte counts per layer, then Digest: and Status:.
				expect(lines.some(line => (line.progressDetail?.total ?? 0) > 0 && line.id !== undefined)).toBe(true);
				expect(summary.digest).toMatch(/^sha256:[\da-f]{64}$/);
				expect(summary.status).toBe(`Status: Downloaded newer image for ${registry.host}/dockyard/pulled:2`);
			} else {
				// podman's sparse one: the words per layer, no counts, no final status.
				expect(summary.status).toBeUndefined();
			}

			const image = await client.inspectImage(`${registry.host}/dockyard/pulled:2`);
			expect(image.RootFS.Layers).toHaveLength(2);
		});

		// docker's search goes to Docker Hub only (the internet): podman's, to its own registries, is testable here.
		if (kind === 'podman') test('search: podman searches its registries; the answer comes in docker\'s shape', async () => {
			await pushImage(layout, 'base', `${registry.host}/dockyard/searchable:1`);
			const results = await client.search('searchable');
			expect(results).toEqual([{name: `${registry.host}/dockyard/searchable`, description: '', star_count: 0, is_official: false, is_automated: false}]);
			// podman's 404 for no match is docker's empty list.
			expect(await client.search('nothing-is-called-this')).toEqual([]);
		});

		test('a pull of a tag the registry does not have: one error of one line', async () => {
			const error = await client.pull(`${registry.host}/dockyard/pulled`, 'missing').catch((error: unknown) => error);
			expect(error).toBeInstanceOf(DockyardError);
			if (kind === 'podman') {
				// podman answers 200 and reports the failure as an `error` line of the stream.
				expect(error).toBeInstanceOf(EngineStreamError);
			} else {
				expect(error).toBeInstanceOf(NotFoundError);
			}

			expect((error as Error).message).toMatch(kind === 'podman'
				? /^initializing source docker:\/\/127\.0\.0\.1:\d+\/dockyard\/pulled:missing: .*manifest unknown$/
				: /^Error response from daemon: manifest for 127\.0\.0\.1:\d+\/dockyard\/pulled:missing not found/);
			expect((error as Error).message).not.toMatch(/[\n\r\u001B]/);
		});

		test('events: a tag made by the engine\'s own CLI in another process arrives within a second', async () => {
			const events = client.events();
			try {
				await events.ready;
				const iterator = events[Symbol.asyncIterator]();
				const pending = nextEvent(iterator, event => event.Type === 'image' && event.Action === 'tag' && event.Actor.Attributes?.['name'] === `${repo}:from-cli`, 10_000);
				await engineCli(engine, ['tag', `${repo}:1`, `${repo}:from-cli`]);
				const cliDone = Date.now();
				const event = await pending;
				expect(event.Actor.ID).toContain((await client.inspectImage(`${repo}:1`)).Id.replace(/^sha256:/, ''));
				// The panes promise to follow another terminal within a second.
				expect(Date.now() - cliDone).toBeLessThan(1000);
			} finally {
				events.stop();
			}
		});

		test('events: stop() ends an iteration cleanly', async () => {
			const events = client.events();
			await events.ready;
			const drained = (async () => {
				let count = 0;
				for await (const _ of events) {
					count++;
				}

				return count;
			})();
			events.stop();
			await expect(drained).resolves.toBeGreaterThanOrEqual(0);
		});
	});
}
