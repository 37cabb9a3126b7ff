/**
 * Images for the tests and the bench, built without a daemon: umoci makes
 * real layers, configs and history in an OCI layout; a two-platform index is
 * written here over two umoci-built manifests; big images of random bytes are
 * written here directly (streamed, never held in memory); skopeo pushes them
 * to a registry.
 */
import {execFile} from 'node:child_process';
import {createCipheriv, createHash} from 'node:crypto';
import {createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {Readable, Transform, type TransformCallback} from 'node:stream';
import {pipeline} from 'node:stream/promises';
import {promisify} from 'node:util';
import {createGzip} from 'node:zlib';

const execFileAsync = promisify(execFile);

export const ociMediaTypes = {
	index: 'application/vnd.oci.image.index.v1+json',
	manifest: 'application/vnd.oci.image.manifest.v1+json',
	config: 'application/vnd.oci.image.config.v1+json',
	layer: 'application/vnd.oci.image.layer.v1.tar',
	layerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
} as const;

const refName = 'org.opencontainers.image.ref.name';

/** Runs a tool, failing with its stderr; every call has a timeout. */
export async function run(tool: string, args: string[], options: {timeoutMs?: number; cwd?: string; env?: NodeJS.ProcessEnv} = {}): Promise<string> {
	try {
		const {stdout} = await execFileAsync(tool, args, {
			timeout: options.timeoutMs ?? 120_000,
			maxBuffer: 64 * 1024 * 1024,
			cwd: options.cwd,
			env: options.env,
			encoding: 'utf8',
		});
		return stdout;
	} catch (error) {
		const failure = error as Error & {stderr?: string; killed?: boolean};
		throw new Error(`${tool} ${args.join(' ')} failed${failure.killed ? ' (timed out)' : ''}: ${(failure.stderr ?? failure.message).trim()}`);
	}
}

// --- images built with umoci ---------------------------------------------------

export type BuildStep =
	/** A real layer: these files (path inside the image → content), under this history line. */
	| {layer: Record<string, string | Uint8Array>; createdBy: string; comment?: string; remove?: string[]}
	/** A config change that makes no layer: a history entry with `empty_layer: true`. */
	| {cmd?: string[]; env?: string[]; labels?: Record<string, string>; createdBy: string; comment?: string};

export type ImageSpec = {
	/** The OCI layout directory (made when missing). */
	layout: string;
	tag: string;
	/** A tag already in this layout to build on: its layers and history are shared. */
	base?: string;
	/** `linux/amd64`-style platform of a new image (no base); default linux/amd64. */
	platform?: {os: string; architecture: string; variant?: string};
	steps: BuildStep[];
	/** Time every step is dated (default 2024-01-02T03:04:05Z): fixed, so history reads the same on every run. */
	created?: string;
	author?: string;
};

export type BuiltImage = {
	layout: string;
	tag: string;
	/** The manifest as it sits in the layout (skopeo --preserve-digests pushes these bytes). */
	manifestDigest: string;
	manifestSize: number;
	configDigest: string;
	layers: Array<{digest: string; size: number; mediaType: string}>;
	diffIds: string[];
};

/** Makes an empty OCI layout by hand (for a directory that already exists, which `umoci init` refuses). */
export function ensureLayout(layout: string): void {
	if (!existsSync(path.join(layout, 'oci-layout'))) {
		mkdirSync(path.join(layout, 'blobs', 'sha256'), {recursive: true});
		writeFileSync(path.join(layout, 'oci-layout'), JSON.stringify({imageLayoutVersion: '1.0.0'}));
		writeFileSync(path.join(layout, 'index.json'), JSON.stringify({schemaVersion: 2, manifests: []}));
	}
}

/** Builds one image with umoci: `new` (or a tag of the base), then each step as unpack/write/repack or `config`. */
export async function buildImage(spec: ImageSpec): Promise<BuiltImage> {
	const {layout, tag} = spec;
	const created = spec.created ?? '2024-01-02T03:04:05Z';
	const image = `${layout}:${tag}`;
	if (!existsSync(path.join(layout, 'oci-layout'))) {
		if (existsSync(layout)) {
			ensureLayout(layout);
		} else {
			await run('umoci', ['init', '--layout', layout]);
		}
	}

	if (spec.base) {
		await run('umoci', ['tag', '--image', `${layout}:${spec.base}`, tag]);
	} else {
		await run('umoci', ['new', '--image', image]);
		const platform = spec.platform ?? {os: 'linux', architecture: 'amd64'};
		await run('umoci', [
			'config', '--image', image, '--no-history',
			'--os', platform.os, '--architecture', platform.architecture,
			'--created', created,
			...(spec.author ? ['--author', spec.author] : []),
		]);
		if (platform.variant) {
			await setConfigField(layout, tag, config => ({...config, variant: platform.variant}));
		}
	}

	const work = mkdtempSync(path.join(os.tmpdir(), 'dockyard-umoci-'));
	try {
		let index = 0;
		for (const step of spec.steps) {
			index++;
			const history = ['--history.created', created, '--history.created_by', step.createdBy, ...(step.comment ? ['--history.comment', step.comment] : []), ...(spec.author ? ['--history.author', spec.author] : [])];
			if ('layer' in step) {
				const bundle = path.join(work, `bundle-${index}`);
				// eslint-disable-next-line no-await-in-loop
				await run('umoci', ['unpack', '--rootless', '--image', image, bundle]);
				const rootfs = path.join(bundle, 'rootfs');
				const stamp = new Date(created);
				// A path removed before repacking: umoci writes its `.wh.` whiteout.
				for (const gone of step.remove ?? []) {
					rmSync(path.join(rootfs, gone.replace(/^\/+/, '')), {recursive: true, force: true});
				}

				for (const [file, content] of Object.entries(step.layer)) {
					const target = path.join(rootfs, file.replace(/^\/+/, ''));
					mkdirSync(path.dirname(target), {recursive: true});
					writeFileSync(target, content);
					utimesSync(target, stamp, stamp);
				}

				// eslint-disable-next-line no-await-in-loop
				await run('umoci', ['repack', '--image', image, ...history, bundle]);
				rmSync(bundle, {recursive: true, force: true});
			} else {
				const changes: string[] = [];
				for (const part of step.cmd ?? []) {
					changes.push('--config.cmd', part);
				}

				for (const variable of step.env ?? []) {
					changes.push('--config.env', variable);
				}

				for (const [key, value] of Object.entries(step.labels ?? {})) {
					changes.push('--config.label', `${key}=${value}`);
				}

				// eslint-disable-next-line no-await-in-loop
				await run('umoci', ['config', '--image', image, '--created', created, ...history, ...changes]);
			}
		}
	} finally {
		rmSync(work, {recursive: true, force: true});
	}

	return describeImage(layout, tag);
}

/**
 * Adds a layer written by hand (an uncompressed tar) on top of a tagged
 * image: for entries umoci never writes, such as an opaque directory's
 * `.wh..wh..opq` marker. Each entry is a file (with content) or a
 * directory (name ending in `/`).
 */
export async function appendRawLayer(layout: string, tag: string, entries: Array<{name: string; content?: string}>, createdBy: string): Promise<BuiltImage> {
	const tar = (await import('tar-stream')).default;
	const pack = tar.pack();
	const mtime = new Date('2024-01-02T03:04:05Z');
	for (const entry of entries) {
		if (entry.name.endsWith('/')) {
			pack.entry({name: entry.name, type: 'directory', mode: 0o755, mtime});
		} else {
			pack.entry({name: entry.name, mode: 0o644, mtime}, entry.content ?? '');
		}
	}

	pack.finalize();
	const chunks: Buffer[] = [];
	for await (const chunk of pack) {
		chunks.push(chunk as Buffer);
	}

	const layer = writeBlob(layout, Buffer.concat(chunks));
	await setConfigField(layout, tag, config => {
		const rootfs = config['rootfs'] as {type: string; diff_ids: string[]};
		const history = (config['history'] as unknown[] | undefined) ?? [];
		return {...config, rootfs: {...rootfs, diff_ids: [...rootfs.diff_ids, layer.digest]}, history: [...history, {created: mtime.toISOString(), created_by: createdBy}]};
	});
	const descriptor = taggedDescriptor(layout, tag);
	const manifest = JSON.parse(readBlob(layout, descriptor.digest).toString('utf8')) as {layers: unknown[]} & Record<string, unknown>;
	const written = writeBlob(layout, JSON.stringify({...manifest, layers: [...manifest.layers, {mediaType: 'application/vnd.oci.image.layer.v1.tar', ...layer}]}));
	setTag(layout, tag, {mediaType: ociMediaTypes.manifest, ...written});
	return describeImage(layout, tag);
}

/** Reads a tagged image of a layout back: manifest, config and layer digests. */
export function describeImage(layout: string, tag: string): BuiltImage {
	const descriptor = taggedDescriptor(layout, tag);
	const manifest = JSON.parse(readBlob(layout, descriptor.digest).toString('utf8')) as {config: {digest: string}; layers: Array<{digest: string; size: number; mediaType: string}>};
	const config = JSON.parse(readBlob(layout, manifest.config.digest).toString('utf8')) as {rootfs: {diff_ids: string[]}};
	return {
		layout,
		tag,
		manifestDigest: descriptor.digest,
		manifestSize: descriptor.size,
		configDigest: manifest.config.digest,
		layers: manifest.layers.map(({digest, size, mediaType}) => ({digest, size, mediaType})),
		diffIds: config.rootfs.diff_ids,
	};
}

type LayoutIndex = {schemaVersion: 2; manifests: Array<{mediaType: string; digest: string; size: number; annotations?: Record<string, string>; platform?: Record<string, string>}>};

function readIndex(layout: string): LayoutIndex {
	return JSON.parse(readFileSync(path.join(layout, 'index.json'), 'utf8')) as LayoutIndex;
}

function taggedDescriptor(layout: string, tag: string): LayoutIndex['manifests'][number] {
	const found = readIndex(layout).manifests.find(entry => entry.annotations?.[refName] === tag);
	if (!found) {
		throw new Error(`no tag ${tag} in the OCI layout ${layout}`);
	}

	return found;
}

export function readBlob(layout: string, digest: string): Buffer {
	return readFileSync(blobPath(layout, digest));
}

function blobPath(layout: string, digest: string): string {
	const [algorithm, hex] = digest.split(':');
	return path.join(layout, 'blobs', algorithm!, hex!);
}

function sha256(data: Uint8Array | string): string {
	return 'sha256:' + createHash('sha256').update(data).digest('hex');
}

/** Stores bytes as a blob of the layout; returns its descriptor fields. */
export function writeBlob(layout: string, bytes: Uint8Array | string): {digest: string; size: number} {
	const data = typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
	const digest = sha256(data);
	mkdirSync(path.join(layout, 'blobs', 'sha256'), {recursive: true});
	writeFileSync(blobPath(layout, digest), data);
	return {digest, size: data.length};
}

/** Points `tag` at a new entry in the layout's index.json (replacing an older one of that name). */
export function setTag(layout: string, tag: string, entry: {mediaType: string; digest: string; size: number}): void {
	const index = readIndex(layout);
	index.manifests = [
		...index.manifests.filter(existing => existing.annotations?.[refName] !== tag),
		{...entry, annotations: {[refName]: tag}},
	];
	writeFileSync(path.join(layout, 'index.json'), JSON.stringify(index));
}

/** Rewrites an image's config (umoci has no flag for some fields, e.g. `variant`), keeping the tag pointed at it. */
async function setConfigField(layout: string, tag: string, change: (config: Record<string, unknown>) => Record<string, unknown>): Promise<void> {
	const descriptor = taggedDescriptor(layout, tag);
	const manifest = JSON.parse(readBlob(layout, descriptor.digest).toString('utf8')) as {config: {digest: string; size: number}} & Record<string, unknown>;
	const config = change(JSON.parse(readBlob(layout, manifest.config.digest).toString('utf8')) as Record<string, unknown>);
	const written = writeBlob(layout, JSON.stringify(config));
	const newManifest = writeBlob(layout, JSON.stringify({...manifest, config: {...manifest.config, ...written}}));
	setTag(layout, tag, {mediaType: ociMediaTypes.manifest, ...newManifest});
}

export type IndexEntry = {tag: string; platform: {os: string; architecture: string; variant?: string}};

/**
 * An OCI image index over images already in the layout (umoci only makes
 * single manifests), tagged `tag`. Push it with `pushImage(…, {all: true})`.
 */
export function buildIndex(layout: string, tag: string, entries: IndexEntry[]): {digest: string; size: number} {
	const manifests = entries.map(entry => {
		const descriptor = taggedDescriptor(layout, entry.tag);
		return {mediaType: descriptor.mediaType, digest: descriptor.digest, size: descriptor.size, platform: entry.platform};
	});
	const written = writeBlob(layout, JSON.stringify({schemaVersion: 2, mediaType: ociMediaTypes.index, manifests}));
	setTag(layout, tag, {mediaType: ociMediaTypes.index, ...written});
	return written;
}

/**
 * Pushes a tagged image of a layout to a registry, byte for byte
 * (`--preserve-digests`: skopeo would otherwise compress uncompressed layers).
 * `destination` is `HOST/NAME:TAG`; `all` copies every image of an index.
 */
export async function pushImage(layout: string, tag: string, destination: string, options: {all?: boolean; timeoutMs?: number} = {}): Promise<void> {
	await run('skopeo', [
		'copy', '--quiet', '--preserve-digests', '--dest-tls-verify=false',
		...(options.all ? ['--all'] : []),
		`oci:${layout}:${tag}`, `docker://${destination}`,
	], {timeoutMs: options.timeoutMs ?? 300_000});
}

/** `skopeo inspect` of a registry image: the digest and layers skopeo sees. */
export async function skopeoInspect(reference: string, options: {raw?: boolean; platform?: {os: string; architecture: string}} = {}): Promise<unknown> {
	const platform = options.platform ? ['--override-os', options.platform.os, '--override-arch', options.platform.architecture] : [];
	const stdout = await run('skopeo', [...platform, 'inspect', '--tls-verify=false', ...(options.raw ? ['--raw'] : []), `docker://${reference}`]);
	return JSON.parse(stdout) as unknown;
}

// --- big images of random bytes ------------------------------------------------

export type BigImageSpec = {
	layout: string;
	tag: string;
	/** Total size of the layers' contents in MiB. */
	mib: number;
	layers: number;
	/** Same seed, same bytes, same digests. */
	seed?: string;
	/** gzip level 1 layers instead of plain tar (random bytes do not compress: it only costs time). */
	gzip?: boolean;
};

const chunkSize = 1024 * 1024;

/** Incompressible, seeded bytes: AES-128-CTR over zeros (fast, and the same on every machine). */
function randomChunks(seed: string, bytes: number): Readable {
	const key = createHash('sha256').update(seed).digest().subarray(0, 16);
	const cipher = createCipheriv('aes-128-ctr', key, Buffer.alloc(16));
	const zeros = Buffer.alloc(chunkSize);
	let left = bytes;
	return new Readable({
		highWaterMark: chunkSize,
		read() {
			if (left <= 0) {
				this.push(null);
				return;
			}

			const size = Math.min(left, chunkSize);
			left -= size;
			this.push(cipher.update(size === chunkSize ? zeros : zeros.subarray(0, size)));
		},
	});
}

/** A ustar header for one regular file. */
function tarHeader(name: string, size: number, mtime: number): Buffer {
	const header = Buffer.alloc(512);
	const field = (offset: number, length: number, value: string) => {
		header.write(value, offset, length, 'ascii');
	};

	const octal = (value: number, length: number) => value.toString(8).padStart(length - 1, '0') + '\0';
	field(0, 100, name);
	field(100, 8, octal(0o644, 8));
	field(108, 8, octal(0, 8));
	field(116, 8, octal(0, 8));
	field(124, 12, octal(size, 12));
	field(136, 12, octal(mtime, 12));
	field(148, 8, '        ');
	field(156, 1, '0');
	field(257, 6, 'ustar\0');
	field(263, 2, '00');
	let sum = 0;
	for (const byte of header) {
		sum += byte;
	}

	field(148, 8, sum.toString(8).padStart(6, '0') + '\0 ');
	return header;
}

/** A tar of one file of `bytes` random bytes, as a stream. */
function randomTar(seed: string, name: string, bytes: number): Readable {
	const padding = (512 - (bytes % 512)) % 512;
	const body = randomChunks(seed, bytes);
	async function * tar() {
		yield tarHeader(name, bytes, 1_700_000_000);
		for await (const chunk of body) {
			yield chunk as Buffer;
		}

		yield Buffer.alloc(padding + 1024);
	}

	return Readable.from(tar(), {objectMode: false});
}

class Hasher extends Transform {
	readonly hash = createHash('sha256');
	size = 0;
	override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
		this.hash.update(chunk);
		this.size += chunk.length;
		callback(null, chunk);
	}
}

/**
 * An image of `layers` layers of random bytes totalling `mib` MiB, written
 * straight into an OCI layout: each layer is streamed to a temp file, hashed
 * on the way, and renamed to its digest.
 */
export async function makeBigImage(spec: BigImageSpec): Promise<BuiltImage> {
	const {layout, tag, layers: count} = spec;
	const seed = spec.seed ?? 'dockyard-bench';
	ensureLayout(layout);
	const total = Math.round(spec.mib * 1024 * 1024);
	const each = Math.floor(total / count);
	const layers: BuiltImage['layers'] = [];
	const diffIds: string[] = [];
	for (let index = 0; index < count; index++) {
		const bytes = index === count - 1 ? total - each * (count - 1) : each;
		const temporary = path.join(layout, 'blobs', 'sha256', `.tmp-${process.pid}-${index}`);
		const diff = new Hasher();
		const blob = new Hasher();
		const source = randomTar(`${seed}/${index}`, `data/layer-${index}.bin`, bytes);
		// eslint-disable-next-line no-await-in-loop
		await (spec.gzip
			? pipeline(source, diff, createGzip({level: 1}), blob, createWriteStream(temporary))
			: pipeline(source, diff, createWriteStream(temporary)));
		const diffId = 'sha256:' + diff.hash.digest('hex');
		const digest = spec.gzip ? 'sha256:' + blob.hash.digest('hex') : diffId;
		renameSync(temporary, blobPath(layout, digest));
		layers.push({digest, size: statSync(blobPath(layout, digest)).size, mediaType: spec.gzip ? ociMediaTypes.layerGzip : ociMediaTypes.layer});
		diffIds.push(diffId);
	}

	const created = '2024-01-02T03:04:05Z';
	const config = writeBlob(layout, JSON.stringify({
		created,
		architecture: 'amd64',
		os: 'linux',
		config: {Cmd: ['/bin/true']},
		rootfs: {type: 'layers', diff_ids: diffIds},
		history: layers.map((_, index) => ({created, created_by: `ADD layer-${index}.bin /data/ # ${spec.mib} MiB in ${count}`})),
	}));
	const manifest = writeBlob(layout, JSON.stringify({
		schemaVersion: 2,
		mediaType: ociMediaTypes.manifest,
		config: {mediaType: ociMediaTypes.config, ...config},
		layers,
	}));
	setTag(layout, tag, {mediaType: ociMediaTypes.manifest, ...manifest});
	return {layout, tag, manifestDigest: manifest.digest, manifestSize: manifest.size, configDigest: config.digest, layers, diffIds};
}
