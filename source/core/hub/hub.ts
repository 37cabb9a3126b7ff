import type {Readable} from 'node:stream';
import type {Reference} from '../reference.js';
import type {Descriptor, ImageConfig, ImageManifest, Platform} from '../oci.js';

/** One row of `docker search`. */
export type SearchResult = {
	/** Familiar name, e.g. `microsoft/aspnet` or `127.0.0.1:5000/team/app`. */
	name: string;
	description: string;
	stars: number;
	official: boolean;
	automated: boolean;
};

/** A manifest resolved for one platform, with its config, all verified. */
export type ResolvedImage = {
	/** The reference asked for, normalised, with the tag or digest used. */
	reference: Reference;
	/** Digest of the manifest that was asked for (the index's, when it is one): what `Digest:` prints. */
	digest: string;
	/** Digest of the platform manifest actually pulled. */
	manifestDigest: string;
	/** The index it was chosen from, when the reference named one: its platforms' manifests, attestations left out. */
	index?: {digest: string; manifests: Descriptor[]};
	manifest: ImageManifest;
	config: ImageConfig;
	configBytes: Uint8Array;
};

export type BlobOptions = {
	signal?: AbortSignal;
};

/**
 * Where images come from: the offline catalog bundled with dockyard, or an OCI
 * registry. The store pulls through this interface only, so every hub gets the
 * same verification, progress and rules.
 */
export type Hub = {
	/** Short name shown in the Hub pane and by `search`, e.g. "offline catalog", "docker.io". */
	readonly label: string;
	search(term: string, options: {limit: number}): Promise<SearchResult[]>;
	/** Tags of a repository (a familiar or full name), sorted as the hub returns them. */
	tags(repository: Reference): Promise<string[]>;
	resolve(reference: Reference, options?: {platform?: Platform}): Promise<ResolvedImage>;
	/**
	 * The blob's bytes as they are stored in the hub (compressed or not). The
	 * caller hashes while it writes and rejects a mismatch: a hub does not
	 * have to verify blobs itself.
	 */
	openBlob(reference: Reference, descriptor: Descriptor, options?: BlobOptions): Promise<Readable>;
};
