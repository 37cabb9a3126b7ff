/** The OCI / Docker image formats, as far as dockyard reads and writes them. */

export const mediaTypes = {
	ociIndex: 'application/vnd.oci.image.index.v1+json',
	ociManifest: 'application/vnd.oci.image.manifest.v1+json',
	ociConfig: 'application/vnd.oci.image.config.v1+json',
	ociLayer: 'application/vnd.oci.image.layer.v1.tar',
	ociLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
	dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
	dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
	dockerConfig: 'application/vnd.docker.container.image.v1+json',
	dockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
	dockerLayer: 'application/vnd.docker.image.rootfs.diff.tar',
} as const;

export type Platform = {
	os: string;
	architecture: string;
	variant?: string;
};

export type Descriptor = {
	mediaType: string;
	digest: string;
	size: number;
	annotations?: Record<string, string>;
	platform?: Platform;
	/** Where a foreign (non-distributable) layer is fetched from instead of the registry. */
	urls?: string[];
};

export type ImageManifest = {
	schemaVersion: 2;
	mediaType?: string;
	config: Descriptor;
	layers: Descriptor[];
	annotations?: Record<string, string>;
};

export type ImageIndex = {
	schemaVersion: 2;
	mediaType?: string;
	manifests: Descriptor[];
	annotations?: Record<string, string>;
};

export type HistoryEntry = {
	created?: string;
	created_by?: string;
	author?: string;
	comment?: string;
	empty_layer?: boolean;
};

export type ImageConfig = {
	created?: string;
	author?: string;
	architecture: string;
	os: string;
	variant?: string;
	config?: {
		Cmd?: string[];
		Entrypoint?: string[];
		Env?: string[];
		WorkingDir?: string;
		Labels?: Record<string, string>;
	};
	container?: string;
	rootfs: {type: 'layers'; diff_ids: string[]};
	history?: HistoryEntry[];
};

/** Labels dockyard reads for the PowerShell view and the base-image rule. */
export const labels = {
	title: 'org.opencontainers.image.title',
	vendor: 'org.opencontainers.image.vendor',
	version: 'org.opencontainers.image.version',
	description: 'org.opencontainers.image.description',
	baseName: 'org.opencontainers.image.base.name',
	baseDigest: 'org.opencontainers.image.base.digest',
} as const;

export function isIndexMediaType(mediaType: string | undefined): boolean {
	return mediaType === mediaTypes.ociIndex || mediaType === mediaTypes.dockerManifestList;
}

export function isGzipLayer(mediaType: string): boolean {
	return mediaType.endsWith('gzip');
}
