import {labels, mediaTypes, type ImageConfig} from '../oci.js';
import type {BlobStore} from './blobs.js';
import {buildContainerLayer} from './container-layer.js';
import {configFields, type ContainerRecord, type ImageRecord} from './records.js';

export type CommitOptions = {
	/** REPO[:TAG] for the new image; none leaves it untagged, as docker commit. */
	repository?: string;
	author?: string;
	message?: string;
	/** New-ContainerImage's -Publisher, -Name and -Version. */
	publisher?: string;
	title?: string;
	version?: string;
};

/**
 * A new image from a container: the parent's config with one more layer
 * (the files added to the container) and one more history entry. Blobs are
 * written here; the caller records the image in the index.
 */
export async function commitContainer(
	blobs: BlobStore,
	container: ContainerRecord,
	parent: ImageRecord,
	parentConfig: ImageConfig,
	options: CommitOptions,
): Promise<ImageRecord> {
	const now = new Date().toISOString();
	const layer = container.changes.length > 0 ? await buildContainerLayer(blobs, container.changes) : undefined;
	const configLabels = {...parentConfig.config?.Labels};
	// What named the parent does not name the child: its base is the parent now, and its
	// PowerShell Name, Publisher and Version are its own (or none).
	for (const key of [labels.baseName, labels.baseDigest, labels.title, labels.vendor, labels.version, labels.description]) {
		delete configLabels[key];
	}

	if (options.publisher) {
		configLabels[labels.vendor] = options.publisher;
	}

	if (options.title) {
		configLabels[labels.title] = options.title;
	}

	if (options.version) {
		configLabels[labels.version] = fourPartVersion(options.version);
	}

	const config: ImageConfig = {
		...parentConfig,
		created: now,
		...(options.author ? {author: options.author} : {}),
		container: container.id,
		config: {...parentConfig.config, Labels: configLabels},
		rootfs: {type: 'layers', diff_ids: [...parentConfig.rootfs.diff_ids, ...(layer ? [layer.digest] : [])]},
		history: [
			...(parentConfig.history ?? []),
			{
				created: now,
				created_by: container.command || '/bin/sh',
				...(options.author ? {author: options.author} : {}),
				...(options.message ? {comment: options.message} : {}),
				...(layer ? {} : {empty_layer: true}),
			},
		],
	};
	const configBytes = Buffer.from(JSON.stringify(config));
	const id = await blobs.writeBytes(configBytes);
	const layers = layer
		// Its files' size is what was copied in: the directories the tar adds for them count nothing, as in docker.
		? [...parent.layers, {digest: layer.digest, mediaType: mediaTypes.ociLayer, size: layer.size, diffId: layer.digest, uncompressedSize: layer.size, filesSize: container.changes.reduce((total, change) => total + change.size, 0)}]
		: parent.layers;
	return {
		id,
		layers,
		parent: parent.id,
		created: now,
		added: now,
		repoDigests: [],
		...configFields(config, layers),
		source: 'commit',
	};
}


/** PowerShell's System.Version shows every part: 1.0 → 1.0.0.0. */
export function fourPartVersion(version: string): string {
	if (!/^\d+(\.\d+){0,3}$/.test(version)) {
		return version;
	}

	const parts = version.split('.');
	while (parts.length < 4) {
		parts.push('0');
	}

	return parts.join('.');
}
