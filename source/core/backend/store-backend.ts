import {parseReference} from '../reference.js';
import {searchHub} from '../hub/route.js';
import {readSettings, writeSettings} from '../settings.js';
import {openStore, type PullResult, type Store, type StoreOptions} from '../store/store.js';
import {StoreView} from '../store/view.js';
import {storeTeaching} from '../teach.js';
import type {Backend, BackendPullResult, Capabilities, Searcher} from './backend.js';
import {planBatch} from './removal.js';
import {saveSelection} from './save-selection.js';
import type {Snapshot} from './snapshot.js';
import {platformTree} from '../store/platform-tree.js';

/**
 * The embedded store behind the Backend interface. Store itself is unchanged
 * (tests and benches use it directly); this only adapts: the store reads a
 * local index, so its snapshot is also there synchronously for the TUI's
 * first frame.
 */
export class StoreBackend implements Backend {
	readonly label: string;
	readonly teaching = storeTeaching;
	readonly capabilities: Capabilities;
	readonly #store: Store;
	readonly #environment: NodeJS.ProcessEnv;

	constructor(store: Store, environment: NodeJS.ProcessEnv = process.env) {
		this.#store = store;
		this.#environment = environment;
		this.label = `store: ${store.home}`;
		this.capabilities = {
			prune: async options => store.prune(options),
			fsck: async options => store.fsck(options),
			checkPull: async (reference, options) => store.checkPull(reference, options),
			push: async (reference, options) => store.push(reference, options),
			save: async (targets, file, options = {}) => {
				const view = store.read();
				const {platformImage} = await import('../store/index-platforms.js');
				const platform = options.platform;
				// Each image chosen, swapped for its index's image of that platform under the same names (docker save --platform).
				const images = saveSelection(view, targets).map(image => platform ? {...platformImage(view, image.tags[0] ?? image.id, platform), tags: image.tags} : image);
				// The tar writer is loaded by the verbs that write one, not by every read.
				const {saveImages} = await import('../store/archive.js');
				if (typeof file === 'string') {
					await saveImages(store.blobs, images, file);
					return images;
				}

				// To a stream (stdout): the archive is written whole to a temp file first, so a failure sends nothing.
				const {saveToStream} = await import('./save-to-stream.js');
				await saveToStream(async temp => saveImages(store.blobs, images, temp), file);
				return images;
			},
			platforms: {
				async tree(options) {
					return platformTree(store.read(), options);
				},
				treeNow: snapshot => platformTree(snapshot instanceof StoreView ? snapshot : store.read()),
				async image(target, platform) {
					const {platformImage} = await import('../store/index-platforms.js');
					return platformImage(store.read(), target, platform).id;
				},
				remove: async (target, platform) => store.removePlatform(target, platform),
			},
			load: async (file, options) => (await store.load(file, options)).lines,
			osImages: {
				install: async (name, version, options) => {
					const result = await store.installOs(name, version, options);
					return {...pullResult(result), seconds: result.seconds};
				},
			},
			settings: {
				read: (environment = this.#environment) => readSettings(store.home, environment),
				write: changes => writeSettings(store.home, changes),
			},
			journal: true,
			journalWrite: {
				record: async entry => store.record(entry),
				clear: async () => store.clearJournal(),
			},
			reset: async options => store.reset(options),
			files: {home: store.home, index: store.indexPath},
			layerFiles: async (target, step, options) => {
				const image = store.read().image(target);
				const {stepLayerFiles} = await import('../store/layer-files.js');
				return stepLayerFiles(store.blobs, image.layers, await store.config(image.id), step, options);
			},
			freedIfRemoved: async targets => {
				const plan = planBatch(store.read(), targets, {});
				return plan.allowed ? store.freedIfRemoved(plan.delete) : undefined;
			},
			imageLayers: async target => {
				const image = store.read().image(target);
				const {storeImageLayers} = await import('../analysis/store-layers.js');
				return storeImageLayers(store.blobs, image.id, image.layers, await store.config(image.id));
			},
			containerChanges: async target => {
				const view = store.read();
				const container = view.container(target);
				const image = view.image(container.image);
				const {storeImageLayers} = await import('../analysis/store-layers.js');
				const {finalTree} = await import('../analysis/final-tree.js');
				const {containerChanges} = await import('../analysis/container-changes.js');
				const copied = container.changes ?? [];
				// Nothing copied: nothing to read.
				return copied.length === 0 ? [] : containerChanges(copied, await finalTree(storeImageLayers(store.blobs, image.id, image.layers, await store.config(image.id))));
			},
		};
	}

	async snapshot(): Promise<StoreView> {
		return this.#store.read();
	}

	snapshotNow(): StoreView {
		return this.#store.read();
	}

	watch(onChange: () => void): () => void {
		return this.#store.watch(onChange);
	}

	async history(target: string, snapshot?: Snapshot) {
		return this.#store.history(target, snapshot instanceof StoreView ? snapshot : undefined);
	}

	async inspect(target: string, snapshot?: Snapshot): Promise<Record<string, unknown>> {
		const view = snapshot instanceof StoreView ? snapshot : this.#store.read();
		const image = view.image(target);
		const config = await this.#store.config(image.id, view);
		return {
			Id: image.id,
			RepoTags: image.tags,
			RepoDigests: image.repoDigests,
			Parent: image.parent ?? '',
			Comment: config.history?.at(-1)?.comment ?? '',
			Created: image.created,
			Container: config.container ?? '',
			Author: config.author ?? '',
			Config: config.config ?? {},
			Architecture: config.architecture,
			Os: config.os,
			Size: image.size,
			RootFS: {Type: 'layers', Layers: config.rootfs.diff_ids},
			Metadata: {LastTagTime: image.added},
			Dockyard: {
				Source: image.source,
				ManifestDigest: image.manifestDigest ?? null,
				IsOSImage: image.isOSImage,
				Children: image.children,
				Containers: image.containers,
				Layers: image.layers,
			},
		};
	}

	async pull(reference: string, options = {}): Promise<BackendPullResult> {
		return pullResult(await this.#store.pull(reference, options));
	}

	searchHub(options: {registry?: string} = {}): Searcher {
		return searchHub(readSettings(this.#store.home, this.#environment), {registry: options.registry});
	}

	async tags(repository: string): Promise<string[]> {
		const reference = parseReference(repository);
		return this.#store.hubFor(reference).tags(reference);
	}

	async tag(source: string, target: string): Promise<void> {
		await this.#store.tag(source, target);
	}

	async untag(reference: string): Promise<string> {
		return this.#store.untag(reference);
	}

	async planRemoval(targets: string[], options = {}) {
		return planBatch(this.#store.read(), targets, options);
	}

	async remove(targets: string[], options = {}) {
		return this.#store.removeImages(targets, options);
	}

	async createContainer(image: string, options: {name?: string} = {}) {
		return this.#store.createContainer(image, options);
	}

	async removeContainer(target: string) {
		return this.#store.removeContainer(target);
	}

	async copyIntoContainer(target: string, hostPath: string, destination: string) {
		return this.#store.copyIntoContainer(target, hostPath, destination);
	}

	async commit(target: string, options = {}) {
		return this.#store.commit(target, options);
	}
}

export function openStoreBackend(options: StoreOptions = {}, environment: NodeJS.ProcessEnv = process.env): StoreBackend {
	return new StoreBackend(openStore(options), environment);
}

function pullResult(result: PullResult): BackendPullResult {
	return {lines: result.lines, reference: result.reference, upToDate: result.upToDate, image: result.image.id, teach: result.teach};
}
