import type {ImageConfig} from '../oci.js';
import type {RawEntry} from '../store/layer-files.js';

export type {RawEntry} from '../store/layer-files.js';

/** One layer of an image, oldest first, as the analysis names it. */
export type LayerInfo = {
	/** The stored blob's digest (`sha256:…`). */
	digest: string;
	/** The config's rootfs diff_id for this layer (`sha256:…`), when the config lists one. */
	diffId?: string;
};

/**
 * An image's layers for the analyses (analyze, compare): the config, and a
 * way to stream each layer's tar entries once, in order, without keeping any
 * file's bytes. The store reads its own blobs; another source (an engine's
 * archive) would hand the same shape.
 */
export type ImageLayers = {
	/** The image's full id (`sha256:…`). */
	id: string;
	config: ImageConfig;
	layers: LayerInfo[];
	/** Every entry of layer `index`, in the tar's order. */
	eachEntry: (index: number, visit: (entry: RawEntry) => void, signal?: AbortSignal) => Promise<void>;
};
