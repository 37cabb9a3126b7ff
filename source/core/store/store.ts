import type {Readable} from 'node:stream';
import {watchFile, unwatchFile} from 'node:fs';
import {shortId} from '../digest.js';
import {ConflictError, DockyardError, NotFoundError, StoreError, UsageError} from '../errors.js';
import type {Hub} from '../hub/hub.js';
import {hubFor, type HubOptions} from '../hub/route.js';
import type {ImageConfig, Platform} from '../oci.js';
import {canonicalName, canonicalString, familiarName, familiarString, parseReference, withDefaultTag, type Reference} from '../reference.js';
import {readSettings} from '../settings.js';
import {noPowershell, teach, type Action, type Equivalents} from '../teach.js';
import {journalEntry} from '../journal.js';
import type {JournalEntry, JournalOutcome} from '../backend/model.js';
import {requireBase} from './base-image.js';
import {BadBlobError, BlobStore} from './blobs.js';
import type {CommitOptions} from './commit.js';
import {historyRows, type HistoryRow} from './history.js';
import {IndexFile} from './index-file.js';
import {wellFormed} from './validate.js';
import {Leases} from './leases.js';
import type {LoadResult} from './load-images.js';
import {collectLitter, indexTempFiles} from './litter.js';
import {LockTimeoutError, withLock} from './lock.js';
import type {FsckReport, PruneOptions, PruneReport} from './maintenance.js';
import type {PullOptions, PullResult} from './pull-image.js';
import {journalLimit, type ContainerRecord, type FileChange, type ImageRecord, type IndexData} from './records.js';
import {planBatch, planRemoval, refusalError, type RemovalPlan} from './removal.js';
import {formatPlatform} from '../platform.js';
import {removalEffects} from '../backend/powershell-identity.js';
import {storeHome} from './home.js';
import type {ResetReport} from './reset.js';
import type {Mutation, StoreContext} from './store-context.js';
import {StoreView, type ImageView} from './view.js';
import {planPlatformRemoval} from './index-platforms.js';

// What only some verbs need (pull, load, push, commit, prune, fsck, reset, and their tar, lock and
// registry code) is imported where it is used, so a read such as `dockyard images` loads none of it.

export type StoreOptions = {
	home?: string;
	lockTimeoutMs?: number;
	offlineBytesPerSecond?: number;
	/** Replaces the hub routing (tests, benches). */
	hub?: (reference: Reference) => Hub;
};

export type {PullOptions, PullResult} from './pull-image.js';
export type {LoadResult} from './load-images.js';

export type RemovalResult = {untagged: string[]; deleted: string[]; teach: Equivalents};

/** Errors already in the journal: an operation that journalled its refusal under the lock does not journal it again on the way out. */
const journalled = new WeakSet<Error>();

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
	/** What the operations in their own modules (pull-image.ts, load-images.ts, container-ops.ts) get of the store. */
	readonly #context: StoreContext;

	constructor(options: StoreOptions = {}) {
		this.home = options.home ?? storeHome();
		this.#options = options;
		this.blobs = new BlobStore(this.home);
		this.#index = new IndexFile(this.home);
		this.#leases = new Leases(this.home);
		this.#context = {
			home: this.home,
			blobs: this.blobs,
			leases: this.#leases,
			read: () => this.read(),
			hubFor: reference => this.hubFor(reference),
			mutate: async (action, change) => this.#mutate(action, change),
			attempt: async (action, work) => this.#attempt(action, work),
			dropUnclaimed: async digests => this.#dropUnclaimed(digests),
			config: async image => this.#config(image),
		};
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

	// --- pulling and loading (pull-image.ts, load-images.ts) ------------------

	async pull(input: string, options: PullOptions = {}): Promise<PullResult> {
		const {pullImage} = await import('./pull-image.js');
		return pullImage(this.#context, input, options);
	}

	/**
	 * What a pull would do, changing nothing (pull --explain): the reference
	 * resolved at its hub and rule 3 checked (MissingBaseError when the base is
	 * absent); no blob is written, nothing journalled.
	 */
	async checkPull(input: string, options: Pick<PullOptions, 'platform'> = {}): Promise<{reference: string; digest: string; layers: number; present: boolean}> {
		const reference = withDefaultTag(parseReference(input));
		const resolved = await this.hubFor(reference).resolve(reference, {platform: options.platform});
		const view = this.read();
		requireBase(view, resolved);
		return {reference: familiarString(reference), digest: resolved.digest, layers: resolved.manifest.layers.length, present: Boolean(view.images.find(image => image.id === resolved.manifest.config.digest))};
	}

	/** Install-ContainerImage: a base OS image, latest version unless one is named. */
	async installOs(name: string, version?: string, options: PullOptions = {}): Promise<PullResult & {seconds: number}> {
		const {installOs} = await import('./pull-image.js');
		return installOs(this.#context, name, version, options);
	}

	/**
	 * docker load: every file of the archive streamed into the blob store and
	 * checked (load.ts), then the images and their tags recorded at once. A
	 * refused or broken archive leaves nothing behind.
	 */
	async load(input: string | Readable, options: {platform?: Platform} = {}): Promise<LoadResult> {
		const {loadImages} = await import('./load-images.js');
		return loadImages(this.#context, input, options);
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

	// --- containers (container-ops.ts) -------------------------------------

	async createContainer(target: string, options: {name?: string} = {}): Promise<ContainerRecord> {
		const {createContainer} = await import('./container-ops.js');
		return createContainer(this.#context, target, options);
	}

	/** docker cp HOSTPATH CONTAINER:DEST — the file joins the container's own layer. */
	async copyIntoContainer(target: string, hostPath: string, destination: string): Promise<FileChange> {
		const {copyIntoContainer} = await import('./container-ops.js');
		return copyIntoContainer(this.#context, target, hostPath, destination);
	}

	async removeContainer(target: string): Promise<ContainerRecord> {
		const {removeContainer} = await import('./container-ops.js');
		return removeContainer(this.#context, target);
	}

	async commit(target: string, options: CommitOptions = {}): Promise<ImageView> {
		const {commitImage} = await import('./container-ops.js');
		return commitImage(this.#context, target, options);
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

			for (const reference of plan.untag) {
				if (reference.includes('@')) {
					// A digest reference (rmi NAME@DIGEST): the image's repo digest goes, the image stays unless deleted below.
					for (const record of Object.values(data.images)) {
						record.repoDigests = record.repoDigests.filter(entry => entry !== reference);
					}
				} else {
					delete data.tags[reference];
				}
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

	/** What removing these images (by id) would free, on the index as it is now. */
	async freedIfRemoved(ids: string[]): Promise<number> {
		const {freedIfRemoved} = await import('./maintenance.js');
		return freedIfRemoved(this.blobs, this.#index.read(), ids);
	}

	async prune(options: PruneOptions = {}): Promise<PruneReport> {
		const {pruneStore} = await import('./maintenance.js');
		return withLock(this.home, this.#lockTimeout(), async () => {
			collectLitter(this.home);
			const data = this.#index.read();
			const report = await pruneStore(this.blobs, data, await this.#leases.held(), options);
			if (!options.dryRun) {
				this.#journal(data, {kind: 'prune'}, `Total reclaimed space: ${report.reclaimed} bytes`, 'done');
				this.#index.write(data);
			}

			return report;
		});
	}

	/** Every problem, malformed records too (each is left out of the rest of the check): fsck reports, never stops at the first. */
	async fsck(options: {repair?: boolean} = {}): Promise<FsckReport> {
		const {checkStore} = await import('./maintenance.js');
		// --repair: an index that cannot be read (or its malformed records) is copied aside first, under the lock; the check then reads what is left.
		const repair = options.repair ? await withLock(this.home, this.#lockTimeout(), () => this.#index.repair()) : undefined;
		const {data, problems} = wellFormed(this.#index.readUnchecked());
		const report = await checkStore(this.blobs, data, await this.#leases.held());
		report.problems.unshift(...problems.map(problem => `malformed ${problem} in ${this.#index.path}`));
		// Reported, never a failure: the next write collects them.
		report.strayTempFiles.push(...indexTempFiles(this.home));
		return repair ? {...report, repair} : report;
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
			// Under the lock, what killed writers left goes first (their .part files, the index's temp files).
			collectLitter(this.home);
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

function safeImage(view: StoreView, target: string): ImageView | undefined {
	try {
		return view.image(target);
	} catch {
		return undefined;
	}
}
