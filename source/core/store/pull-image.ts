import {shortId, sha256} from '../digest.js';
import {DockyardError, NotFoundError, RegistryError} from '../errors.js';
import {findOsImage, osImages} from '../hub/catalog.js';
import type {ResolvedImage} from '../hub/hub.js';
import type {Platform} from '../oci.js';
import {canonicalName, canonicalString, familiarString, parseReference, withDefaultTag, type Reference} from '../reference.js';
import {readSettings} from '../settings.js';
import {teach, type Action, type Equivalents} from '../teach.js';
import {layerParent, requireBase} from './base-image.js';
import type {PullEvent} from './pull.js';
import {configFields, type ImageRecord, type LayerRecord} from './records.js';
import type {StoreContext} from './store-context.js';
import {StoreView, type ImageView} from './view.js';
import {formatPlatform} from '../platform.js';
import {indexFields, tagStaysOnSibling} from './index-platforms.js';

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

/** docker pull NAME: resolved on its hub, layers fetched (pull.ts), then recorded with its tag under the lock. */
export async function pullImage(store: StoreContext, input: string, options: PullOptions = {}): Promise<PullResult> {
	// `--platform P` is taught as typed: another platform of an index is a pull of its own.
	const platform = options.platform && formatPlatform(options.platform);
	return store.attempt((): Action => ({kind: 'pull', reference: input, platform}), async () => {
		const asked = parseReference(input);
		return pullReference(store, withDefaultTag(asked), {
			notes: asked.tag || asked.digest ? [] : ['Using default tag: latest'],
			extraTags: [],
			action: {kind: 'pull', reference: familiarString(asked), platform},
		}, options);
	});
}

/** Install-ContainerImage: a base OS image, latest version unless one is named. */
export async function installOs(store: StoreContext, name: string, version?: string, options: PullOptions = {}): Promise<PullResult & {seconds: number}> {
	return store.attempt((): Action => ({kind: 'os-install', name, version, repository: findOsImage(name, version)?.repository ?? name.toLowerCase()}), async () => {
		const entry = findOsImage(name, version);
		if (!entry) {
			const known = osImages().filter(image => image.name.toLowerCase() === name.toLowerCase());
			throw new NotFoundError(known.length > 0
				? `No version ${version ?? ''} of ${known[0]!.name}; available: ${known.map(image => image.version).join(', ')}`
				: `No base OS image named ${name}; available: ${[...new Set(osImages().map(image => image.name))].join(', ')}`);
		}

		const started = Date.now();
		const reference = parseReference(`${entry.repository}:${entry.version}`);
		const result = await pullReference(store, reference, {
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

async function pullReference(store: StoreContext, reference: Reference, plan: {notes: string[]; extraTags: string[]; action: Action}, options: PullOptions): Promise<PullResult> {
	const lines: string[] = [];
	const say = (message: string) => {
		lines.push(message);
		options.onProgress?.({kind: 'status', message});
	};

	plan.notes.forEach(say);
	const hub = store.hubFor(reference);
	const resolved = await hub.resolve(reference, {platform: options.platform});
	if (sha256(resolved.configBytes) !== resolved.manifest.config.digest) {
		throw new RegistryError(`the config of ${familiarString(reference)} does not match its digest ${resolved.manifest.config.digest}`);
	}

	say(`${reference.digest ?? reference.tag}: Pulling from ${reference.path}`);
	requireBase(store.read(), resolved);

	const layers = resolved.manifest.layers.map(layer => layer.digest);
	const wanted = [...layers, resolved.manifest.config.digest];
	const absent = wanted.filter(digest => !store.blobs.has(digest));
	// Stored but damaged (wrong size, flagged by fsck): fetched again, so the image is not "up to date".
	const sizes = new Map([...resolved.manifest.layers.map(layer => [layer.digest, layer.size] as const), [resolved.manifest.config.digest, resolved.configBytes.length] as const]);
	const repaired = wanted.filter(digest => store.blobs.has(digest) && !store.blobs.usable(digest, sizes.get(digest)));
	const releaseLease = await store.leases.take(wanted);
	try {
		const known = new Map<string, LayerRecord>();
		for (const image of store.read().images) {
			for (const layer of image.layers) {
				known.set(layer.digest, layer);
			}
		}

		const layerLines = new Map<string, string>();
		const {downloadLayers} = await import('./pull.js');
		const records = await downloadLayers({
			hub,
			blobs: store.blobs,
			reference,
			resolved,
			known,
			concurrency: options.concurrency ?? readSettings(store.home).concurrency,
			signal: options.signal,
			onProgress(event) {
				if (event.kind === 'layer' && (event.status === 'Already exists' || event.status === 'Pull complete')) {
					layerLines.set(event.id, `${event.id}: ${event.status}`);
				}

				options.onProgress?.(event);
			},
		});
		const configDigest = await store.blobs.writeBytes(resolved.configBytes);
		// docker leaves one line per layer behind, in the manifest's order.
		lines.push(...resolved.manifest.layers.map(layer => layerLines.get(shortId(layer.digest))).filter((line): line is string => Boolean(line)));
		const tag = reference.tag ? canonicalString(reference) : undefined;
		const repoDigest = `${canonicalName(reference)}@${resolved.digest}`;
		const {upToDate, image} = await store.mutate(plan.action, data => {
			// A prune from another terminal may have raced the "Already exists" check: never index a missing blob.
			const missing = [configDigest, ...layers].find(digest => !store.blobs.has(digest));
			if (missing) {
				throw new DockyardError(`blob ${missing} disappeared during the pull (a concurrent prune?); pull again`);
			}

			const view = new StoreView(data);
			const parent = requireBase(view, resolved) ?? layerParent(view, resolved.config.rootfs.diff_ids);
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
		return {lines, image: store.read().byId(image)!, reference: familiarString(reference), upToDate, teach: teach(plan.action)};
	} catch (error) {
		// A failed pull leaves the store as it was: blobs it brought in that nothing names and no other pull holds go again
		// (its own lease is let go first, or it would hold them; the second release in finally is a no-op).
		await releaseLease();
		await store.dropUnclaimed(absent).catch(() => {});
		throw error;
	} finally {
		await releaseLease();
	}
}

function imageRecord(id: string, resolved: ResolvedImage, layers: LayerRecord[], parent: string | undefined, source: string): ImageRecord {
	const {config} = resolved;
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
		...configFields(config, layers),
		source,
	};
}
