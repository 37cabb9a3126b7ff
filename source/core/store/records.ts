/** What the index file holds. Blobs are named here by digest, never embedded. */
import {labels, type ImageConfig, type Platform} from '../oci.js';

/** One platform an index offers: its manifest's digest and size, whether or not the store holds it. */
export type IndexEntryRecord = {
	digest: string;
	size: number;
	platform: Platform;
};

/** The index (manifest list) an image was pulled through: what `images --tree` lists under it. */
export type IndexOrigin = {
	digest: string;
	/** Its platforms in the index's order, attestations left out. */
	manifests: IndexEntryRecord[];
};

export type LayerRecord = {
	/** Digest of the blob as stored (compressed or not). */
	digest: string;
	mediaType: string;
	/** Size of the blob in bytes. */
	size: number;
	/** Digest of the uncompressed tar (the config's diff_id). */
	diffId: string;
	/** Uncompressed size: the tar stream's length. */
	uncompressedSize: number;
	/**
	 * What `docker history` shows for the layer and `docker images` adds up: its files' sizes (tar-file-sizes.ts).
	 * Absent in records written before it (and for a layer whose tar could not be read): layerSize() falls back.
	 */
	filesSize?: number;
};

export type ImageRecord = {
	/** `sha256:<hex>` of the config blob, as docker's image id. */
	id: string;
	/** The config blob is the one at `id`. */
	layers: LayerRecord[];
	/** The image this one was created from; none for a base image. */
	parent?: string;
	created: string;
	/** When it entered this store. */
	added: string;
	/** When a pull last named it (absent before this field existed): its repo digests resolve to the image pulled last. */
	pulled?: string;
	/** `docker.io/microsoft/aspnet@sha256:…` for pulled images. */
	repoDigests: string[];
	/** Manifest blob digest, when the image came from a hub. */
	manifestDigest?: string;
	/** The index it was pulled through (absent for a single-manifest image, and in records older than this field). */
	index?: IndexOrigin;
	/** Bytes of the config blob (absent in older records): part of the content size `images --tree` shows. */
	configSize?: number;
	os: string;
	architecture: string;
	/** Steps in the config's history: tells `history` which row is this image's own. */
	historyLength: number;
	/** Sum of uncompressed layer sizes, as docker images SIZE. */
	size: number;
	/** PowerShell view: Name, Publisher (without CN=), Version. */
	title?: string;
	publisher?: string;
	version?: string;
	/** Where it came from: "offline", a registry host, or "commit". */
	source: string;
};

export type FileChange = {
	/** Absolute path inside the container, e.g. /inetpub/wwwroot/index.html */
	path: string;
	/** Blob holding the file's bytes. */
	digest: string;
	size: number;
	mode: number;
	added: string;
};

export type ContainerRecord = {
	/** 64 hex characters, as docker. */
	id: string;
	name: string;
	/** Image id the container was created from. */
	image: string;
	/** The reference the user typed, shown in `ps` IMAGE. */
	imageRef: string;
	command: string;
	created: string;
	status: 'created' | 'running' | 'exited';
	changes: FileChange[];
};

/** The verb is `action` (e.g. "pull", "rmi", "commit"); `summary` says what happened, in docker's words where docker has them. One type with the backend's model. */
export type {JournalEntry} from '../backend/model.js';
import type {JournalEntry} from '../backend/model.js';

export type IndexData = {
	schemaVersion: number;
	images: Record<string, ImageRecord>;
	/** Full reference (`docker.io/library/nginx:latest`) to image id. */
	tags: Record<string, string>;
	containers: Record<string, ContainerRecord>;
	journal: JournalEntry[];
};

export const journalLimit = 500;

/** The size docker shows for a layer: its files', or, in a record from before that figure, the tar stream's. */
export function layerSize(layer: Pick<LayerRecord, 'filesSize' | 'uncompressedSize'>): number {
	return layer.filesSize ?? layer.uncompressedSize;
}

/** What an image record takes from its config and layers, however it arrived (pull, load, commit): platform, history, SIZE, the PowerShell view. */
export function configFields(config: ImageConfig, layers: Array<Pick<LayerRecord, 'filesSize' | 'uncompressedSize'>>): Pick<ImageRecord, 'os' | 'architecture' | 'historyLength' | 'size' | 'title' | 'publisher' | 'version'> {
	const configLabels = config.config?.Labels ?? {};
	return {
		os: config.os,
		architecture: config.architecture,
		historyLength: config.history?.length ?? 0,
		size: layers.reduce((total, layer) => total + layerSize(layer), 0),
		title: configLabels[labels.title],
		publisher: configLabels[labels.vendor],
		version: configLabels[labels.version],
	};
}
