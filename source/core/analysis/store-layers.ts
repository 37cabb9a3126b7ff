import {shortId} from '../digest.js';
import type {ImageConfig} from '../oci.js';
import type {BlobStore} from '../store/blobs.js';
import {eachEntry} from '../store/layer-files.js';
import type {LayerRecord} from '../store/records.js';
import type {ImageLayers} from './image-layers.js';

/** A stored image's layers for the analyses: each read from its blob (checked against its digest) through the store's one layer reader. */
export function storeImageLayers(blobs: BlobStore, id: string, layers: LayerRecord[], config: ImageConfig): ImageLayers {
	return {
		id,
		config,
		layers: layers.map((layer, index) => ({digest: layer.digest, diffId: config.rootfs.diff_ids[index]})),
		async eachEntry(index, visit, signal) {
			const layer = layers[index]!;
			await eachEntry(blobs, layer, `the layer ${shortId(layer.digest)}`, signal, visit);
		},
	};
}
