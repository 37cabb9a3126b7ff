/**
 * `docker system df`'s figures from a snapshot, as dockerd computes them:
 * the layers' total counted once however many images share them, each
 * image's size and the part of it shared with other images, how many
 * containers use it, and each container's own layer (the files copied in).
 * A backend that does not give an image's layers has that image counted as
 * one layer of its own size, shared with nobody.
 */
import {layerSize, type LayerRecord} from '../store/records.js';
import type {Container} from './model.js';
import type {Snapshot, SnapshotImage} from './snapshot.js';

export type SizedLayer = {diffId: string; size: number};

export type ImageUsage = {image: SnapshotImage; size: number; sharedSize: number; containers: number};
export type ContainerUsage = {container: Container; sizeRw: number; sizeRootFs: number};

export type DiskUsage = {
	/** Every distinct layer once: docker's `LayersSize`, the images' SIZE in `system df`. */
	layersSize: number;
	images: ImageUsage[];
	containers: ContainerUsage[];
};

/**
 * The layers the store's snapshot images carry (another backend's carry
 * none: undefined), bottom first, each sized by its files as docker's SIZE.
 */
export function storedLayers(image: SnapshotImage): SizedLayer[] | undefined {
	return 'layers' in image && Array.isArray(image.layers)
		? (image.layers as LayerRecord[]).map(layer => ({diffId: layer.diffId, size: layerSize(layer)}))
		: undefined;
}

export function diskUsage(snapshot: Snapshot, layersOf: (image: SnapshotImage) => SizedLayer[] | undefined): DiskUsage {
	const layers = new Map<SnapshotImage, SizedLayer[]>();
	const users = new Map<string, number>();
	const sizes = new Map<string, number>();
	for (const image of snapshot.images) {
		// Distinct within an image too: an image that lists one layer twice holds it once.
		const own = [...new Map((layersOf(image) ?? [{diffId: `whole:${image.id}`, size: image.size}]).map(layer => [layer.diffId, layer])).values()];
		layers.set(image, own);
		for (const layer of own) {
			users.set(layer.diffId, (users.get(layer.diffId) ?? 0) + 1);
			sizes.set(layer.diffId, layer.size);
		}
	}

	let layersSize = 0;
	for (const size of sizes.values()) {
		layersSize += size;
	}

	const images = snapshot.images.map(image => ({
		image,
		size: image.size,
		sharedSize: layers.get(image)!.reduce((sum, layer) => sum + ((users.get(layer.diffId) ?? 0) > 1 ? layer.size : 0), 0),
		containers: image.containers.length,
	}));
	const containers = snapshot.containers.map(container => {
		const sizeRw = (container.changes ?? []).reduce((sum, change) => sum + change.size, 0);
		return {container, sizeRw, sizeRootFs: sizeRw + (snapshot.byId(container.image)?.size ?? 0)};
	});
	return {layersSize, images, containers};
}
