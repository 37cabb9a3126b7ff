/**
 * Tar archives as copy places: `oci-archive:PATH[:REF]` (a tarred OCI
 * layout) and `docker-archive:PATH[:REF]` (docker save's manifest.json), and
 * through them the engine (`docker-daemon:`, images/get and images/load) and
 * the store (`dockyard:`, its save and load). A source archive is unpacked
 * into a temp directory first (a tar has no index to seek by; hostile paths
 * refused); a destination is a temp OCI layout with docker's manifest.json
 * beside it, tarred at the end — the one tar docker, podman and dockyard all
 * load.
 */
import {copyFileSync, createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {Readable} from 'node:stream';
import {pipeline} from 'node:stream/promises';
import tar from 'tar-stream';
import {sha256} from '../digest.js';
import {DockyardError} from '../errors.js';
import {type Descriptor, type ImageManifest, mediaTypes} from '../oci.js';
import {canonicalString, familiarString, parseReference} from '../reference.js';
import type {ImageDestination, ImageSource, RawManifest} from './image-transport.js';
import {layoutDestination, layoutSource} from './oci-layout.js';

export class ArchiveError extends DockyardError {}

/** A temp directory that `dispose` removes. */
function scratch(): {directory: string; dispose: () => void} {
	const directory = mkdtempSync(path.join(os.tmpdir(), 'dockyard-copy-'));
	return {directory, dispose: () => rmSync(directory, {recursive: true, force: true})};
}

/** Unpacks regular files and directories; an absolute path, `..`, a link or a device is refused. */
async function unpack(file: string | Readable, into: string, name: string): Promise<void> {
	const extract = tar.extract();
	// docker's legacy `<id>/layer.tar` entries (skopeo writes them) are links to a blob in the same archive: copied once all is out.
	const links: Array<{at: string; to: string}> = [];
	extract.on('entry', (header, stream, next) => {
		const relative = path.posix.normalize(header.name).replace(/^\.\//, '');
		if (header.type === 'directory') {
			stream.resume();
			next();
			return;
		}

		if ((header.type === 'symlink' || header.type === 'link') && header.linkname && !relative.startsWith('/') && !relative.split('/').includes('..')) {
			const target = header.type === 'symlink' ? path.posix.normalize(path.posix.join(path.posix.dirname(relative), header.linkname)) : path.posix.normalize(header.linkname);
			if (!target.startsWith('/') && !target.split('/').includes('..')) {
				links.push({at: relative, to: target});
				stream.resume();
				next();
				return;
			}
		}

		if (header.type !== 'file' || relative.startsWith('/') || relative.split('/').includes('..')) {
			stream.resume();
			next(new ArchiveError(`${name} holds an entry dockyard does not unpack: ${header.name.slice(0, 100)} (${header.type ?? 'unknown'})`));
			return;
		}

		const target = path.join(into, relative);
		mkdirSync(path.dirname(target), {recursive: true});
		pipeline(stream, createWriteStream(target)).then(() => {
			next();
		}, (error: unknown) => {
			next(error as Error);
		});
	});
	try {
		await pipeline(typeof file === 'string' ? createReadStream(file) : file, extract);
	} catch (error) {
		if (error instanceof DockyardError) {
			throw error;
		}

		throw new ArchiveError(`${name} is not a tar archive dockyard can read: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
	}

	for (const link of links) {
		const from = path.join(into, link.to);
		if (!existsSync(from) || !statSync(from).isFile()) {
			throw new ArchiveError(`${name} links ${link.at.slice(0, 100)} to ${link.to.slice(0, 100)}, which it does not hold`);
		}

		mkdirSync(path.dirname(path.join(into, link.at)), {recursive: true});
		copyFileSync(from, path.join(into, link.at));
	}
}

type DockerEntry = {Config: string; RepoTags?: string[] | null; Layers: string[]};

/** docker save's manifest.json as a source: a docker v2 manifest made from its files (layers as they are, gzip or not). */
function dockerArchiveSource(directory: string, ref: string | undefined, name: string): ImageSource {
	let entries: DockerEntry[];
	try {
		entries = JSON.parse(readFileSync(path.join(directory, 'manifest.json'), 'utf8')) as DockerEntry[];
	} catch {
		throw new ArchiveError(`${name} has neither an index.json nor a readable manifest.json`);
	}

	const wanted = ref === undefined ? undefined : canonicalString(parseReference(ref));
	const entry = wanted === undefined
		? (entries.length === 1 ? entries[0] : undefined)
		: entries.find(item => (item.RepoTags ?? []).some(tag => canonicalString(parseReference(tag)) === wanted));
	if (!entry || typeof entry.Config !== 'string' || !Array.isArray(entry.Layers)) {
		throw new ArchiveError(wanted === undefined ? `${name} holds ${entries.length} images: name one (${name}:NAME:TAG)` : `${name}: no image named ${ref} in the archive`);
	}

	const files = new Map<string, string>();
	const describe = (file: string, mediaType: string): Descriptor => {
		const full = path.join(directory, path.normalize(file));
		if (!full.startsWith(directory + path.sep) || !existsSync(full)) {
			throw new ArchiveError(`${name} names ${file.slice(0, 100)}, which it does not hold`);
		}

		const bytes = readFileSync(full);
		const digest = sha256(bytes);
		files.set(digest, full);
		return {mediaType, digest, size: bytes.length};
	};

	const config = describe(entry.Config, mediaTypes.dockerConfig);
	const layers = entry.Layers.map(layer => {
		const head = readFileSync(path.join(directory, path.normalize(layer))).subarray(0, 2);
		return describe(layer, head[0] === 0x1f && head[1] === 0x8b ? mediaTypes.dockerLayerGzip : mediaTypes.dockerLayer);
	});
	const manifest: ImageManifest = {schemaVersion: 2, mediaType: mediaTypes.dockerManifest, config, layers};
	const bytes = Buffer.from(JSON.stringify(manifest));
	const top: RawManifest = {mediaType: mediaTypes.dockerManifest, digest: sha256(bytes), bytes};
	return {
		name,
		top: async () => top,
		async manifest(descriptor) {
			throw new ArchiveError(`${name} has no manifest ${descriptor.digest}`);
		},
		async openBlob(descriptor) {
			const file = files.get(descriptor.digest);
			if (!file) {
				throw new ArchiveError(`${name} has no blob ${descriptor.digest}`);
			}

			return createReadStream(file);
		},
	};
}

/**
 * An archive (a file, or a stream a backend saves) as a source: the OCI
 * layout in it when it has `index.json` (found by REF as a ref name, a
 * full name or a tag), else docker's manifest.json.
 */
export async function archiveSource(input: string | Readable, ref: string | undefined, name: string): Promise<ImageSource> {
	const temporary = scratch();
	try {
		await unpack(input, temporary.directory, name);
		const source = existsSync(path.join(temporary.directory, 'index.json'))
			? layoutSourceByName(temporary.directory, ref, name)
			: dockerArchiveSource(temporary.directory, ref, name);
		return {...source, name, close: async () => temporary.dispose()};
	} catch (error) {
		temporary.dispose();
		throw error;
	}
}

/** In an archive's index.json, a name may be the whole reference (`docker.io/library/x:1`, as dockyard and docker save write it) or a tag. */
function layoutSourceByName(directory: string, ref: string | undefined, name: string): ImageSource {
	if (ref !== undefined) {
		const index = JSON.parse(readFileSync(path.join(directory, 'index.json'), 'utf8')) as {manifests?: Array<{annotations?: Record<string, string>}>};
		const names = (index.manifests ?? []).map(entry => entry.annotations?.['org.opencontainers.image.ref.name']).filter((value): value is string => Boolean(value));
		let wanted: string | undefined;
		try {
			const parsed = parseReference(ref);
			wanted = names.find(value => value === ref || value === canonicalString(parsed) || value === familiarString(parsed) || value === parsed.tag);
		} catch {}

		const source = layoutSource(directory, wanted ?? ref);
		return {...source, name};
	}

	return {...layoutSource(directory, undefined), name};
}

/**
 * A destination that becomes an archive: an OCI layout in a temp directory
 * plus docker's manifest.json for a single image; `finish` tars it and
 * hands the file on (to a path, or to a backend's load).
 */
export function archiveDestination(ref: string | undefined, name: string, finish: (file: string) => Promise<void>): ImageDestination {
	const temporary = scratch();
	const layoutDirectory = path.join(temporary.directory, 'layout');
	const layout = layoutDestination(layoutDirectory, ref ? refName(ref) : undefined);
	return {
		...layout,
		name,
		async putTop(manifest) {
			await layout.putTop(manifest);
			const parsed = JSON.parse(manifest.bytes.toString('utf8')) as Partial<ImageManifest>;
			if (parsed.config && Array.isArray(parsed.layers)) {
				const blob = (digest: string) => `blobs/sha256/${digest.slice(7)}`;
				const repoTags = ref ? [familiarString(parseReference(ref))] : [];
				writeFileSync(path.join(layoutDirectory, 'manifest.json'), JSON.stringify([{Config: blob(parsed.config.digest), RepoTags: repoTags, Layers: parsed.layers.map(layer => blob(layer.digest))}]));
			}

			const file = path.join(temporary.directory, 'image.tar');
			await pack(layoutDirectory, file);
			await finish(file);
		},
		close: async () => temporary.dispose(),
	};
}

/** The ref.name an archive's index gets: the full reference for a name, as docker save writes it; a bare tag as it is. */
function refName(ref: string): string {
	try {
		return ref.includes('/') || ref.includes(':') ? canonicalString(parseReference(ref)) : ref;
	} catch {
		return ref;
	}
}

async function pack(directory: string, file: string): Promise<void> {
	const packer = tar.pack();
	const writing = pipeline(packer, createWriteStream(file));
	const walk = async (relative: string): Promise<void> => {
		for (const entry of readdirSync(path.join(directory, relative), {withFileTypes: true}).sort((a, b) => a.name.localeCompare(b.name))) {
			const inner = relative ? `${relative}/${entry.name}` : entry.name;
			if (entry.isDirectory()) {
				packer.entry({name: `${inner}/`, type: 'directory', mode: 0o755, mtime: new Date(0)});
				// eslint-disable-next-line no-await-in-loop
				await walk(inner);
			} else {
				const full = path.join(directory, inner);
				const entryStream = packer.entry({name: inner, size: statSync(full).size, mode: 0o644, mtime: new Date(0)});
				// eslint-disable-next-line no-await-in-loop
				await pipeline(createReadStream(full), entryStream);
			}
		}
	};

	await walk('');
	packer.finalize();
	await writing;
}
