/**
 * The offline hub bundled with dockyard: the seed's images served through the
 * same Hub interface as a registry, so pulls need no network. Images are
 * built on first use and kept for the life of the process.
 */
import {Readable, addAbortSignal} from 'node:stream';
import {NotFoundError} from '../errors.js';
import {defaultDomain, defaultTag, familiarName, familiarString, withDefaultTag, type Reference} from '../reference.js';
import type {Descriptor} from '../oci.js';
import {baseImageSpec, buildImage, hubImageSpec, type BuiltImage, type ImageSpec} from './catalog-build.js';
import {baseRepositories, hubBase, hubRepositories} from './catalog-data.js';
import type {BlobOptions, Hub, ResolvedImage, SearchResult} from './hub.js';

export type OsImageEntry = {name: string; version: string; description: string; repository: string; latest: boolean};

type CatalogRepository = SearchResult & {
	/** The reference path: 'library/nanoserver', 'microsoft/aspnet'. */
	path: string;
	osImage: boolean;
	/** The first one is also tagged `latest`. */
	versions: string[];
	spec(version: string): ImageSpec;
};

const maxChunk = 64 * 1024;

const repositories: CatalogRepository[] = [
	...hubRepositories.map(repository => ({
		name: repository.repository,
		description: repository.description,
		stars: repository.stars,
		official: repository.official,
		automated: repository.automated,
		path: repository.repository,
		osImage: false,
		versions: repository.versions.map(version => version.version),
		spec: (version: string) => hubImageSpec(repository, repository.versions.find(entry => entry.version === version)!),
	})),
	...baseRepositories.map(repository => ({
		name: repository.repository,
		description: repository.versions[0].description,
		stars: 1,
		official: true,
		automated: false,
		path: `library/${repository.repository}`,
		osImage: true,
		versions: repository.versions.map(version => version.version),
		spec: (version: string) => baseImageSpec(repository, repository.versions.find(entry => entry.version === version)!),
	})),
];

/** Find-ContainerImage's list: every base OS image version, newest first per name. */
export function osImages(): OsImageEntry[] {
	return baseRepositories.flatMap(repository => [...repository.versions]
		.sort((a, b) => compareVersions(b.version, a.version))
		.map((version, index) => ({
			name: repository.name,
			version: version.version,
			description: version.description,
			repository: repository.repository,
			latest: index === 0,
		})));
}

/** Install-ContainerImage's lookup: name in any case, latest when no version is given. */
export function findOsImage(name: string, version?: string): OsImageEntry | undefined {
	const wanted = name.toLowerCase();
	const matches = osImages().filter(entry => entry.name.toLowerCase() === wanted || entry.repository === wanted);
	return version === undefined ? matches.find(entry => entry.latest) : matches.find(entry => entry.version === version);
}

/** Dotted numeric versions ('10.0.10586.0'), part by part. */
function compareVersions(a: string, b: string): number {
	const left = a.split('.').map(Number);
	const right = b.split('.').map(Number);
	for (let index = 0; index < Math.max(left.length, right.length); index++) {
		const difference = (left[index] ?? 0) - (right[index] ?? 0);
		if (difference !== 0) {
			return difference;
		}
	}

	return 0;
}

const memo = new Map<string, BuiltImage>();

/** One image, built once per process; a hub image builds its base first. */
function imageOf(repository: CatalogRepository, version: string, cache = memo): BuiltImage {
	const key = `${repository.path}:${version}`;
	let image = cache.get(key);
	if (!image) {
		const spec = repository.spec(version);
		if (repository.osImage) {
			image = buildImage(spec);
		} else {
			const base = repositories.find(entry => entry.osImage && entry.name === hubBase.repository)!;
			const name = `${defaultDomain}/library/${hubBase.repository}:${hubBase.version}`;
			image = buildImage(spec, {name, image: imageOf(base, hubBase.version, cache)});
		}

		cache.set(key, image);
	}

	return image;
}

/** Every image of the catalog from the process-wide memo. */
export function catalogImages(): BuiltImage[] {
	return repositories.flatMap(repository => repository.versions.map(version => imageOf(repository, version)));
}

/** Builds every image afresh, bypassing the memo: for determinism checks and the build-time measure. */
export function buildCatalog(): BuiltImage[] {
	const cache = new Map<string, BuiltImage>();
	return repositories.flatMap(repository => repository.versions.map(version => imageOf(repository, version, cache)));
}

/** The tags that point at each image of a repository. */
function tagsOf(repository: CatalogRepository, version: string): string[] {
	return version === repository.versions[0] ? [version, defaultTag] : [version];
}

function blobsOf(images: BuiltImage[]): Map<string, Uint8Array> {
	const blobs = new Map<string, Uint8Array>();
	for (const image of images) {
		blobs.set(image.manifestDigest, image.manifestBytes);
		blobs.set(image.manifest.config.digest, image.configBytes);
		for (const layer of image.layers) {
			blobs.set(layer.descriptor.digest, layer.bytes);
		}
	}

	return blobs;
}

let allBlobs: Map<string, Uint8Array> | undefined;

/** Where docker.io names went, and how to send them to Docker Hub: said when the offline catalog lacks one (the CLI's pull, the TUI's Hub). */
export function offlineMiss(name?: string): string {
	return `docker.io names go to the offline catalog, which has ${name ? `no ${name}` : 'no match'}; \`dockyard hub dockerhub\` (or --hub dockerhub for one command) sends them to Docker Hub`;
}

/** For tests and fsck: every blob of an image (config, manifest, layers) by digest. */
export function catalogBlob(digest: string): Uint8Array | undefined {
	allBlobs ??= blobsOf(catalogImages());
	const bytes = allBlobs.get(digest);
	// A copy: the memo must stay intact whatever the caller does with it.
	return bytes && Uint8Array.from(bytes);
}

function repositoryOf(reference: Reference): CatalogRepository | undefined {
	return reference.domain === defaultDomain ? repositories.find(repository => repository.path === reference.path) : undefined;
}

export class OfflineCatalog implements Hub {
	readonly label = 'offline catalog';
	readonly #bytesPerSecond: number | undefined;

	constructor(options: {bytesPerSecond?: number} = {}) {
		const rate = options.bytesPerSecond;
		this.#bytesPerSecond = rate !== undefined && rate > 0 ? rate : undefined;
	}

	async search(term: string, options: {limit: number}): Promise<SearchResult[]> {
		const wanted = term.trim().toLowerCase();
		const all = wanted === '' || wanted === '*';
		const matches = repositories.filter(repository => all
			|| repository.name.toLowerCase().includes(wanted)
			|| repository.description.toLowerCase().includes(wanted));
		// As the seed's `docker search *` table: its images by name, then the base OS images.
		const sorted = matches.sort((a, b) => Number(a.osImage) - Number(b.osImage)
			|| (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
		return sorted.slice(0, Math.max(0, options.limit)).map(({name, description, stars, official, automated}) => ({name, description, stars, official, automated}));
	}

	async tags(reference: Reference): Promise<string[]> {
		const repository = repositoryOf(reference);
		if (!repository) {
			throw new NotFoundError(`repository ${familiarName(reference)} not found`);
		}

		// Lexical order, as a registry's tags/list returns them.
		return repository.versions.flatMap(version => tagsOf(repository, version)).sort();
	}

	async resolve(reference: Reference): Promise<ResolvedImage> {
		// There is no index here: the one manifest is windows/amd64, whatever platform was asked for.
		const wanted = withDefaultTag(reference);
		const repository = repositoryOf(reference);
		const image = repository && (wanted.digest === undefined
			? repository.versions.filter(version => tagsOf(repository, version).includes(wanted.tag!)).map(version => imageOf(repository, version))[0]
			: repository.versions.map(version => imageOf(repository, version)).find(entry => entry.manifestDigest === wanted.digest));
		if (!image) {
			// A name the catalog has never heard of (busybox): say where docker.io names went, and how to send them to Docker Hub.
			const elsewhere = repository ? '' : `: ${offlineMiss(familiarName(wanted))}`;
			throw new NotFoundError(`manifest for ${familiarString(wanted)} not found: manifest unknown${elsewhere}`);
		}

		// Fresh copies so no caller can change the memo.
		return {
			reference: wanted,
			digest: image.manifestDigest,
			manifestDigest: image.manifestDigest,
			manifest: JSON.parse(new TextDecoder().decode(image.manifestBytes)),
			config: JSON.parse(new TextDecoder().decode(image.configBytes)),
			configBytes: Uint8Array.from(image.configBytes),
		};
	}

	async openBlob(reference: Reference, descriptor: Descriptor, options: BlobOptions = {}): Promise<Readable> {
		options.signal?.throwIfAborted();
		// Like a registry, a repository serves the blobs of its own images (their base layers included).
		const repository = repositoryOf(reference);
		const bytes = repository && blobsOf(repository.versions.map(version => imageOf(repository, version))).get(descriptor.digest);
		if (!bytes) {
			throw new NotFoundError('blob unknown');
		}

		const stream = new BlobStream(bytes, this.#bytesPerSecond);
		return options.signal ? addAbortSignal(options.signal, stream) : stream;
	}
}

/**
 * Serves bytes in chunks of at most 64 KiB. When paced, each chunk leaves only
 * once the elapsed time covers every byte sent so far, on a timer, so a
 * classroom sees progress move without the CPU spinning.
 */
class BlobStream extends Readable {
	readonly #bytes: Uint8Array;
	readonly #bytesPerSecond: number | undefined;
	readonly #chunk: number;
	#offset = 0;
	#started: number | undefined;
	#timer: NodeJS.Timeout | undefined;

	constructor(bytes: Uint8Array, bytesPerSecond: number | undefined) {
		super({highWaterMark: maxChunk});
		this.#bytes = bytes;
		this.#bytesPerSecond = bytesPerSecond;
		// About ten chunks a second when paced, so a bar moves smoothly.
		this.#chunk = bytesPerSecond === undefined ? maxChunk : Math.max(1, Math.min(maxChunk, Math.floor(bytesPerSecond / 10)));
	}

	override _read(): void {
		if (this.#timer !== undefined) {
			return;
		}

		if (this.#offset >= this.#bytes.length) {
			this.push(null);
			return;
		}

		const end = Math.min(this.#offset + this.#chunk, this.#bytes.length);
		const send = () => {
			this.#timer = undefined;
			// A copy: a consumer may keep or change the chunk.
			const chunk = Buffer.from(this.#bytes.subarray(this.#offset, end));
			this.#offset = end;
			this.push(chunk);
		};

		if (this.#bytesPerSecond === undefined) {
			send();
			return;
		}

		this.#started ??= performance.now();
		const wait = this.#started + (end / this.#bytesPerSecond * 1000) - performance.now();
		if (wait <= 0) {
			send();
		} else {
			this.#timer = setTimeout(send, wait);
		}
	}

	override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
		clearTimeout(this.#timer);
		this.#timer = undefined;
		callback(error);
	}
}
