/**
 * Turns catalog-data.ts into real image blobs: uncompressed tar layers,
 * config and manifest JSON, with their sha256 digests. Every byte depends
 * only on the data, so every machine and every run gets the same digests.
 *
 * The tar writer is our own, synchronous one: `catalogBlob` must answer
 * synchronously, tar-stream's pack is asynchronous, and pinned digests must
 * not move when a library changes how it pads a header.
 */
import {sha256} from '../digest.js';
import {labels, mediaTypes, type Descriptor, type HistoryEntry, type ImageConfig, type ImageManifest} from '../oci.js';
import {vendor, type BaseRepository, type BaseVersion, type FileSpec, type HubRepository, type HubVersion, type LayerSpec} from './catalog-data.js';

/** One version of one repository, flattened: what buildImage needs. */
export type ImageSpec = {
	/** Familiar name: 'nanoserver', 'microsoft/aspnet'. */
	repository: string;
	version: string;
	title: string;
	description: string;
	created: string;
	cmd: string[];
	env?: string[];
	workingDir?: string;
	layers: LayerSpec[];
};

export type BuiltLayer = {descriptor: Descriptor; bytes: Uint8Array};

export type BuiltImage = {
	repository: string;
	version: string;
	manifest: ImageManifest;
	manifestBytes: Uint8Array;
	manifestDigest: string;
	config: ImageConfig;
	configBytes: Uint8Array;
	/** Base layers first, then the image's own. */
	layers: BuiltLayer[];
};

/** The parent a hub image names in its labels and whose layers it starts with. */
export type BaseLink = {name: string; image: BuiltImage};

const encoder = new TextEncoder();
const blockSize = 512;
const fileMode = 0o644;
const directoryMode = 0o755;

export function baseImageSpec(repository: BaseRepository, version: BaseVersion): ImageSpec {
	return {
		repository: repository.repository,
		version: version.version,
		title: repository.name,
		description: version.description,
		created: version.created,
		cmd: repository.cmd,
		layers: repository.layers,
	};
}

export function hubImageSpec(repository: HubRepository, version: HubVersion): ImageSpec {
	const fill = (text: string) => text.replaceAll('{version}', version.version);
	return {
		repository: repository.repository,
		version: version.version,
		title: repository.repository.slice(repository.repository.lastIndexOf('/') + 1),
		description: repository.description,
		created: version.created,
		cmd: repository.cmd,
		env: repository.env?.map(fill),
		workingDir: repository.workingDir,
		layers: repository.layers.map(layer => ({
			createdBy: layer.createdBy === undefined ? undefined : fill(layer.createdBy),
			files: layer.files.map(file => ({...file, path: fill(file.path), text: file.text === undefined ? undefined : fill(file.text)})),
		})),
	};
}

/** Builds one image; a hub image gets `base`'s layers, diff_ids and history before its own. */
export function buildImage(spec: ImageSpec, base?: BaseLink): BuiltImage {
	const start = Date.parse(spec.created);
	// Hub build steps a minute and a half apart; a base image's layers all date from its release.
	const createdAt = (index: number) => timestamp(base ? start + (index * 90_000) : start);
	const own = spec.layers.map((layer, index) => {
		const seed = `${spec.repository}@${spec.version}/${index}`;
		const bytes = layerTar(layer.files, seed, Math.floor(Date.parse(createdAt(index)) / 1000));
		const descriptor: Descriptor = {mediaType: mediaTypes.ociLayer, digest: sha256(bytes), size: bytes.length};
		const history: HistoryEntry = layer.createdBy === undefined ? {created: createdAt(index)} : {created: createdAt(index), created_by: layer.createdBy};
		return {layer: {descriptor, bytes}, history};
	});

	const layers = [...(base?.image.layers ?? []), ...own.map(entry => entry.layer)];
	const imageLabels: Record<string, string> = {
		[labels.title]: spec.title,
		[labels.vendor]: vendor,
		[labels.version]: spec.version,
		[labels.description]: spec.description,
	};
	if (base) {
		imageLabels[labels.baseName] = base.name;
		imageLabels[labels.baseDigest] = base.image.manifestDigest;
	}

	// Literal objects in a fixed key order: JSON.stringify keeps insertion order.
	const config: ImageConfig = {
		created: createdAt(spec.layers.length - 1),
		architecture: 'amd64',
		os: 'windows',
		config: {
			Cmd: spec.cmd,
			...(spec.env ? {Env: spec.env} : {}),
			...(spec.workingDir ? {WorkingDir: spec.workingDir} : {}),
			Labels: imageLabels,
		},
		rootfs: {type: 'layers', diff_ids: layers.map(layer => layer.descriptor.digest)},
		history: [...(base?.image.config.history ?? []), ...own.map(entry => entry.history)],
	};
	const configBytes = json(config);
	const manifest: ImageManifest = {
		schemaVersion: 2,
		mediaType: mediaTypes.ociManifest,
		config: {mediaType: mediaTypes.ociConfig, digest: sha256(configBytes), size: configBytes.length},
		layers: layers.map(layer => layer.descriptor),
	};
	const manifestBytes = json(manifest);
	return {
		repository: spec.repository,
		version: spec.version,
		manifest,
		manifestBytes,
		manifestDigest: sha256(manifestBytes),
		config,
		configBytes,
		layers,
	};
}

// Compact, no trailing newline: parsing and re-serialising gives the same bytes, so the same digest.
function json(value: unknown): Uint8Array {
	return encoder.encode(JSON.stringify(value));
}

function timestamp(milliseconds: number): string {
	return new Date(milliseconds).toISOString().replace('.000Z', 'Z');
}

type TarEntry = {path: string; directory: boolean; content: Uint8Array};

/** An uncompressed tar of the files and all their parent directories. */
export function layerTar(files: FileSpec[], seed: string, mtime: number): Uint8Array {
	const entries = new Map<string, TarEntry>();
	for (const file of files) {
		const directory = file.path.endsWith('/');
		const parts = file.path.split('/').filter(Boolean);
		for (let depth = 1; depth < parts.length + (directory ? 1 : 0); depth++) {
			const path = parts.slice(0, depth).join('/') + '/';
			entries.set(path, {path, directory: true, content: new Uint8Array(0)});
		}

		if (!directory) {
			entries.set(file.path, {path: file.path, directory: false, content: fileContent(file, `${seed}/${file.path}`)});
		}
	}

	// Code-unit order, never locale order: a parent ('a/') always precedes its children ('a/b').
	const sorted = [...entries.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
	const total = sorted.reduce((sum, entry) => sum + blockSize + padded(entry.content.length), 2 * blockSize);
	const tar = new Uint8Array(total);
	let offset = 0;
	for (const entry of sorted) {
		tar.set(tarHeader(entry, mtime), offset);
		tar.set(entry.content, offset + blockSize);
		offset += blockSize + padded(entry.content.length);
	}

	// The two zero blocks that end an archive are already zero.
	return tar;
}

function padded(size: number): number {
	return Math.ceil(size / blockSize) * blockSize;
}

/** A POSIX ustar header: uid/gid 0, fixed modes, no user names. */
function tarHeader(entry: TarEntry, mtime: number): Uint8Array {
	const header = new Uint8Array(blockSize);
	const [prefix, name] = splitPath(entry.path);
	put(header, 0, 100, name);
	put(header, 100, 8, octal(entry.directory ? directoryMode : fileMode, 8));
	put(header, 108, 8, octal(0, 8));
	put(header, 116, 8, octal(0, 8));
	put(header, 124, 12, octal(entry.content.length, 12));
	put(header, 136, 12, octal(mtime, 12));
	// The checksum is computed with its own field read as spaces.
	header.fill(0x20, 148, 156);
	put(header, 156, 1, entry.directory ? '5' : '0');
	put(header, 257, 6, 'ustar\0');
	put(header, 263, 2, '00');
	put(header, 329, 8, octal(0, 8));
	put(header, 337, 8, octal(0, 8));
	put(header, 345, 155, prefix);
	const checksum = header.reduce((sum, byte) => sum + byte, 0);
	put(header, 148, 8, checksum.toString(8).padStart(6, '0') + '\0 ');
	return header;
}

/** ustar keeps names over 100 bytes as prefix + '/' + name. */
function splitPath(path: string): [string, string] {
	if (encoder.encode(path).length <= 100) {
		return ['', path];
	}

	for (let slash = path.indexOf('/'); slash !== -1; slash = path.indexOf('/', slash + 1)) {
		const prefix = path.slice(0, slash);
		const name = path.slice(slash + 1);
		if (encoder.encode(prefix).length <= 155 && encoder.encode(name).length <= 100 && name !== '') {
			return [prefix, name];
		}
	}

	throw new Error(`catalog path too long for a tar header: ${path}`);
}

function octal(value: number, width: number): string {
	return value.toString(8).padStart(width - 1, '0') + '\0';
}

function put(header: Uint8Array, offset: number, length: number, value: string): void {
	const bytes = encoder.encode(value);
	if (bytes.length > length) {
		throw new Error(`tar header field too long: ${value}`);
	}

	header.set(bytes, offset);
}

const binaryExtensions = /\.(?:exe|dll|sys|pyd)$/i;

function fileContent(file: FileSpec, seed: string): Uint8Array {
	if (file.text !== undefined) {
		return repeatTo(encoder.encode(file.text), file.size);
	}

	const bytes = pseudoRandomBytes(seed, file.size ?? 0);
	// Executables start like one, so a curious student's hex dump looks familiar.
	if (binaryExtensions.test(file.path) && bytes.length >= 2) {
		bytes[0] = 0x4D;
		bytes[1] = 0x5A;
	}

	return bytes;
}

function repeatTo(text: Uint8Array, size: number | undefined): Uint8Array {
	if (size === undefined || text.length === 0) {
		return text;
	}

	const bytes = new Uint8Array(size);
	for (let offset = 0; offset < size; offset += text.length) {
		bytes.set(text.subarray(0, Math.min(text.length, size - offset)), offset);
	}

	return bytes;
}

/** xorshift32 seeded with FNV-1a of the seed: integer-only, so identical on every platform. */
export function pseudoRandomBytes(seed: string, size: number): Uint8Array {
	let state = 0x811C9DC5;
	for (const byte of encoder.encode(seed)) {
		state = Math.imul(state ^ byte, 0x01000193) >>> 0;
	}

	state ||= 1;
	const bytes = new Uint8Array(size);
	for (let offset = 0; offset < size; offset += 4) {
		state ^= state << 13;
		state ^= state >>> 17;
		state ^= state << 5;
		state >>>= 0;
		bytes[offset] = state & 0xFF;
		bytes[offset + 1] = (state >>> 8) & 0xFF;
		bytes[offset + 2] = (state >>> 16) & 0xFF;
		bytes[offset + 3] = state >>> 24;
	}

	return bytes;
}
