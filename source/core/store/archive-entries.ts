import {constants, createReadStream} from 'node:fs';
import {lstat, open, readdir} from 'node:fs/promises';
import path from 'node:path';
import {pipeline as pipeStreams, Readable} from 'node:stream';
import {createGunzip} from 'node:zlib';
import tar from 'tar-stream';
import {DockyardError} from '../errors.js';
import {fsProblem, isErrno} from '../fs-errors.js';
import type {BlobStore} from './blobs.js';
import {withFirstChunk} from './first-chunk.js';

/** A file of the archive, streamed into the blob store under what it hashed to. */
export type ArchiveFile = {digest: string; size: number};

/** Every regular file of an archive (a tar, gzip'd or not, or a directory), by its path inside it. */
export type ArchiveEntries = Map<string, ArchiveFile>;

/** What the archive says that is not to be believed: one line, and the load stores nothing. */
export class BadArchiveError extends DockyardError {
	constructor(source: string, problem: string) {
		super(`invalid archive ${source}: ${problem}`);
		this.name = 'BadArchiveError';
	}
}

/**
 * Streams every regular file of the archive into the blob store (hashed on
 * the way, nothing held in memory) and returns them by name; `ingested` is
 * told each digest as it lands, so a caller can remove them if the load
 * fails. An entry that could write outside an extraction (an absolute path,
 * `..`, a symlink or hard link) refuses the whole archive, as does a tar that
 * ends before its last entry does.
 */
export async function readArchive(blobs: BlobStore, input: string | Readable, ingested: (digest: string) => void): Promise<ArchiveEntries> {
	if (typeof input !== 'string') {
		return readTar(blobs, 'from stdin', await gunzipWhenGzip(input), ingested);
	}

	const source = input;
	const info = await lstat(source).catch((error: unknown) => {
		throw new DockyardError(`open ${source}: ${fsProblem(error)}`);
	});
	if (info.isDirectory()) {
		return readDirectory(blobs, source, ingested);
	}

	const handle = await open(source, constants.O_RDONLY).catch((error: unknown) => {
		throw new DockyardError(`open ${source}: ${fsProblem(error)}`);
	});
	const stream = handle.createReadStream();
	return readTar(blobs, source, await gunzipWhenGzip(stream), ingested);
}

/** docker load takes a gzip'd archive as it takes a plain one: told apart by the first two bytes. */
export async function gunzipWhenGzip(stream: Readable): Promise<Readable> {
	const {first, whole} = await withFirstChunk(stream);
	if (first?.[0] === 0x1f && first[1] === 0x8b) {
		// A pipeline, so that a read error or a corrupt gzip reaches the tar reader as its error.
		return pipeStreams(whole, createGunzip(), () => {});
	}

	return whole;
}

/** The entry's name as a relative path inside the archive, or why it may not be one. */
export function entryName(name: string): {name: string} | {problem: string} {
	if (name.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(name)) {
		return {problem: `the entry ${name} has an absolute path`};
	}

	const parts = name.split(/[\\/]/).filter(part => part !== '' && part !== '.');
	if (parts.includes('..')) {
		return {problem: `the entry ${name} reaches outside the archive (..)`};
	}

	return {name: parts.join('/')};
}

async function readTar(blobs: BlobStore, source: string, input: Readable, ingested: (digest: string) => void): Promise<ArchiveEntries> {
	const entries: ArchiveEntries = new Map();
	const links = new Map<string, string>();
	const extract = tar.extract();
	const done = new Promise<void>((resolve, reject) => {
		extract.on('entry', (header, stream, next) => {
			// A refused archive destroys the extract, and with it this entry: the extract's error is the one reported.
			stream.on('error', () => {});
			const fail = (error: unknown) => {
				stream.resume();
				extract.destroy(error instanceof Error ? error : new Error(String(error)));
			};

			const named = entryName(header.name);
			if ('problem' in named) {
				fail(new BadArchiveError(source, named.problem));
				return;
			}

			if (header.type === 'directory') {
				stream.resume();
				stream.once('end', next);
				return;
			}

			if (header.type === 'symlink' || header.type === 'link') {
				// docker-archives write `<id>/layer.tar` as a link to the layer's file: kept as a name for that file
				// (nothing is extracted), and only when it stays inside the archive.
				const target = linkTarget(named.name, header.type, header.linkname ?? '');
				if ('problem' in target) {
					fail(new BadArchiveError(source, target.problem));
					return;
				}

				links.set(named.name, target.name);
				stream.resume();
				stream.once('end', next);
				return;
			}

			if (header.type !== 'file' && header.type !== 'contiguous-file') {
				fail(new BadArchiveError(source, `the entry ${header.name} is a ${header.type ?? 'special file'}, not a regular file`));
				return;
			}

			if (entries.has(named.name)) {
				fail(new BadArchiveError(source, `the entry ${named.name} appears twice`));
				return;
			}

			blobs.ingest(stream as unknown as Readable).then(file => {
				ingested(file.digest);
				entries.set(named.name, file);
				next();
			}, fail);
		});
		extract.once('finish', resolve);
		extract.once('error', reject);
		extract.once('close', () => {
			reject(new BadArchiveError(source, 'the tar ends before its last entry does'));
		});
	});
	input.once('error', error => extract.destroy(error));
	input.pipe(extract);
	try {
		await done;
	} catch (error) {
		input.destroy();
		if (error instanceof DockyardError) {
			throw error;
		}

		// The store's disk (full, read-only) is not the archive's fault: said as what it is.
		if (isErrno(error)) {
			throw new DockyardError(`cannot load ${source}: ${fsProblem(error)}`);
		}

		throw new BadArchiveError(source, `it is not a complete tar archive (${(error as Error).message})`);
	}

	for (const [name, target] of links) {
		let resolved: string | undefined = target;
		// A chain of links is followed a few steps, never round a loop.
		for (let step = 0; step < 8 && resolved !== undefined && !entries.has(resolved); step++) {
			resolved = links.get(resolved);
		}

		const file = resolved === undefined ? undefined : entries.get(resolved);
		if (file && !entries.has(name)) {
			entries.set(name, file);
		}
	}

	return entries;
}

/** Where a link entry points, as a name inside the archive; refused when absolute or outside it. */
function linkTarget(name: string, type: 'symlink' | 'link', linkname: string): {name: string} | {problem: string} {
	if (linkname.startsWith('/')) {
		return {problem: `the entry ${name} links to an absolute path ${linkname}`};
	}

	// A symlink is relative to its own directory, a hard link to the archive's root.
	const parts = type === 'symlink' ? name.split('/').slice(0, -1) : [];
	for (const part of linkname.split('/')) {
		if (part === '..') {
			if (parts.length === 0) {
				return {problem: `the entry ${name} links outside the archive (${linkname})`};
			}

			parts.pop();
		} else if (part !== '' && part !== '.') {
			parts.push(part);
		}
	}

	return {name: parts.join('/')};
}

/** An OCI layout directory (`skopeo copy … oci:DIR`): its files, never following a symlink out of it. */
async function readDirectory(blobs: BlobStore, root: string, ingested: (digest: string) => void): Promise<ArchiveEntries> {
	const entries: ArchiveEntries = new Map();
	const walk = async (relative: string): Promise<void> => {
		const names = await readdir(path.join(root, relative));
		for (const name of names.sort()) {
			const inside = relative ? `${relative}/${name}` : name;
			const full = path.join(root, inside);
			// eslint-disable-next-line no-await-in-loop
			const info = await lstat(full);
			if (info.isDirectory()) {
				// eslint-disable-next-line no-await-in-loop
				await walk(inside);
			} else if (info.isFile()) {
				// eslint-disable-next-line no-await-in-loop
				const file = await blobs.ingest(createReadStream(full));
				ingested(file.digest);
				entries.set(inside, file);
			} else if (info.isSymbolicLink()) {
				throw new BadArchiveError(root, `${inside} is a symbolic link`);
			}
		}
	};

	await walk('').catch((error: unknown) => {
		throw error instanceof DockyardError ? error : new DockyardError(`cannot load ${root}: ${fsProblem(error)}`);
	});
	return entries;
}

/** Reads an archive's file whole: its JSON (manifests, indexes, configs), checked against the digest it landed under. */
export async function readJson<T>(blobs: BlobStore, source: string, entries: ArchiveEntries, name: string, maxBytes = 16 * 1024 * 1024): Promise<{value: T; file: ArchiveFile}> {
	const file = entries.get(name);
	if (!file) {
		throw new BadArchiveError(source, `${name} is named but not in the archive`);
	}

	if (file.size > maxBytes) {
		throw new BadArchiveError(source, `${name} is ${file.size} bytes, too large for JSON`);
	}

	const bytes = await blobs.readVerified(file.digest, name);
	try {
		return {value: JSON.parse(bytes.toString('utf8')) as T, file};
	} catch {
		throw new BadArchiveError(source, `${name} is not JSON`);
	}
}
