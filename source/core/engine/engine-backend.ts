/**
 * A Docker or Podman engine behind the Backend interface, over the Engine API
 * client. The engine holds the images; the rules stay dockyard's: lookups,
 * dependents and the removal plan are computed in the core from a snapshot
 * of the engine (stricter than either engine: a stopped container or a child
 * image always blocks, and `force=true` is never sent for a removal that has
 * dependents, since podman would delete the containers). What dockyard's own
 * hubs serve (the offline catalog) is fetched into the embedded store and
 * loaded into the engine.
 */
import {commitChanges} from './commit-changes.js';
import {formatPlatform} from '../platform.js';
import {createReadStream, createWriteStream} from 'node:fs';
import path from 'node:path';
import {Readable} from 'node:stream';
import {pipeline} from 'node:stream/promises';
import {ConflictError, DockyardError, MissingBaseError, NotFoundError, UsageError} from '../errors.js';
import {hubFor, searchHub} from '../hub/route.js';
import type {SearchResult} from '../hub/hub.js';
import {OfflineCatalog} from '../hub/catalog.js';
import {canonicalName, canonicalString, familiarName, familiarString, parseReference, withDefaultTag, type Reference} from '../reference.js';
import {readSettings} from '../settings.js';
import {storeHome} from '../store/home.js';
import {containerPath, hostFile} from '../copy-rules.js';
import type {Store} from '../store/store.js';
import {teach, type TeachContext} from '../teach.js';
import {removalEffects} from '../backend/powershell-identity.js';
import {cleanText} from '../text.js';
import type {Backend, BackendPullOptions, BackendPullResult, BackendPushResult, BackendRemovalResult, Capabilities, CommitOptions, Searcher} from '../backend/backend.js';
import type {Container, HistoryRow, Image, PullEvent} from '../backend/model.js';
import {planBatch, planRemoval, refusalError, type RemovalOptions} from '../backend/removal.js';
import {Snapshot} from '../backend/snapshot.js';
import {EngineClient} from './client.js';
import type {EngineAddress} from './host.js';
import {containerOf, engineId, historyRowOf, imageOf} from './engine-model.js';
import {watchEngine} from './engine-watch.js';
import {PullLines, pullEventOf} from './pull-events.js';

export type EngineBackendOptions = {
	/** `unix:///…` or `tcp://…`, as docker shows it. */
	host: string;
	address?: EngineAddress;
	/** The docker command to teach against this engine (`docker -H …`, `docker --context …`, `docker`). */
	dockerPrefix?: string;
	/** Where DOCKYARD_HOME, the hub setting and registry credentials are read. */
	environment?: NodeJS.ProcessEnv;
	/** The embedded store that dockyard's own hubs pull into before a load (the default store). */
	store?: () => Store;
	/** Milliseconds to reach the engine (the transport's default otherwise). */
	connectTimeoutMs?: number;
};

export class EngineBackend implements Backend {
	readonly teaching: TeachContext;
	readonly capabilities: Capabilities;
	readonly host: string;
	readonly #options: EngineBackendOptions;
	readonly #environment: NodeJS.ProcessEnv;
	#client: Promise<EngineClient> | undefined;
	#connected: EngineClient | undefined;
	#store: Store | undefined;

	/** Connected on first use: a verb's --help needs no engine, and every method is async anyway. */
	constructor(options: EngineBackendOptions) {
		this.#options = options;
		this.host = options.host;
		this.#environment = options.environment ?? process.env;
		this.teaching = {docker: options.dockerPrefix ?? 'docker'};
		this.capabilities = {
			// docker load's lines, as the engine wrote them (`Loaded image: …`).
			load: async (input, options) => {
				const client = await this.client();
				return (await client.loadImages(typeof input === 'string' ? createReadStream(input) : input, options?.platform ? {platform: options.platform} : {})).lines;
			},
			push: async (input, options) => this.#push(input, options),
			save: async (targets, file) => {
				const snapshot = await this.snapshot();
				const images = targets.map(target => snapshot.image(target));
				const client = await this.client();
				// As docker save: a tag saves that name, an id the image with all of its names.
				const names = targets.map((target, index) => {
					const resolution = snapshot.resolve(target);
					return resolution.tag ?? images[index]!.id;
				});
				// The engine's images/get stream as it comes: to the file, or to the stream given (stdout).
				const archive = await client.exportImages(names);
				await (typeof file === 'string' ? pipeline(archive, createWriteStream(file)) : pipeline(archive, file, {end: false}));
				return images;
			},
			containerChanges: async target => (await this.client()).containerChanges(target),
			// The engine's `images/get`, read once as it streams (analyze, compare).
			imageLayers: async (target, options) => {
				const client = await this.client();
				const {archiveImageLayers} = await import('../analysis/archive-layers.js');
				return archiveImageLayers(await client.exportImages([target]), options);
			},
		};
	}

	/** `podman unix:///…` / `docker tcp://…` once connected; `engine …` before. */
	get label(): string {
		return `${this.#connected?.kind ?? 'engine'} ${this.host}`;
	}

	/** The client, pinged once; a failed connection is retried on the next call. */
	async client(): Promise<EngineClient> {
		this.#client ??= EngineClient.connect(this.#options.address ? {host: this.host, address: this.#options.address} : this.host, {connectTimeoutMs: this.#options.connectTimeoutMs}).then(client => {
			this.#connected = client;
			return client;
		}, (error: unknown) => {
			this.#client = undefined;
			throw error;
		});
		return this.#client;
	}

	/** Connects now (the TUI's title then names the engine's kind). */
	async ready(): Promise<void> {
		await this.client();
	}

	async snapshot(): Promise<Snapshot> {
		const client = await this.client();
		const [images, containers] = await Promise.all([client.images({all: true}), client.containers()]);
		return Snapshot.of(images.map(summary => imageOf(summary)).filter(image => image.id !== ''), containers.map(summary => containerOf(summary)), undefined, {engineOrder: true});
	}

	watch(onChange: () => void): () => void {
		return watchEngine(async () => this.client(), onChange);
	}

	async history(target: string, snapshot?: Snapshot): Promise<HistoryRow[]> {
		const image = (snapshot ?? await this.snapshot()).image(target);
		const client = await this.client();
		return (await client.history(image.id)).map(item => historyRowOf(item));
	}

	async inspect(target: string): Promise<Record<string, unknown>> {
		const image = (await this.snapshot()).image(target);
		const client = await this.client();
		return await client.inspectImage(image.id) as unknown as Record<string, unknown>;
	}

	// --- pull --------------------------------------------------------------------

	async pull(input: string, options: BackendPullOptions = {}): Promise<BackendPullResult> {
		const asked = parseReference(input);
		const reference = withDefaultTag(asked);
		const notes = asked.tag || asked.digest ? [] : ['Using default tag: latest'];
		if (this.#servedByDockyard(reference)) {
			return this.#pullThroughStore(reference, notes, options);
		}

		const client = await this.client();
		const before = await this.#idOf(reference);
		const lines = new PullLines();
		const emit = (event: PullEvent) => {
			lines.add(event);
			options.onProgress?.(event);
		};

		for (const note of notes) {
			emit({kind: 'status', message: note});
		}

		const platform = options.platform ? [options.platform.os, options.platform.architecture, options.platform.variant].filter(Boolean).join('/') : undefined;
		// The user's credentials for the image's registry, as docker sends them (`e30=` when none); loaded by the verbs that send them.
		const {keepingSecrets, registryAuthFor, scrubbedProgress} = await import('./registry-auth.js');
		const auth = await registryAuthFor(reference.domain, this.#environment);
		await keepingSecrets(auth.secrets, async () => client.pull(canonicalName(reference), reference.digest ?? reference.tag!, {
			platform,
			signal: options.signal,
			registryAuth: auth.header,
			onProgress: scrubbedProgress(pullEventOf, auth.secrets, emit),
		}));
		const after = await this.#idOf(reference);
		if (!after) {
			throw new DockyardError(`the engine finished pulling ${familiarString(reference)} but does not list it`);
		}

		const upToDate = before === after;
		const result = lines.lines;
		if (!lines.has('Status: ')) {
			// podman says no last word: docker's, from what the pull did.
			result.push(`Status: ${upToDate ? 'Image is up to date' : 'Downloaded newer image'} for ${familiarString(reference)}`);
		}

		result.push(canonicalString(reference));
		return {lines: result, reference: familiarString(reference), upToDate, image: after, teach: teach({kind: 'pull', reference: familiarString(asked), platform}, this.teaching)};
	}

	// --- push --------------------------------------------------------------------

	/**
	 * docker push NAME[:TAG] through the engine's `images/{name}/push`, with the
	 * user's credentials for that registry. The name must be one the engine
	 * lists (checked first, in docker's words); the lines are what docker's
	 * CLI prints against the same engine.
	 */
	async #push(input: string, options: Pick<BackendPullOptions, 'onProgress' | 'signal'> = {}): Promise<BackendPushResult> {
		const asked = parseReference(input);
		if (asked.digest) {
			throw new DockyardError(`cannot push a digest reference: ${familiarString(asked)}`);
		}

		const reference = withDefaultTag(asked) as Reference & {tag: string};
		const notes = asked.tag ? [] : [`Using default tag: ${reference.tag}`];
		const snapshot = await this.snapshot();
		if (!snapshot.images.some(image => image.tags.includes(familiarString(reference)))) {
			throw new DockyardError(`An image does not exist locally with the tag: ${familiarName(reference)}`);
		}

		for (const note of notes) {
			options.onProgress?.({kind: 'status', message: note});
		}

		const client = await this.client();
		const {keepingSecrets, registryAuthFor, scrubbedProgress, withoutSecrets} = await import('./registry-auth.js');
		const auth = await registryAuthFor(reference.domain, this.#environment);
		const {pushEventOf, pushLines} = await import('./push-events.js');
		const messages = await keepingSecrets(auth.secrets, async () => client.push(canonicalName(reference), reference.tag, {
			signal: options.signal,
			registryAuth: auth.header,
			onProgress: scrubbedProgress(pushEventOf, auth.secrets, event => options.onProgress?.(event)),
		}));
		const lines = [...notes, ...pushLines(messages).map(line => withoutSecrets(line, auth.secrets))];
		return {lines, reference: familiarString(reference), teach: teach({kind: 'push', reference: familiarString(asked)}, this.teaching)};
	}

	/** docker.io names while the hub setting is the offline catalog: only dockyard can fetch those. */
	#servedByDockyard(reference: Reference): boolean {
		return hubFor(reference, readSettings(this.#storeHome(), this.#environment)) instanceof OfflineCatalog;
	}

	/**
	 * Fetched by the embedded store (so its rules hold there: an image built on
	 * a base OS image needs that base installed in the store first), then
	 * loaded into the engine with the archive's bytes as progress.
	 */
	async #pullThroughStore(reference: Reference, notes: string[], options: BackendPullOptions): Promise<BackendPullResult> {
		const store = await this.#theStore();
		let pulled;
		try {
			pulled = await store.pull(familiarString(reference), {onProgress: options.onProgress, signal: options.signal, platform: options.platform, concurrency: options.concurrency});
		} catch (error) {
			throw error instanceof MissingBaseError ? throughTheStore(error) : error;
		}

		// Asked after the store's pull: the store changes nothing in the engine, and a refusal there needs no engine.
		const before = await this.#idOf(reference);
		const client = await this.client();
		const loadId = `load ${pulled.image.shortId}`;
		const {sendToEngine} = await import('./load-from-store.js');
		await sendToEngine(store, client, [pulled.image.id === (await this.#storeId(store, reference)) ? familiarString(reference) : pulled.image.id], {
			signal: options.signal,
			onProgress: progress => options.onProgress?.({kind: 'layer', id: loadId, status: 'Downloading', current: progress.sent, total: progress.total}),
		});
		const after = await this.#idOf(reference);
		if (!after) {
			throw new DockyardError(`the engine loaded ${familiarString(reference)} but does not list it`);
		}

		const upToDate = before === after;
		// The store's own lines (Pulling from, layers, Digest), then docker's Status for the engine.
		const lines = [...notes.filter(note => !pulled.lines.includes(note)), ...pulled.lines.filter(line => !line.startsWith('Status: ') && line !== canonicalString(reference))];
		lines.push(`Status: ${upToDate ? 'Image is up to date' : 'Downloaded newer image'} for ${familiarString(reference)}`, canonicalString(reference));
		return {lines, reference: familiarString(reference), upToDate, image: after, teach: teach({kind: 'pull', reference: familiarString(reference), platform: options.platform && formatPlatform(options.platform)}, this.teaching)};
	}

	async #storeId(store: Store, reference: Reference): Promise<string | undefined> {
		try {
			return store.read().image(familiarString(reference)).id;
		} catch {
			return undefined;
		}
	}

	async #idOf(reference: Reference): Promise<string | undefined> {
		try {
			return (await this.snapshot()).image(familiarString(reference)).id;
		} catch (error) {
			if (error instanceof NotFoundError) {
				return undefined;
			}

			throw error;
		}
	}

	// --- hubs --------------------------------------------------------------------

	searchHub(options: {registry?: string} = {}): Searcher {
		const settings = readSettings(this.#storeHome(), this.#environment);
		const dockyards = searchHub(settings, {registry: options.registry, environment: this.#environment});
		// A registry domain, or docker.io names while they go to the offline catalog: dockyard's own hubs, as in the store.
		if (options.registry !== undefined || dockyards instanceof OfflineCatalog) {
			return dockyards;
		}

		return {
			label: `${this.label} search`,
			search: async (term, {limit}) => {
				const client = await this.client();
				const rows = await client.search(term, {limit});
				return rows.map((row): SearchResult => ({
					name: cleanText(row.name),
					description: cleanText(row.description),
					stars: row.star_count,
					official: row.is_official,
					automated: row.is_automated,
				}));
			},
		};
	}

	async tags(repository: string): Promise<string[]> {
		const reference = parseReference(repository);
		return hubFor(reference, readSettings(this.#storeHome(), this.#environment), {environment: this.#environment}).tags(reference);
	}

	// --- tags and removal ------------------------------------------------------------

	async tag(source: string, target: string): Promise<void> {
		const image = (await this.snapshot()).image(source);
		const reference = parseReference(target);
		if (reference.digest) {
			throw new UsageError(`invalid reference format: a tag cannot name a digest (${target})`);
		}

		const client = await this.client();
		await client.tag(image.id, canonicalName(reference), reference.tag ?? 'latest');
	}

	async untag(input: string): Promise<string> {
		const snapshot = await this.snapshot();
		const resolution = snapshot.resolve(input);
		if (!resolution.tag) {
			throw new UsageError(`untag takes a name with a tag, not an id: ${input}`);
		}

		const familiar = familiarString(parseReference(resolution.tag));
		const client = await this.client();
		if (resolution.image.tags.length > 1) {
			// The API has no untag: deleting one of several names of an image only untags it, on both engines.
			await client.removeImage(resolution.tag);
			return familiar;
		}

		if (client.kind === 'podman') {
			const reference = parseReference(resolution.tag);
			await client.untag(resolution.image.id, canonicalName(reference), reference.tag ?? 'latest');
			return familiar;
		}

		throw new ConflictError(`docker cannot untag ${familiar}: it is the image's last tag, and docker only drops a last tag by deleting the image (use rmi)`);
	}

	async planRemoval(targets: string[], options: RemovalOptions = {}) {
		return planBatch(await this.snapshot(), targets, options);
	}

	/**
	 * Re-planned on a fresh snapshot; any refusal refuses all. Then one
	 * DELETE per target, as planned: a name the image shares only untags; a
	 * delete is forced only when the user forced an id with several names
	 * (the plan has checked that nothing depends on it). The first answer the
	 * engine refuses ends it, in the engine's words.
	 */
	async remove(targets: string[], options: RemovalOptions = {}): Promise<BackendRemovalResult> {
		let snapshot: Snapshot = await this.snapshot();
		const effects = removalEffects(snapshot, targets, options);
		const batch = planBatch(snapshot, targets, options);
		if (!batch.allowed) {
			throw refusalError(batch.refusals);
		}

		const client = await this.client();
		const untagged: string[] = [];
		const deleted: string[] = [];
		for (const target of batch.targets) {
			const {image, tag, byId} = snapshot.resolve(target);
			const plan = planRemoval(snapshot, target, options);
			if (!plan.allowed) {
				throw refusalError([{target, message: plan.message, rule: plan.rule, dependents: plan.dependents}]);
			}

			// A forced removal by id of an image with several tags is done as one unforced DELETE per tag: the
			// engine never gets force=true, so a container made since the snapshot (which podman's force would
			// delete with the image) still stops the last DELETE, in the engine's own words.
			const names = byId && image.tags.length > 1 ? image.tags : [tag ?? image.id];
			const answer = [];
			for (const name of names) {
				// eslint-disable-next-line no-await-in-loop
				answer.push(...await client.removeImage(name, {noprune: options.prune === false}));
			}

			for (const item of answer) {
				if (item.Untagged) {
					untagged.push(cleanText(item.Untagged));
				}

				if (item.Deleted) {
					deleted.push(engineId(item.Deleted) ?? cleanText(item.Deleted));
				}
			}

			snapshot = snapshot.without(plan.untag, plan.delete);
		}

		return {untagged, deleted, teach: teach({kind: 'rmi', target: targets[0]!, more: targets.slice(1), force: options.force, effects}, this.teaching)};
	}

	// --- containers --------------------------------------------------------------

	async createContainer(target: string, options: {name?: string} = {}): Promise<Container> {
		const snapshot = await this.snapshot();
		const resolution = snapshot.resolve(target);
		const client = await this.client();
		const inspected = await client.inspectImage(resolution.image.id);
		// As docker create: the name the user gave is what ps shows in IMAGE.
		const imageRef = resolution.tag ? familiarString(parseReference(resolution.tag)) : resolution.image.id;
		const created = await client.createContainer({Image: imageRef, Cmd: inspected.Config?.Cmd ?? undefined}, {name: options.name});
		return this.#container(created.Id);
	}

	async removeContainer(target: string): Promise<Container> {
		const container = (await this.snapshot()).container(target);
		const client = await this.client();
		await client.removeContainer(container.id);
		return container;
	}

	/** One file, tarred, put at the destination; the destination rules are the store's cp's. */
	async copyIntoContainer(target: string, hostPath: string, destination: string): Promise<{path: string; size: number}> {
		const container = (await this.snapshot()).container(target);
		// Every check before anything is sent: a refused cp changes nothing.
		const where = containerPath(destination, hostPath);
		const info = await hostFile(hostPath);
		const {default: tar} = await import('tar-stream');
		const pack = tar.pack();
		const entry = pack.entry({name: path.posix.basename(where), size: info.size, mode: info.mode & 0o777, mtime: info.mtime});
		const filled = pipeline(createReadStream(hostPath), entry).then(() => pack.finalize());
		const client = await this.client();
		await Promise.all([client.putArchive(container.id, path.posix.dirname(where), Readable.from(pack)), filled]);
		return {path: where, size: info.size};
	}

	async commit(target: string, options: CommitOptions = {}): Promise<Image> {
		const container = (await this.snapshot()).container(target);
		const reference = options.repository ? withDefaultTag(parseReference(options.repository)) : undefined;
		if (reference?.digest) {
			throw new UsageError(`invalid reference format: a commit cannot name a digest (${options.repository})`);
		}

		const client = await this.client();
		const created = await client.commit({
			container: container.id,
			repo: reference ? canonicalName(reference) : undefined,
			tag: reference?.tag,
			comment: options.message,
			author: options.author,
			changes: commitChanges((await this.snapshot()).byId(container.image)?.labels, options),
		});
		const id = engineId(created.Id)!;
		const image = (await this.snapshot()).byId(id);
		if (!image) {
			throw new DockyardError(`the engine committed ${id} but does not list it`);
		}

		return image;
	}

	async #container(id: string): Promise<Container> {
		return (await this.snapshot()).container(id);
	}

	/** Where the store's settings live: the given store's home, else the default one (no store opened for it). */
	#storeHome(): string {
		if (this.#options.store) {
			this.#store ??= this.#options.store();
			return this.#store.home;
		}

		return storeHome(this.#environment);
	}

	/** The embedded store, for what only it can fetch: loaded on that first use, so listing an engine loads no store code. */
	async #theStore(): Promise<Store> {
		if (!this.#store) {
			const {openStore} = await import('../store/store.js');
			this.#store = this.#options.store?.() ?? openStore({home: storeHome(this.#environment)});
		}

		return this.#store;
	}
}

/**
 * The store's missing-base refusal, as a user of this engine can act on it:
 * the base goes into the store the engine pulls hub images through, and
 * `dockyard os install` alone would be refused here (an engine installs no
 * base OS image), so the command names the store.
 */
function throughTheStore(error: MissingBaseError): MissingBaseError {
	const {name, version} = error.base;
	const command = `dockyard --context dockyard os install ${name} --version ${version}`;
	return new MissingBaseError(
		`${error.message.replace(/: install it first with `[^`]*`.*$/, '')}: install it first in the store this engine pulls hub images through, with \`${command}\``,
		error.details,
		error.base,
	);
}
