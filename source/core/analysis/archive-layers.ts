import {createHash} from 'node:crypto';
import path from 'node:path';
import {Readable} from 'node:stream';
import tar from 'tar-stream';
import {DockyardError} from '../errors.js';
import type {ImageConfig} from '../oci.js';
import {gunzipWhenGzip} from '../store/archive-entries.js';
import {rawEntry, type RawEntry} from '../store/layer-files.js';
import type {ImageLayers} from './image-layers.js';

/** JSON files of an archive (manifest.json, the config; `{` or `[` first) are small; anything bigger is not one of them. */
const jsonLimit = 16 * 1024 * 1024;

/** A docker-archive's manifest.json entry: the first image's config and layer paths. */
type ArchiveManifest = Array<{Config: string; Layers: string[]}>;

async function collect(chunks: AsyncIterator<Buffer>, first: Buffer, limit: number): Promise<Buffer | undefined> {
	const parts = [first];
	let size = first.length;
	for (;;) {
		// eslint-disable-next-line no-await-in-loop
		const next = await chunks.next();
		if (next.done) {
			return Buffer.concat(parts);
		}

		size += next.value.length;
		if (size > limit) {
			// Drain: too big to be a JSON file of the archive.
			// eslint-disable-next-line no-await-in-loop
			while (!(await chunks.next()).done) {/* Drained. */}
			return undefined;
		}

		parts.push(next.value);
	}
}

/** Every file entry of one layer tar (gzip or plain) as it passes, its bytes skipped. */
async function readLayerEntries(stream: Readable): Promise<RawEntry[]> {
	const entries: RawEntry[] = [];
	const extract = tar.extract();
	const input = await gunzipWhenGzip(stream);
	input.once('error', error => extract.destroy(error));
	input.pipe(extract);
	for await (const entry of extract) {
		const raw = rawEntry(entry.header);
		if (raw) {
			entries.push(raw);
		}

		entry.resume();
	}

	return entries;
}

/**
 * An image from an engine's `images/get` (a docker-archive tar, the layers
 * before or after manifest.json, or docker 25's OCI-layout form), read once
 * as it streams: each layer tar is parsed as it passes and only its entries'
 * names and sizes are kept; JSON files are kept to find the manifest and the
 * config. The layers are then handed in the manifest's order.
 */
export async function archiveImageLayers(archive: Readable, options: {onProgress?: (bytes: number) => void; signal?: AbortSignal} = {}): Promise<ImageLayers> {
	const layers = new Map<string, RawEntry[]>();
	const json = new Map<string, Buffer>();
	const links = new Map<string, string>();
	let bytes = 0;
	archive.on('data', (chunk: Buffer) => {
		bytes += chunk.length;
		options.onProgress?.(bytes);
	});
	const extract = tar.extract();
	archive.once('error', error => extract.destroy(error));
	const stop = () => {
		extract.destroy(new Error('aborted'));
	};

	options.signal?.addEventListener('abort', stop, {once: true});
	archive.pipe(extract);
	try {
		for await (const entry of extract) {
			const name = path.posix.normalize(entry.header.name);
			if (entry.header.type === 'symlink' && entry.header.linkname) {
				// Older docker saves a layer twice as a symlink to the first copy.
				links.set(name, path.posix.join(path.posix.dirname(name), entry.header.linkname));
				entry.resume();
				continue;
			}

			if (entry.header.type !== 'file' && entry.header.type !== 'contiguous-file') {
				entry.resume();
				continue;
			}

			const chunks = entry[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
			// eslint-disable-next-line no-await-in-loop
			const first = await chunks.next();
			const head = first.done ? Buffer.alloc(0) : first.value;
			if (head[0] === 0x7B || head[0] === 0x5B) {
				// eslint-disable-next-line no-await-in-loop
				const whole = await collect(chunks, head, jsonLimit);
				if (whole) {
					json.set(name, whole);
				}

				continue;
			}

			const rest = Readable.from((async function * () {
				yield head;
				for (;;) {
					// eslint-disable-next-line no-await-in-loop
					const next = await chunks.next();
					if (next.done) {
						return;
					}

					yield next.value;
				}
			})());
			try {
				// eslint-disable-next-line no-await-in-loop
				layers.set(name, await readLayerEntries(rest));
			} catch {
				// Not a tar (a `repositories` or `VERSION` file): skipped.
				rest.resume();
			}
		}
	} catch (error) {
		options.signal?.throwIfAborted();
		throw new DockyardError(`the engine's image archive is not a readable tar (${(error as Error).message})`);
	} finally {
		options.signal?.removeEventListener('abort', stop);
	}

	const manifestBytes = json.get('manifest.json');
	if (!manifestBytes) {
		throw new DockyardError('the engine\'s image archive has no manifest.json');
	}

	let manifest: ArchiveManifest;
	let config: ImageConfig;
	let configBytes: Buffer | undefined;
	try {
		manifest = JSON.parse(manifestBytes.toString('utf8')) as ArchiveManifest;
		configBytes = json.get(path.posix.normalize(manifest[0]!.Config));
		config = JSON.parse(configBytes!.toString('utf8')) as ImageConfig;
	} catch {
		throw new DockyardError('the engine\'s image archive has no readable manifest.json and config');
	}

	const resolve = (name: string) => {
		let current = path.posix.normalize(name);
		for (let hops = 0; hops < 16 && links.has(current); hops++) {
			current = links.get(current)!;
		}

		return current;
	};

	const ordered = manifest[0]!.Layers.map(name => {
		const found = layers.get(resolve(name));
		if (!found) {
			throw new DockyardError(`the engine's image archive lacks the layer ${name}`);
		}

		return {name, entries: found};
	});
	return {
		id: `sha256:${createHash('sha256').update(configBytes!).digest('hex')}`,
		config,
		layers: ordered.map(({name}, index) => {
			const hex = /[a-f\d]{64}/.exec(name)?.[0];
			const diffId = config.rootfs?.diff_ids?.[index];
			return {digest: hex ? `sha256:${hex}` : diffId ?? name, diffId};
		}),
		async eachEntry(index, visit) {
			for (const entry of ordered[index]!.entries) {
				visit(entry);
			}
		},
	};
}
