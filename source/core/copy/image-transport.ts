/**
 * The one shape every place an image can be copied from or to takes (as
 * go-containerregistry has one image interface behind its remote, layout,
 * tarball and daemon packages): a source gives the top manifest or index as
 * its exact bytes, the manifests an index names, and blobs as streams; a
 * destination takes blobs and manifests, and tags the top one at the end.
 * The copy (copy.ts) decides the order, verifies, and skips what is there.
 */
import type {Readable} from 'node:stream';
import type {Descriptor} from '../oci.js';

export type RawManifest = {mediaType: string; digest: string; bytes: Buffer};

export type ImageSource = {
	/** How it is named in messages: `docker://127.0.0.1:5000/x:1`. */
	readonly name: string;
	/** The manifest or index the reference names, byte for byte. */
	top(): Promise<RawManifest>;
	/** A manifest an index names, by its descriptor. */
	manifest(descriptor: Descriptor): Promise<RawManifest>;
	/** A blob's bytes (the copy checks them). */
	openBlob(descriptor: Descriptor): Promise<Readable>;
	/** The registry repository it reads, for cross-repository mounts. */
	readonly registryRepository?: {domain: string; path: string};
	close?(): Promise<void>;
};

export type ImageDestination = {
	readonly name: string;
	/** Only OCI's manifest types (an OCI layout, as containers/image reads one): docker's are converted on the way, as skopeo converts them. */
	readonly ociOnly?: boolean;
	/** Whether the destination holds the blob already. */
	hasBlob(descriptor: Descriptor): Promise<boolean>;
	/** Links the blob from another repository of the same registry; false when it cannot. */
	mountBlob?(descriptor: Descriptor, from: {domain: string; path: string}): Promise<boolean>;
	/** Stores a blob from a stream that fails at its end when the bytes do not match the descriptor. */
	putBlob(descriptor: Descriptor, stream: Readable): Promise<void>;
	/** Stores a manifest an index names, by digest. */
	putManifest(manifest: RawManifest): Promise<void>;
	/** Stores the top manifest or index under the destination's tag (or digest); the copy's last step. */
	putTop(manifest: RawManifest): Promise<void>;
	close?(): Promise<void>;
};
