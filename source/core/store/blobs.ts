import {createReadStream, createWriteStream, existsSync} from 'node:fs';
import {mkdir, readdir, readFile, rename, rm, stat} from 'node:fs/promises';
import path from 'node:path';
import {randomBytes} from 'node:crypto';
import type {Readable} from 'node:stream';
import {pipeline} from 'node:stream/promises';
import {digestHex, HashingStream, isDigest, sha256} from '../digest.js';
import {DockyardError} from '../errors.js';

export type WriteOptions = {
	/** Called with the bytes written so far, for progress bars. */
	onBytes?: (bytes: number) => void;
	signal?: AbortSignal;
};

/**
 * Bytes a blob file may buffer before it pushes back: at the default 16 KiB
 * every 64 KiB network chunk waited for its own write; at 1 MiB they go out
 * together (writev), about three times faster for a 300 MiB layer.
 */
const writeBuffer = 1024 * 1024;

/** A blob whose bytes are not what its name says. */
export class DigestMismatchError extends DockyardError {
	constructor(readonly expected: string, readonly actual: string) {
		super(`digest mismatch: expected ${expected}, got ${actual}`);
		this.name = 'DigestMismatchError';
	}
}

/**
 * Content-addressed files under `blobs/sha256/<hex>`. A blob is streamed to a
 * temp file and hashed on the way; only when the digest matches is it renamed
 * into place, so a crash leaves a stray temp file, never a wrong blob.
 */
export class BlobStore {
	readonly root: string;
	readonly tempRoot: string;

	constructor(home: string) {
		this.root = path.join(home, 'blobs', 'sha256');
		this.tempRoot = path.join(home, 'tmp');
	}

	path(digest: string): string {
		if (!isDigest(digest)) {
			throw new DockyardError(`invalid digest: ${digest}`);
		}

		return path.join(this.root, digestHex(digest));
	}

	has(digest: string): boolean {
		return existsSync(this.path(digest));
	}

	async size(digest: string): Promise<number> {
		return (await stat(this.path(digest))).size;
	}

	async read(digest: string): Promise<Buffer> {
		return readFile(this.path(digest));
	}

	open(digest: string): Readable {
		return createReadStream(this.path(digest));
	}

	/** Streams `source` into the store; rejects and keeps nothing unless it hashes to `expected`. */
	async write(expected: string, source: Readable, options: WriteOptions = {}): Promise<{digest: string; size: number}> {
		// A malformed digest fails here, before anything is written.
		this.path(expected);
		return this.#land(source, options, actual => {
			if (actual !== expected) {
				throw new DigestMismatchError(expected, actual);
			}
		});
	}

	/** Streams bytes whose digest is not known in advance (a layer being built); names the blob by what it hashed to. */
	async ingest(source: Readable, options: WriteOptions = {}): Promise<{digest: string; size: number}> {
		return this.#land(source, options);
	}

	/** temp → hash while writing → check → rename: a blob is either whole under its digest or not there at all. */
	async #land(source: Readable, options: WriteOptions, check?: (digest: string) => void): Promise<{digest: string; size: number}> {
		const temp = await this.#tempFile();
		const hashing = new HashingStream();
		if (options.onBytes) {
			const onBytes = options.onBytes;
			hashing.on('data', () => {
				onBytes(hashing.bytes);
			});
		}

		try {
			await pipeline(source, hashing, createWriteStream(temp, {highWaterMark: writeBuffer}), {signal: options.signal});
			const digest = hashing.digest();
			check?.(digest);
			await rename(temp, this.path(digest));
			return {digest, size: hashing.bytes};
		} finally {
			await rm(temp, {force: true});
		}
	}

	/** Stores bytes already in memory (configs, manifests, small layers). */
	async writeBytes(bytes: Uint8Array): Promise<string> {
		const digest = sha256(bytes);
		if (!this.has(digest)) {
			const {Readable} = await import('node:stream');
			await this.write(digest, Readable.from([Buffer.from(bytes)]));
		}

		return digest;
	}

	/** Every blob digest present on disk. */
	async list(): Promise<string[]> {
		try {
			const names = await readdir(this.root);
			return names.filter(name => /^[a-f\d]{64}$/.test(name)).map(name => `sha256:${name}`);
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
				return [];
			}

			throw error;
		}
	}

	async remove(digest: string): Promise<void> {
		await rm(this.path(digest), {force: true});
	}

	/** Temp files left by an interrupted write. */
	async strayTempFiles(): Promise<string[]> {
		try {
			return (await readdir(this.tempRoot)).map(name => path.join(this.tempRoot, name));
		} catch {
			return [];
		}
	}

	async #tempFile(): Promise<string> {
		await mkdir(this.root, {recursive: true});
		await mkdir(this.tempRoot, {recursive: true});
		return path.join(this.tempRoot, `${process.pid}-${randomBytes(6).toString('hex')}.part`);
	}
}
