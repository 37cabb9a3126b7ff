import {mkdir, rm, writeFile} from 'node:fs/promises';
import path from 'node:path';
import type {Readable} from 'node:stream';
import {watchFile, unwatchFile} from 'node:fs';
import {crypto} from '../crypto.js';
import {shortId, sha256} from '../digest.js';
import {ConflictError, DockyardError, MissingBaseError, NotFoundError, RegistryError, StoreError, UsageError} from '../errors.js';
import {findOsImage, osImages} from '../hub/catalog.js';
import type {Hub, ResolvedImage} from '../hub/hub.js';
import {hubFor, type HubOptions} from '../hub/route.js';
import {labels, type ImageConfig, type Platform} from '../oci.js';
import {
	canonicalName,
	canonicalString,
	familiarName,
	familiarString,
	parseReference,
	withDefaultTag,
	type Reference,
} from '../reference.js';
import {readSettings} from '../settings.js';
import {noPowershell, teach, type Action, type Equivalents} from '../teach.js';
import {journalEntry} from '../journal.js';
import type {JournalEntry, JournalOutcome} from '../backend/model.js';
import {BadBlobError, BlobStore} from './blobs.js';
import type {ArchiveImage} from './load.js';
import {containerPath, hostFile} from '../copy-rules.js';
import type {CommitOptions} from './commit.js';
import {historyRows, type HistoryRow} from './history.js';
import {IndexFile} from './index-file.js';
import {wellFormed} from './validate.js';
import {Leases} from './leases.js';
import {LockTimeoutError, withLock} from './lock.js';
import type {FsckReport, PruneReport} from './maintenance.js';
import {containerNamePattern, randomContainerName} from './names.js';
import type {PullEvent} from './pull.js';
import {journalLimit, type ContainerRecord, type FileChange, type ImageRecord, type IndexData, type LayerRecord} from './records.js';
import {planBatch, planRemoval, refusalError, type RemovalPlan} from './removal.js';
import {formatPlatform} from '../platform.js';
import {powershellNameOf, removalEffects} from '../backend/powershell-identity.js';
import {storeHome} from './home.js';
import type {ResetReport} from './reset.js';
import {StoreView, type ImageView} from './view.js';
import {indexFields, planPlatformRemoval, tagStaysOnSibling} from './index-platforms.js';

// What only some verbs need (pull, load, push, commit, prune, fsck, reset, and their tar, lock and
// registry code) is imported where it is used, so a read such as `dockyard images` loads none of it.

export type StoreOptions = {
	home?: string;
	lockTimeoutMs?: number;
	offlineBytesPerSecond?: number;
	/** Replaces the hub routing (tests, benches). */
	hub?: (reference: Reference) => Hub;
};

export type PullOptions = {
	onProgress?: (event: PullEvent) => void;
	signal?: AbortSignal;
	platform?: Platform;
	concurrency?: number;
};

export type PullResult = {
	/** What docker prints, line by line. */
	lines: string[];
	image: ImageView;
	/** Familiar reference pulled, with its tag. */
	reference: string;
	upToDate: boolean;
	teach: Equivalents;
};

export type LoadResult = {lines: string[]; images: string[]; teach: Equivalents};

export type RemovalResult = {untagged: string[]; deleted: string[]; teach: Equivalents};

/** Errors already in the journal: an operation that journalled its refusal under the lock does not journal it again on the way out. */
const journalled = new WeakSet<Error>();

type Mutation<T> = {
	result: T;
	summary: string;
};

/**
 * The local image store: blobs on disk, an index that names them, and every
 * operation with its rules. Reads always see what is on disk now; writes take
 * the cross-process lock, re-read the index, apply the rule, then write the
 * index last. The CLI, the TUI and the tests all go through here.
 */
export class Store {
	readonly home: string;
	readonly blobs: BlobStore;
	readonly #index: IndexFile;
	readonly #leases: Leases;
	readonly #options: StoreOptions;

	constructor(options: StoreOptions = {}) {
		this.home = options.home ?? storeHome();
		this.#options = options;
		this.blobs = new BlobStore(this.home);
		this.#index = new IndexFile(this.home);
		this.#leases = new Leases(this.home);
	}

	get indexPath(): string {
		return this.#index.path;
	}

	read(): StoreView {
		return new StoreView(this.#index.read());
	}

	/** Calls back when another process (or this one) changes the index; polls once a second, which survives atomic renames. */
	watch(onChange: () => void, intervalMs = 500): () => void {
		const listener = (current: {mtimeMs: number; size: number}, previous: {mtimeMs: number; size: number}) => {
			if (current.mtimeMs !== previous.mtimeMs || current.size !== previous.size) {
				onChange();
			}
		};

		watchFile(this.indexPath, {interval: intervalMs, persistent: false}, listener);
		return () => {
			unwatchFile(this.indexPath, listener);
		};
	}

	hubFor(reference: Reference): Hub {
		return this.#options.hub?.(reference) ?? hubFor(reference, readSettings(this.home), this.#hubOptions());
	}

	// --- pushing -------------------------------------------------------------

	/** docker push NAME[:TAG]: the tag must be in the store; on success the image gains the repo digest. */
	async push(input: string, options: Omit<PullOptions, 'platform' | 'concurrency'> = {}): Promise<{lines: string[]; reference: string; teach: Equivalents}> {
		return this.#attempt((): Action => ({kind: 'push', reference: input}), async () => {
			const reference = withDefaultTag(parseReference(input)) as Reference & {tag: string};
			if (parseReference(input).digest) {
				throw new DockyardError(`cannot push a digest reference: ${familiarString(parseReference(input))}`);
			}

			const data = this.#index.read();
			const id = data.tags[canonicalString(reference)];
			const view = new StoreView(data);
			const image = id ? view.images.find(candidate => candidate.id === id) : undefined;
			if (!image) {
				throw new DockyardError(`An image does not exist locally with the tag: ${familiarName(reference)}`);
			}

			const {pushImage} = await import('./push.js');
			const outcome = await pushImage({blobs: this.blobs, image, images: view.images, reference, settings: readSettings(this.home), onProgress: options.onProgress, signal: options.signal});
			const action: Action = {kind: 'push', reference: familiarString(reference)};
			await this.#mutate(action, fresh => {
				const record = fresh.images[image.id];
				if (record && !record.repoDigests.includes(outcome.repoDigest)) {
					record.repoDigests = [...record.repoDigests.filter(entry => !entry.startsWith(`${canonicalName(reference)}@`)), outcome.repoDigest];
				}

				return {result: undefined, summary: outcome.lines.at(-1)!};
			});
			return {lines: outcome.lines, reference: familiarString(reference), teach: teach(action)};
		});
	}

	// --- pulling -------------------------------------------------------------

	async pull(input: string, options: PullOptions = {}): Promise<PullResult> {
		return this.#attempt((): Action => ({kind: 'pull', reference: input}), async () => {
			const asked = parseReference(input);
			return this.#pull(withDefaultTag(asked), {
				notes: asked.tag || asked.digest ? [] : ['Using default tag: latest'],
				extraTags: [],
				action: {kind: 'pull', reference: familiarString(asked)},
			}, options);
		});
	}

	/** Install-ContainerImage: a base OS image, latest version unless one is named. */
	async installOs(name: string, version?: string, options: PullOptions = {}): Promise<PullResult & {seconds: number}> {
		return this.#attempt((): Action => ({kind: 'os-install', name, version, repository: findOsImage(name, version)?.repository ?? name.toLowerCase()}), async () => {
			const entry = findOsImage(name, version);
			if (!entry) {
				const known = osImages().filter(image => image.name.toLowerCase() === name.toLowerCase());
				throw new NotFoundError(known.length > 0
					? `No version ${version ?? ''} of ${known[0]!.name}; available: ${known.map(image => image.version).join(', ')}`
					: `No base OS image named ${name}; available: ${[...new Set(osImages().map(image => image.name))].join(', ')}`);
			}

			const started = Date.now();
			const reference = parseReference(`${entry.repository}:${entry.version}`);
			const result = await this.#pull(reference, {
				notes: [],
				// The newest version is also `latest`, as the seed's `docker images` shows.
				extraTags: entry.latest ? [canonicalString({...reference, tag: 'latest'})] : [],
				action: {kind: 'os-install', name: entry.name, version, repository: entry.repository},
			}, options);
			const seconds = Math.round((Date.now() - started) / 1000);
			result.lines.push(`Downloaded in ${Math.floor(seconds / 3600)} hours, ${Math.floor(seconds / 60) % 60} minutes, ${seconds % 60} seconds.`);
			return {...result, seconds};
		});
	}

	async #pull(reference: Reference, plan: {notes: string[]; extraTags: string[]; action: Action}, options: PullOptions): Promise<PullResult> {
		const lines: string[] = [];
		const say = (message: string) => {
			lines.push(message);
			options.onProgress?.({kind: 'status', message});
		};

		plan.notes.forEach(say);
		const hub = this.hubFor(reference);
		const resolved = await hub.resolve(reference, {platform: options.platform});
		if (sha256(resolved.configBytes) !== resolved.manifest.config.digest) {
			throw new RegistryError(`the config of ${familiarString(reference)} does not match its digest ${resolved.manifest.config.digest}`);
		}

		say(`${reference.digest ?? reference.tag}: Pulling from ${reference.path}`);
		this.#requireBase(this.read(), resolved);

		const layers = resolved.manifest.layers.map(layer => layer.digest);
		const wanted = [...layers, resolved.manifest.config.digest];
		const absent = wanted.filter(digest => !this.blobs.has(digest));
		// Stored but damaged (wrong size, flagged by fsck): fetched again, so the image is not "up to date".
		const sizes = new Map([...resolved.manifest.layers.map(layer => [layer.digest, layer.size] as const), [resolved.manifest.config.digest, resolved.configBytes.length] as const]);
		const repaired = wanted.filter(digest => this.blobs.has(digest) && !this.blobs.usable(digest, sizes.get(digest)));
		const releaseLease = await this.#leases.take(wanted);
		try {
			const known = new Map<string, LayerRecord>();
			for (const image of this.read().images) {
				for (const layer of image.layers) {
					known.set(layer.digest, layer);
				}
			}

			const layerLines = new Map<string, string>();
			const {downloadLayers} = await import('./pull.js');
			const records = await downloadLayers({
				hub,
				blobs: this.blobs,
				reference,
				resolved,
				known,
				concurrency: options.concurrency ?? readSettings(this.home).concurrency,
				signal: options.signal,
				onProgress(event) {
					if (event.kind === 'layer' && (event.status === 'Already exists' || event.status === 'Pull complete')) {
						layerLines.set(event.id, `${event.id}: ${event.status}`);
					}

					options.onProgress?.(event);
				},
			});
			const configDigest = await this.blobs.writeBytes(resolved.configBytes);
			// docker leaves one line per layer behind, in the manifest's order.
			lines.push(...resolved.manifest.layers.map(layer => layerLines.get(shortId(layer.digest))).filter((line): line is string => Boolean(line)));
			const tag = reference.tag ? canonicalString(reference) : undefined;
			const repoDigest = `${canonicalName(reference)}@${resolved.digest}`;
			const {upToDate, image} = await this.#mutate(plan.action, data => {
				// A prune from another terminal may have raced the "Already exists" check: never index a missing blob.
				const missing = [configDigest, ...layers].find(digest => !this.blobs.has(digest));
				if (missing) {
					throw new DockyardError(`blob ${missing} disappeared during the pull (a concurrent prune?); pull again`);
				}

				const view = new StoreView(data);
				const parent = this.#requireBase(view, resolved) ?? layerParent(view, resolved.config.rootfs.diff_ids);
				const existing = data.images[configDigest];
				const tags = [tag, ...plan.extraTags].filter((name): name is string => Boolean(name));
				// Another platform of the index a tag already names keeps the tag where it is, unless this is the host's (index-platforms.ts).
				const stays = (name: string) => tagStaysOnSibling(data, name, resolved);
				const upToDate = Boolean(existing) && repaired.length === 0 && tags.every(name => data.tags[name] === configDigest || stays(name)) && existing!.repoDigests.includes(repoDigest);
				data.images[configDigest] = existing
					? {...existing, repoDigests: [...new Set([...existing.repoDigests, repoDigest])], pulled: new Date().toISOString(), ...indexFields(resolved)}
					: imageRecord(configDigest, resolved, records, parent?.id, hub.label);
				for (const name of tags.filter(name => !stays(name))) {
					data.tags[name] = configDigest;
				}

				const summary = upToDate ? `Image is up to date for ${familiarString(reference)}` : `Downloaded newer image for ${familiarString(reference)}`;
				return {result: {upToDate, image: configDigest}, summary};
			});
			say(`Digest: ${resolved.digest}`);
			say(`Status: ${upToDate ? 'Image is up to date' : 'Downloaded newer image'} for ${familiarString(reference)}`);
			say(canonicalString(reference));
			return {lines, image: this.read().byId(image)!, reference: familiarString(reference), upToDate, teach: teach(plan.action)};
		} catch (error) {
			// A failed pull leaves the store as it was: blobs it brought in that nothing names and no other pull holds go again
			// (its own lease is let go first, or it would hold them; the second release in finally is a no-op).
			await releaseLease();
			await this.#dropUnclaimed(absent).catch(() => {});
			throw error;
		} finally {
			await releaseLease();
		}
	}

	async #dropUnclaimed(digests: string[]): Promise<void> {
		const arrived = digests.filter(digest => this.blobs.has(digest));
		if (arrived.length === 0) {
			return;
		}

		const {referencedBlobs} = await import('./maintenance.js');
		await withLock(this.home, this.#lockTimeout(), async () => {
			const named = referencedBlobs(this.#index.read());
			const held = await this.#leases.held();
			for (const digest of arrived) {
				if (!named.has(digest) && !held.has(digest)) {
					// eslint-disable-next-line no-await-in-loop
					await this.blobs.remove(digest);
				}
			}
		});
	}

	/** The base an archive's image needs (undefined: none), or 'missing'; `refuse` throws the pull's refusal instead. */
	#baseOf(view: StoreView, image: ArchiveImage, refuse = false): ImageView | undefined | 'missing' {
		const name = image.tags[0] ? familiarString(parseReference(image.tags[0])) : shortId(image.id);
		try {
			return this.#requireBase(view, {config: image.config, reference: parseReference(image.tags[0] ?? 'loaded')}, name);
		} catch (error) {
			if (refuse || !(error instanceof ConflictError)) {
				throw error;
			}

			return 'missing';
		}
	}

	/** Rule 3: a hub image built on a base OS image needs that base installed first. Returns the base when present. */
	#requireBase(view: StoreView, resolved: Pick<ResolvedImage, 'config' | 'reference'>, what = familiarString(resolved.reference)): ImageView | undefined {
		const baseName = resolved.config.config?.Labels?.[labels.baseName];
		if (!baseName) {
			return undefined;
		}

		const baseReference = withDefaultTag(parseReference(baseName));
		const osImage = findOsImage(familiarName(baseReference), baseReference.tag);
		const baseDigest = resolved.config.config?.Labels?.[labels.baseDigest];
		const present = view.images.find(image => (baseDigest && image.manifestDigest === baseDigest) || image.tags.includes(familiarString(baseReference)));
		if (present || !osImage) {
			return present;
		}

		const command = `dockyard os install ${osImage.name} --version ${osImage.version}`;
		throw new MissingBaseError(
			`${what} needs the base OS image ${osImage.name} ${osImage.version}: install it first with \`${command}\` (PowerShell: Install-ContainerImage -Name ${osImage.name} -Version ${osImage.version})`,
			[`Images from the hub that depend on ${osImage.name} need the ${osImage.name} base OS image installed first.`],
			{name: osImage.name, version: osImage.version},
		);
	}

	// --- loading -------------------------------------------------------------

	/**
	 * docker load: every file of the archive streamed into the blob store and
	 * checked (load.ts), then the images and their tags recorded at once. A
	 * refused or broken archive leaves nothing behind: the blobs it brought
	 * that nothing names are removed again, held by a lease meanwhile so a
	 * prune elsewhere does not race the record.
	 */
	async load(input: string | Readable, options: {platform?: Platform} = {}): Promise<LoadResult> {
		return this.#attempt((): Action => ({kind: 'load', source: typeof input === 'string' ? input : 'from stdin'}), async () => {
			const source = typeof input === 'string' ? input : 'from stdin';
			const before = new Set(await this.blobs.list());
			const arrived = new Set<string>();
			const lease = path.join(this.home, 'leases', `${process.pid}-${crypto().randomBytes(4).toString('hex')}.json`);
			await mkdir(path.dirname(lease), {recursive: true});
			const holdArrived = async () => writeFile(lease, JSON.stringify({pid: process.pid, digests: [...arrived]}));
			await holdArrived();
			try {
				const {BadArchiveError, readArchive} = await import('./archive-entries.js');
				const {imagesOfArchive} = await import('./load.js');
				const entries = await readArchive(this.blobs, input, digest => {
					arrived.add(digest);
				});
				await holdArrived();
				if (entries.size === 0 && typeof input !== 'string') {
					throw new DockyardError('requested load from stdin, but stdin is empty');
				}

				const images = await imagesOfArchive(this.blobs, source, entries, options);
				if (images.length === 0) {
					throw new BadArchiveError(source, 'it holds no image');
				}

				const lines = await this.#mutate<string[]>({kind: 'load', source}, data => {
					const missing = images.flatMap(image => [image.id, ...image.layers.map(layer => layer.digest)]).find(digest => !this.blobs.has(digest));
					if (missing) {
						throw new DockyardError(`blob ${missing} disappeared during the load (a concurrent prune?); load again`);
					}

					const printed = new Map<ArchiveImage, string[]>();
					// An archive may carry a base OS image with the images built on it: bases first, each
					// image recorded once its base is there (in the store or loaded just now), as pull requires.
					let waiting = images;
					while (waiting.length > 0) {
						const ready = waiting.filter(image => this.#baseOf(new StoreView(data), image) !== 'missing');
						if (ready.length === 0) {
							this.#baseOf(new StoreView(data), waiting[0]!, true);
						}

						for (const image of ready) {
							const current = new StoreView(data);
							const base = this.#baseOf(current, image);
							const parent = (base === 'missing' ? undefined : base) ?? layerParent(current, image.config.rootfs.diff_ids);
							data.images[image.id] ??= loadedRecord(image, parent?.id);
							for (const tag of image.tags) {
								data.tags[tag] = image.id;
							}

							// docker's words, in the archive's order.
							printed.set(image, image.tags.length > 0 ? image.tags.map(tag => `Loaded image: ${familiarString(parseReference(tag))}`) : [`Loaded image ID: ${image.id}`]);
						}

						waiting = waiting.filter(image => !ready.includes(image));
					}

					// Which platform a multi-platform index gave, said first (load.ts).
					const lines = [...new Set(images.map(image => image.chosen).filter((line): line is string => Boolean(line)))];
					lines.push(...images.flatMap(image => printed.get(image) ?? []));
					return {result: lines, summary: lines.join('\n')};
				});
				return {lines, images: images.map(image => image.id), teach: teach({kind: 'load', source})};
			} finally {
				// Success or not, what the archive brought that no image names (its manifests, a refused image's layers) goes again.
				await rm(lease, {force: true});
				await this.#dropUnclaimed([...arrived].filter(digest => !before.has(digest))).catch(() => {});
			}
		});
	}

	// --- containers ----------------------------------------------------------

	async createContainer(target: string, options: {name?: string} = {}): Promise<ContainerRecord> {
		return this.#attempt((): Action => ({kind: 'create', image: target, name: options.name}), async () => {
			if (options.name !== undefined && !containerNamePattern.test(options.name)) {
				throw new UsageError(`Invalid container name (${options.name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
			}

			const source = this.read().image(target);
			const config = await this.#config(source);
			const command = [...(config.config?.Entrypoint ?? []), ...(config.config?.Cmd ?? [])].join(' ');
			return this.#mutate({kind: 'create', image: target, name: options.name, psImage: powershellNameOf(source), psVersion: source.version}, data => {
				const {image, tag} = new StoreView(data).resolve(target);
				const taken = (name: string) => Object.values(data.containers).some(container => container.name === name);
				if (options.name && taken(options.name)) {
					const holder = Object.values(data.containers).find(container => container.name === options.name)!;
					throw new ConflictError(`Conflict. The container name "/${options.name}" is already in use by container "${holder.id}". You have to remove (or rename) that container to be able to reuse that name.`);
				}

				const container: ContainerRecord = {
					id: crypto().randomBytes(32).toString('hex'),
					name: options.name ?? randomContainerName(taken),
					image: image.id,
					// As docker ps: the name the user gave, or the id when they gave an id.
					imageRef: tag ? familiarString(parseReference(tag)) : image.shortId,
					command,
					created: new Date().toISOString(),
					status: 'created',
					changes: [],
				};
				data.containers[container.id] = container;
				return {result: container, summary: container.id};
			});
		});
	}

	/** docker cp HOSTPATH CONTAINER:DEST — the file joins the container's own layer. */
	async copyIntoContainer(target: string, hostPath: string, destination: string): Promise<FileChange> {
		return this.#attempt((): Action => ({kind: 'cp', source: hostPath, container: target, destination}), async () => {
			const container = this.read().container(target);
			// Every check before the file is stored: a refused cp writes nothing.
			const path = containerPath(destination, hostPath);
			const info = await hostFile(hostPath);

			const {createReadStream} = await import('node:fs');
			const stored = await this.blobs.ingest(createReadStream(hostPath));
			const change: FileChange = {path, digest: stored.digest, size: stored.size, mode: info.mode & 0o777, added: new Date().toISOString()};
			return this.#mutate({kind: 'cp', source: hostPath, container: container.name, destination}, data => {
				const current = data.containers[container.id];
				if (!current) {
					throw new NotFoundError(`No such container: ${target}`);
				}

				current.changes = [...current.changes.filter(existing => existing.path !== path), change];
				return {result: change, summary: `${hostPath} → ${container.name}:${path}`};
			});
		});
	}

	async removeContainer(target: string): Promise<ContainerRecord> {
		return this.#attempt((): Action => ({kind: 'rm', container: target}), async () => {
			let psContainer: string | undefined;
			try {
				psContainer = this.read().container(target).name;
			} catch {}

			return this.#mutate({kind: 'rm', container: target, psContainer}, data => {
				const container = new StoreView(data).container(target);
				if (container.status === 'running') {
					throw new ConflictError(`cannot remove container "/${container.name}": container is running: stop the container before removing`);
				}

				const record = data.containers[container.id]!;
				delete data.containers[container.id];
				return {result: record, summary: target};
			});
		});
	}

	async commit(target: string, options: CommitOptions = {}): Promise<ImageView> {
		return this.#attempt((): Action => ({kind: 'commit', container: target, repository: options.repository}), async () => {
			const view = this.read();
			const container = view.container(target);
			const parent = view.byId(container.image);
			if (!parent) {
				throw new NotFoundError(`No such image: ${container.image}`);
			}

			const repository = options.repository ? withDefaultTag(parseReference(options.repository)) : undefined;
			if (repository?.digest) {
				throw new UsageError(`invalid reference format: a commit cannot name a digest (${options.repository})`);
			}

			const title = options.title ?? (repository ? familiarName(repository) : undefined);
			const {commitContainer} = await import('./commit.js');
			const built = await commitContainer(this.blobs, container, parent, await this.#config(parent), {...options, title});
			const action: Action = options.publisher
				? {kind: 'commit', container: container.name, repository: options.repository, publisher: options.publisher, psName: options.title, version: options.version}
				: {kind: 'commit', container: container.shortId, repository: options.repository, psContainer: container.name};
			const id = await this.#mutate(action, data => {
				if (!data.containers[container.id] || !data.images[parent.id]) {
					throw new NotFoundError(`No such container: ${target}`);
				}

				data.images[built.id] = built;
				if (repository) {
					data.tags[canonicalString(repository)] = built.id;
				}

				return {result: built.id, summary: `sha256:${built.id.slice(7)}`};
			});
			return this.read().byId(id)!;
		});
	}

	// --- tags and removal ----------------------------------------------------

	async tag(source: string, target: string): Promise<void> {
		return this.#attempt((): Action => ({kind: 'tag', source, target}), async () => {
			const destination = withDefaultTag(parseReference(target));
			if (destination.digest) {
				throw new UsageError(`refusing to create a tag with a digest reference: ${target}`);
			}

			await this.#mutate({kind: 'tag', source, target}, data => {
				const image = new StoreView(data).image(source);
				data.tags[canonicalString(destination)] = image.id;
				return {result: undefined, summary: `${familiarString(destination)} → ${image.shortId}`};
			});
		});
	}

	async untag(reference: string): Promise<string> {
		return this.#attempt((): Action => ({kind: 'untag', reference}), async () => {
			return this.#mutate({kind: 'untag', reference}, data => {
				const parsed = withDefaultTag(parseReference(reference));
				const key = canonicalString(parsed);
				if (!data.tags[key]) {
					throw new NotFoundError(`No such image: ${familiarString(parsed)}`);
				}

				delete data.tags[key];
				return {result: familiarString(parsed), summary: `Untagged: ${familiarString(parsed)}`};
			});
		});
	}

	/** What `rmi` would do now, changing nothing: the TUI asks this before it offers a confirmation. */
	planRemoval(target: string, options: {force?: boolean; prune?: boolean} = {}): RemovalPlan {
		return planRemoval(this.read(), target, options);
	}

	async removeImage(target: string, options: {force?: boolean; prune?: boolean} = {}): Promise<RemovalResult> {
		return this.removeImages([target], options);
	}

	/**
	 * Several targets as one decision, planned under the lock on a fresh read
	 * with the core's batch planner: any refusal refuses them all and nothing
	 * changes (the refusal is journalled).
	 */
	async removeImages(targets: string[], options: {force?: boolean; prune?: boolean} = {}): Promise<RemovalResult> {
		if (targets.length === 0) {
			return {untagged: [], deleted: [], teach: {docker: [], powershell: {none: noPowershell.own}}};
		}

		const before = this.read();
		const psName = targets.length === 1 ? safeImage(before, targets[0]!)?.title : undefined;
		const [target = '', ...more] = targets;
		// What each target removes, so the PowerShell line never deletes an image whose tag alone goes.
		const action: Action = {kind: 'rmi', target, ...(more.length > 0 ? {more} : {}), force: options.force, psName, effects: removalEffects(before, targets, options)};
		const result = await this.#mutate(action, data => {
			const plan = planBatch(new StoreView(data), targets, options);
			if (!plan.allowed) {
				throw refusalError(plan.refusals);
			}

			for (const tag of plan.untag) {
				delete data.tags[tag];
			}

			for (const id of plan.delete) {
				delete data.images[id];
			}

			const summary = [...plan.untagged.map(tag => `Untagged: ${tag}`), ...plan.deleted.map(id => `Deleted: ${id}`)].join('\n');
			return {result: {untagged: plan.untagged, deleted: plan.deleted}, summary};
		});
		return {...result, teach: teach(action)};
	}

	/** `rmi --platform P NAME`: one platform's image (index-platforms.ts says which, and where its tags go). */
	async removePlatform(target: string, platform: Platform): Promise<RemovalResult> {
		const action: Action = {kind: 'rmi', target, platform: formatPlatform(platform)};
		const result = await this.#mutate(action, data => {
			const {image, plan, heir} = planPlatformRemoval(new StoreView(data), target, platform);
			if (!plan.allowed) {
				throw refusalError([{target, ...plan}]);
			}

			for (const tag of plan.untag) {
				if (heir) {
					data.tags[tag] = heir.id;
				} else {
					delete data.tags[tag];
				}
			}

			delete data.images[image.id];
			// docker 28 names the platform's manifest it deleted; the tag stays on its index (here: on the heir).
			const deleted = image.manifestDigest ?? image.id;
			const untagged = heir ? [] : plan.untagged;
			const summary = [...untagged.map(tag => `Untagged: ${tag}`), `Deleted: ${deleted}`].join('\n');
			return {result: {untagged, deleted: [deleted]}, summary};
		});
		return {...result, teach: teach(action)};
	}

	// --- maintenance ---------------------------------------------------------

	async prune(options: {all?: boolean} = {}): Promise<PruneReport> {
		const {pruneStore} = await import('./maintenance.js');
		return withLock(this.home, this.#lockTimeout(), async () => {
			const data = this.#index.read();
			const report = await pruneStore(this.blobs, data, await this.#leases.held(), options);
			this.#journal(data, {kind: 'prune'}, `Total reclaimed space: ${report.reclaimed} bytes`, 'done');
			this.#index.write(data);
			return report;
		});
	}

	/** Every problem, malformed records too (each is left out of the rest of the check): fsck reports, never stops at the first. */
	async fsck(): Promise<FsckReport> {
		const {checkStore} = await import('./maintenance.js');
		const {data, problems} = wellFormed(this.#index.readUnchecked());
		const report = await checkStore(this.blobs, data, await this.#leases.held());
		report.problems.unshift(...problems.map(problem => `malformed ${problem} in ${this.#index.path}`));
		return report;
	}

	/** `docker history` rows of an image, newest first. */
	/** `docker history` rows; a caller that holds a fresh view (the TUI) passes it and spares a re-read of the index. */
	async history(target: string, view: StoreView = this.read()): Promise<HistoryRow[]> {
		const image = view.image(target);
		return historyRows(view, image.id, await this.#config(image));
	}

	/** The image config, read from its blob. */
	async config(target: string, view: StoreView = this.read()): Promise<ImageConfig> {
		return this.#config(view.image(target));
	}

	/** Read whole and checked against the image id (its digest): a damaged config is named, never parsed into nonsense. */
	async #config(image: ImageRecord): Promise<ImageConfig> {
		const what = `the config blob ${image.id} of image ${shortId(image.id)}`;
		let bytes: Buffer;
		try {
			bytes = await this.blobs.readVerified(image.id);
		} catch (error) {
			throw error instanceof BadBlobError ? new StoreError(`${what} ${error.message.replace(/^the blob \S+ /, '')}`) : error;
		}

		try {
			return JSON.parse(bytes.toString('utf8')) as ImageConfig;
		} catch {
			throw new StoreError(`${what} is corrupt: it is not JSON; pull the image again`);
		}
	}

	/** Runs a change under the lock on a fresh read, journals it (refusals and errors too), and writes the index once. */
	async #mutate<T>(action: Action, change: (data: IndexData) => Mutation<T>): Promise<T> {
		return withLock(this.home, this.#lockTimeout(), () => {
			const data = this.#index.read();
			let outcome: Mutation<T>;
			try {
				outcome = change(data);
			} catch (error) {
				if (error instanceof DockyardError) {
					const fresh = this.#index.read();
					this.#journalFailure(fresh, action, error);
					this.#index.write(fresh);
				}

				throw error;
			}

			this.#journal(data, action, outcome.summary, 'done');
			this.#index.write(data);
			return outcome.result;
		});
	}

	/**
	 * Runs an operation whose checks come before its change (a pull resolves and
	 * checks the base image first): a refusal or error on the way is journalled
	 * too, once, so the class record holds every attempt.
	 */
	async #attempt<T>(action: () => Action, work: () => Promise<T>): Promise<T> {
		try {
			return await work();
		} catch (error) {
			await this.#journalLate(action, error);
			throw error;
		}
	}

	/** Journals a failure that happened outside #mutate; a store that cannot take the record (locked, unreadable) keeps the error as it was. */
	async #journalLate(action: () => Action, error: unknown): Promise<void> {
		if (!(error instanceof DockyardError) || journalled.has(error) || error instanceof StoreError || error instanceof LockTimeoutError) {
			return;
		}

		try {
			const attempted = action();
			await withLock(this.home, this.#lockTimeout(), () => {
				const data = this.#index.read();
				this.#journalFailure(data, attempted, error);
				this.#index.write(data);
			});
		} catch {}
	}

	/** A refusal (a rule said no) or an error, with the rule's words when there are some. */
	#journalFailure(data: IndexData, action: Action, error: DockyardError): void {
		journalled.add(error);
		const refused = error instanceof ConflictError;
		this.#journal(data, action, refused ? `refused: ${error.message}` : error.message, refused ? 'refused' : 'error', refused ? error.details[0] : undefined);
	}

	#journal(data: IndexData, action: Action, summary: string, outcome: JournalOutcome, rule?: string): void {
		data.journal = [...data.journal, journalEntry(action, summary, outcome, rule)].slice(-journalLimit);
	}

	/** The record a class can take home: the journal, in order (`dockyard journal`). */
	journal(): JournalEntry[] {
		return this.#index.read().journal;
	}

	/** Adds an entry the store did not make itself: the TUI's refusal of a removal it never asked the store to do. */
	async record(entry: JournalEntry): Promise<void> {
		await withLock(this.home, this.#lockTimeout(), () => {
			const data = this.#index.read();
			data.journal = [...data.journal, entry].slice(-journalLimit);
			this.#index.write(data);
		});
	}

	/** dockyard reset: images, containers, tags, journal and blobs gone, under the lock (reset.ts says when it refuses). */
	async reset(options: {confirmed: boolean}): Promise<ResetReport> {
		const {resetStore} = await import('./reset.js');
		return withLock(this.home, this.#lockTimeout(), async () => resetStore({home: this.home, index: this.#index, blobs: this.blobs, leases: this.#leases, confirmed: options.confirmed}));
	}

	/** dockyard journal --clear: the journal emptied, nothing else touched. */
	async clearJournal(): Promise<number> {
		return withLock(this.home, this.#lockTimeout(), () => {
			const data = this.#index.read();
			const count = data.journal.length;
			data.journal = [];
			this.#index.write(data);
			return count;
		});
	}

	#lockTimeout(): number {
		return this.#options.lockTimeoutMs ?? Number(process.env['DOCKYARD_LOCK_TIMEOUT_MS'] ?? 10_000);
	}

	#hubOptions(): HubOptions {
		const rate = this.#options.offlineBytesPerSecond ?? Number(process.env['DOCKYARD_OFFLINE_RATE'] ?? 0);
		return rate > 0 ? {offlineBytesPerSecond: rate} : {};
	}
}

export function openStore(options: StoreOptions = {}): Store {
	return new Store(options);
}

function imageRecord(id: string, resolved: ResolvedImage, layers: LayerRecord[], parent: string | undefined, source: string): ImageRecord {
	const {config} = resolved;
	const configLabels = config.config?.Labels ?? {};
	return {
		id,
		layers,
		parent,
		created: config.created ?? new Date(0).toISOString(),
		added: new Date().toISOString(),
		pulled: new Date().toISOString(),
		repoDigests: [`${canonicalName(resolved.reference)}@${resolved.digest}`],
		manifestDigest: resolved.manifestDigest,
		...indexFields(resolved),
		os: config.os,
		architecture: config.architecture,
		historyLength: config.history?.length ?? 0,
		size: layers.reduce((total, layer) => total + layer.uncompressedSize, 0),
		title: configLabels[labels.title],
		publisher: configLabels[labels.vendor],
		version: configLabels[labels.version],
		source,
	};
}

function loadedRecord(image: ArchiveImage, parent: string | undefined): ImageRecord {
	const {config} = image;
	const configLabels = config.config?.Labels ?? {};
	return {
		id: image.id,
		layers: image.layers,
		parent,
		created: config.created ?? new Date(0).toISOString(),
		added: new Date().toISOString(),
		// As docker load: an archive carries no registry, so no repo digests.
		repoDigests: [],
		manifestDigest: image.manifestDigest,
		os: config.os,
		architecture: config.architecture,
		historyLength: config.history?.length ?? 0,
		size: image.layers.reduce((total, layer) => total + layer.uncompressedSize, 0),
		title: configLabels[labels.title],
		publisher: configLabels[labels.vendor],
		version: configLabels[labels.version],
		source: 'load',
	};
}

/** The local image whose layers are the longest strict prefix of these: what docker's classic builder called the parent. */
function layerParent(view: StoreView, diffIds: string[]): ImageView | undefined {
	let best: ImageView | undefined;
	for (const image of view.images) {
		const own = image.layers.map(layer => layer.diffId);
		if (own.length > 0 && own.length < diffIds.length && own.every((diffId, index) => diffIds[index] === diffId) && own.length > (best?.layers.length ?? 0)) {
			best = image;
		}
	}

	return best;
}

function safeImage(view: StoreView, target: string): ImageView | undefined {
	try {
		return view.image(target);
	} catch {
		return undefined;
	}
}
