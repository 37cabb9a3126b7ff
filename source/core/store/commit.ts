import {commitLabels, ownLabels} from '../backend/commit-labels.js';
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
	const configLabels: Record<string, string> = {...parentConfig.config?.Labels};
	for (const key of ownLabels) {
		delete configLabels[key];
	}

	Object.assign(configLabels, commitLabels(options));

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
