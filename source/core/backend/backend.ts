import type {Readable} from 'node:stream';
import {DockyardError} from '../errors.js';
import type {SearchResult} from '../hub/hub.js';
import type {Platform} from '../oci.js';
import type {Settings} from '../settings.js';
import type {CommitOptions} from '../store/commit.js';
import type {LayerFiles, LayerFilesOptions} from '../store/layer-files.js';
import type {ImageLayers} from '../analysis/image-layers.js';
import type {ContainerChange} from '../analysis/container-changes.js';
import type {FsckReport, PruneOptions, PruneReport} from '../store/maintenance.js';
import type {Equivalents, TeachContext} from '../teach.js';
import type {Container, HistoryRow, Image, JournalEntry, PullEvent} from './model.js';
import type {ResetReport} from '../store/reset.js';
import type {TreeEntry} from '../store/platform-tree.js';
export type {TreeEntry} from '../store/platform-tree.js';
import type {BatchPlan, RemovalOptions} from './removal.js';
import type {Snapshot} from './snapshot.js';

export type {CommitOptions};
export type {LayerFile, LayerFileChange, LayerFiles, LayerFilesOptions} from '../store/layer-files.js';

export type BackendPullOptions = {
	onProgress?: (event: PullEvent) => void;
	signal?: AbortSignal;
	platform?: Platform;
	/** Layers fetched at once, where the backend downloads them itself. */
	concurrency?: number;
};

export type BackendPullResult = {
	/** What docker prints once the pull is over, line by line. */
	lines: string[];
	/** Familiar reference pulled, with its tag. */
	reference: string;
	upToDate: boolean;
	/** The id of the image that arrived. */
	image: string;
	teach: Equivalents;
};

export type BackendPushResult = {
	/** What docker prints: the repository, a line per layer, `TAG: digest: … size: N`. */
	lines: string[];
	reference: string;
	teach: Equivalents;
};

export type BackendRemovalResult = {untagged: string[]; deleted: string[]; teach: Equivalents};

/** Where `search` goes: a label for the Hub pane and stderr, and the search itself. */
export type Searcher = {
	readonly label: string;
	search(term: string, options: {limit: number}): Promise<SearchResult[]>;
};

/**
 * What only some backends can do. The CLI says in one line when a verb needs
 * one the backend lacks; the TUI hides the keys that need one (keymap.ts
 * `requires`), so nothing fails for want of it.
 */
export type Capabilities = {
	/** dockyard prune: dangling images (or every unused one) and unnamed blobs; a dry run changes nothing. */
	prune?: (options?: PruneOptions) => Promise<PruneReport>;
	/** The bytes removing these targets (as rmi would: tags only untag) frees; undefined when rmi would refuse. */
	freedIfRemoved?: (targets: string[]) => Promise<number | undefined>;
	/** dockyard fsck: every blob hashed against its digest; --repair first copies aside an index that cannot be read. */
	fsck?: (options?: {repair?: boolean}) => Promise<FsckReport>;
	/** docker save to a file, or to a stream (stdout, not a terminal); the images saved, for the teaching line. `platform`: that platform's image of each target only. */
	save?: (targets: string[], file: string | NodeJS.WritableStream, options?: {platform?: Platform}) => Promise<Image[]>;
	/** The index each image was pulled through: `images --tree`, and `--platform` on rmi and history (index-platforms.ts). */
	platforms?: {
		tree: (options?: {all?: boolean}) => Promise<TreeEntry[]>;
		/** The same from a snapshot of this backend's, at once where it can (the store's): the TUI draws T's rows in the frame of the key. */
		treeNow?: (snapshot: Snapshot) => TreeEntry[];
		/** The id of NAME's image for the platform, or docker's refusal. */
		image: (target: string, platform: Platform) => Promise<string>;
		remove: (target: string, platform: Platform) => Promise<BackendRemovalResult>;
	};
	/** docker push NAME[:TAG] to its registry, with per-layer progress as pull has. */
	push?: (reference: string, options?: Pick<BackendPullOptions, 'onProgress' | 'signal'>) => Promise<BackendPushResult>;
	/** docker load from a file, a directory (an OCI layout) or a stream (stdin); docker's `Loaded image: …` lines. */
	load?: (input: string | Readable, options?: {platform?: Platform}) => Promise<string[]>;
	/** Install-ContainerImage: a base OS image from the offline catalog. */
	osImages?: {install: (name: string, version: string | undefined, options?: BackendPullOptions) => Promise<BackendPullResult & {seconds: number}>};
	/** pull --explain: the reference resolved and the rules checked (a missing base refuses), nothing written. */
	checkPull?: (reference: string, options?: Pick<BackendPullOptions, 'platform'>) => Promise<{reference: string; digest: string; layers: number; present: boolean}>;
	/** dockyard's settings (the hub docker.io names go to, insecure registries). */
	settings?: {read: (environment?: NodeJS.ProcessEnv) => Settings; write: (changes: Partial<Settings>) => Settings};
	/** The snapshot carries a journal of what was done, with its commands. */
	journal?: true;
	/** The journal kept by hand: an entry the backend did not make (the TUI's refused removal), and `journal --clear`. */
	journalWrite?: {record: (entry: JournalEntry) => Promise<void>; clear: () => Promise<number>};
	/** dockyard reset: a fresh class store; refused unless confirmed when it is not empty. */
	reset?: (options: {confirmed: boolean}) => Promise<ResetReport>;
	/** Files the backend keeps, named in errors (the store's home and index). */
	files?: {home: string; index: string};
	/** What the layer of one history step (oldest first, as the config lists them) adds, changes and deletes: read from the real tar layers. */
	layerFiles?: (target: string, step: number, options?: LayerFilesOptions) => Promise<LayerFiles>;
	/** An image's layers, streamed one at a time (analyze, compare): its config and each layer's tar entries. */
	imageLayers?: (target: string, options?: {onProgress?: (bytes: number) => void}) => Promise<ImageLayers>;
	/** docker diff CONTAINER: the paths its own layer adds or changes, sorted. */
	containerChanges?: (target: string) => Promise<ContainerChange[]>;
};

export type Capability = keyof Capabilities;

/**
 * One seam between dockyard and where images live: the embedded store now, a
 * Docker or Podman engine over its Engine API later. Everything is async, as
 * an engine is; the CLI and the TUI hold a Backend and nothing else.
 * Dependents, the parent chain and the removal plan are not a backend's
 * business: they are computed in the core from its snapshot (snapshot.ts,
 * removal.ts), once, the same for every backend.
 */
export type Backend = {
	/** What the TUI's title shows, e.g. `store: /home/me/.local/share/dockyard`. */
	readonly label: string;
	/** How the teaching line types docker against this backend. */
	readonly teaching: TeachContext;
	readonly capabilities: Capabilities;

	/** Images and containers now. */
	snapshot(): Promise<Snapshot>;
	/** The same, synchronously, where the backend can (the store's index is a local file): the TUI's first frame. */
	snapshotNow?(): Snapshot;
	/** Calls back when images or containers change (this process or another); returns the unsubscribe. */
	watch(onChange: () => void): () => void;

	/** `docker history` rows, newest first; a snapshot the caller holds spares a re-read. */
	history(target: string, snapshot?: Snapshot): Promise<HistoryRow[]>;
	/** `docker inspect`'s document for one image. */
	/** A caller that holds a fresh snapshot passes it: the store then reads its index once per command. */
	inspect(target: string, snapshot?: Snapshot): Promise<Record<string, unknown>>;
	pull(reference: string, options?: BackendPullOptions): Promise<BackendPullResult>;
	/** The hub `search` asks: a registry domain when given, else where docker.io names go. */
	searchHub(options?: {registry?: string}): Searcher;
	/** Tags of a repository (familiar or full name) on its hub. */
	tags(repository: string): Promise<string[]>;

	tag(source: string, target: string): Promise<void>;
	/** Returns the familiar reference untagged. */
	untag(reference: string): Promise<string>;
	/** What removing these targets would do, as one decision, changing nothing. */
	planRemoval(targets: string[], options?: RemovalOptions): Promise<BatchPlan>;
	/** Removes them as one decision: re-planned on a fresh read; any refusal (a ConflictError) changes nothing. */
	remove(targets: string[], options?: RemovalOptions): Promise<BackendRemovalResult>;

	createContainer(image: string, options?: {name?: string}): Promise<Container>;
	removeContainer(target: string): Promise<Container>;
	/** docker cp HOSTPATH CONTAINER:DEST, one file. */
	copyIntoContainer(target: string, hostPath: string, destination: string): Promise<{path: string; size: number}>;
	commit(target: string, options?: CommitOptions): Promise<Image>;
};

/** A capability the backend must have, or one line saying it has not (exit 1). */
export function need<K extends Capability>(backend: Backend, capability: K, verb: string): NonNullable<Capabilities[K]> {
	const served = backend.capabilities[capability];
	if (served === undefined) {
		throw new DockyardError(`${verb} works on dockyard's own store only; this backend (${backend.label}) does not offer it`);
	}

	return served as NonNullable<Capabilities[K]>;
}

/** The names of the capabilities a backend has: what the keymap filters on. */
export function capabilitySet(backend: Pick<Backend, 'capabilities'>): ReadonlySet<Capability> {
	return new Set((Object.keys(backend.capabilities) as Capability[]).filter(name => backend.capabilities[name] !== undefined));
}
