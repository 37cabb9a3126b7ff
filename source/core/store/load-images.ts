import {mkdir, rm, writeFile} from 'node:fs/promises';
import path from 'node:path';
import type {Readable} from 'node:stream';
import {crypto} from '../crypto.js';
import {DockyardError} from '../errors.js';
import type {Platform} from '../oci.js';
import {familiarString, parseReference} from '../reference.js';
import {teach, type Action, type Equivalents} from '../teach.js';
import {baseOf, layerParent} from './base-image.js';
import type {ArchiveImage} from './load.js';
import {configFields, type ImageRecord} from './records.js';
import type {StoreContext} from './store-context.js';
import {StoreView} from './view.js';

export type LoadResult = {lines: string[]; images: string[]; teach: Equivalents};

/**
 * docker load: every file of the archive streamed into the blob store and
 * checked (load.ts), then the images and their tags recorded at once. A
 * refused or broken archive leaves nothing behind: the blobs it brought
 * that nothing names are removed again, held by a lease meanwhile so a
 * prune elsewhere does not race the record.
 */
export async function loadImages(store: StoreContext, input: string | Readable, options: {platform?: Platform} = {}): Promise<LoadResult> {
	return store.attempt((): Action => ({kind: 'load', source: typeof input === 'string' ? input : 'from stdin'}), async () => {
		const source = typeof input === 'string' ? input : 'from stdin';
		const before = new Set(await store.blobs.list());
		const arrived = new Set<string>();
		const lease = path.join(store.home, 'leases', `${process.pid}-${crypto().randomBytes(4).toString('hex')}.json`);
		await mkdir(path.dirname(lease), {recursive: true});
		const holdArrived = async () => writeFile(lease, JSON.stringify({pid: process.pid, digests: [...arrived]}));
		await holdArrived();
		try {
			const {BadArchiveError, readArchive} = await import('./archive-entries.js');
			const {imagesOfArchive} = await import('./load.js');
			const entries = await readArchive(store.blobs, input, digest => {
				arrived.add(digest);
			});
			await holdArrived();
			if (entries.size === 0 && typeof input !== 'string') {
				throw new DockyardError('requested load from stdin, but stdin is empty');
			}

			const images = await imagesOfArchive(store.blobs, source, entries, options);
			if (images.length === 0) {
				throw new BadArchiveError(source, 'it holds no image');
			}

			const lines = await store.mutate<string[]>({kind: 'load', source}, data => {
				const missing = images.flatMap(image => [image.id, ...image.layers.map(layer => layer.digest)]).find(digest => !store.blobs.has(digest));
				if (missing) {
					throw new DockyardError(`blob ${missing} disappeared during the load (a concurrent prune?); load again`);
				}

				const printed = new Map<ArchiveImage, string[]>();
				// An archive may carry a base OS image with the images built on it: bases first, each
				// image recorded once its base is there (in the store or loaded just now), as pull requires.
				let waiting = images;
				while (waiting.length > 0) {
					const ready = waiting.filter(image => baseOf(new StoreView(data), image) !== 'missing');
					if (ready.length === 0) {
						baseOf(new StoreView(data), waiting[0]!, true);
					}

					for (const image of ready) {
						const current = new StoreView(data);
						const base = baseOf(current, image);
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
			await store.dropUnclaimed([...arrived].filter(digest => !before.has(digest))).catch(() => {});
		}
	});
}

function loadedRecord(image: ArchiveImage, parent: string | undefined): ImageRecord {
	const {config} = image;
	return {
		id: image.id,
		layers: image.layers,
		parent,
		created: config.created ?? new Date(0).toISOString(),
		added: new Date().toISOString(),
		// As docker load: an archive carries no registry, so no repo digests.
		repoDigests: [],
		manifestDigest: image.manifestDigest,
		...configFields(config, image.layers),
		source: 'load',
	};
}
