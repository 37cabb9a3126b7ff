import {createReadStream, existsSync, lstatSync, mkdirSync, writeFileSync} from 'node:fs';
import {mkdir, readdir, readFile, rename, rm, stat} from 'node:fs/promises';
import path from 'node:path';
import type {Readable} from 'node:stream';
import {pipeline} from 'node:stream/promises';
import {digestHex, HashingStream, isDigest, sha256} from '../digest.js';
import {DockyardError, StoreError} from '../errors.js';
import {BatchedFileWriter} from './blob-file.js';
import {VerifyingStream} from './verify.js';
import {openNoFollow} from './open-no-follow.js';
import {crypto} from '../crypto.js';

export type WriteOptions = {
	/** Called with the bytes written so far, for progress bars. */
	onBytes?: (bytes: number) => void;
	signal?: AbortSignal;
};

/** A blob whose bytes are not what its name says. */
export class DigestMismatchError extends DockyardError {
	constructor(readonly expected: string, readonly actual: string) {
		super(`digest mismatch: expected ${expected}, got ${actual}`);
		this.name = 'DigestMismatchError';
	}
}

/** A stored blob that cannot be trusted: missing, not a regular file, or not the bytes its name says. */
export class BadBlobError extends StoreError {
	constructor(readonly digest: string, what: string | undefined, problem: string) {
		super(`the blob ${digest}${what ? ` (${what})` : ''} ${problem}; pull its image again (dockyard fsck lists every problem)`);
		this.name = 'BadBlobError';
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

	/** Empty files named after blobs fsck found corrupt: the next pull fetches them again. */
	readonly flaggedRoot: string;

	constructor(home: string) {
		this.root = path.join(home, 'blobs', 'sha256');
		this.tempRoot = path.join(home, 'tmp');
		this.flaggedRoot = path.join(home, 'blobs', 'flagged');
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

	/**
	 * A blob to hand on (save, commit): a regular file opened without following
	 * a symlink, its size from the open file, and a stream that fails at its end
	 * unless the bytes hash to the digest. `what` names it in errors ("layer of image …").
	 */
	async openVerified(digest: string, what?: string): Promise<{size: number; stream: Readable}> {
		const handle = await this.#openRegular(digest, what);
		const {size} = await handle.stat();
		const stream = handle.createReadStream();
		const verifying = new VerifyingStream(digest, actual => new BadBlobError(digest, what, `is corrupt: its content hashes to ${actual}`));
		stream.once('error', error => verifying.destroy(error));
		return {size, stream: stream.pipe(verifying)};
	}

	/** A small blob (a config) read whole and checked against its digest. */
	async readVerified(digest: string, what?: string): Promise<Buffer> {
		const handle = await this.#openRegular(digest, what);
		try {
			const bytes = await handle.readFile();
			const actual = sha256(bytes);
			if (actual !== digest) {
				throw new BadBlobError(digest, what, `is corrupt: its content hashes to ${actual}`);
			}

			return bytes;
		} finally {
			await handle.close();
		}
	}

	async #openRegular(digest: string, what: string | undefined) {
		let handle;
		try {
			handle = await openNoFollow(this.path(digest));
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			if (code === 'ENOENT') {
				throw new BadBlobError(digest, what, 'is missing from the store');
			}

			if (code === 'ELOOP') {
				throw new BadBlobError(digest, what, 'is not a regular file (a symbolic link)');
			}

			throw new BadBlobError(digest, what, `cannot be read (${code ?? String(error)})`);
		}

		if (!(await handle.stat()).isFile()) {
			await handle.close();
			throw new BadBlobError(digest, what, 'is not a regular file');
		}

		return handle;
	}

	/**
	 * Whether a pull can keep the stored copy: a regular file of the size the
	 * manifest gives (a cheap check; a full rehash is fsck's job), not flagged
	 * corrupt by fsck. Anything else is fetched again.
	 */
	usable(digest: string, size?: number): boolean {
		try {
			const info = lstatSync(this.path(digest));
			return info.isFile() && (size === undefined || info.size === size) && !existsSync(path.join(this.flaggedRoot, digestHex(digest)));
		} catch {
			return false;
		}
	}

	/** fsck found this blob corrupt: the next pull that wants it fetches it again. */
	flag(digest: string): void {
		try {
			mkdirSync(this.flaggedRoot, {recursive: true});
			writeFileSync(path.join(this.flaggedRoot, digestHex(digest)), '');
		} catch {
			// A read-only store: fsck still reports it, and the size check may catch it.
		}
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
		// The source may fail while the temp file opens (a registry's body past its size): with no listener that
		// 'error' would kill the process. The pipeline below still rejects with it (the stream keeps it as `errored`).
		source.on('error', keptForThePipeline);
		const temp = await this.#tempFile();
		const hashing = new HashingStream();
		if (options.onBytes) {
			const onBytes = options.onBytes;
			hashing.on('data', () => {
				onBytes(hashing.bytes);
			});
		}

		try {
			await pipeline(source, hashing, new BatchedFileWriter(temp), {signal: options.signal});
			const digest = hashing.digest();
			check?.(digest);
			await rename(temp, this.path(digest));
			// Whole and right again: no longer one for the next pull to fetch.
			await rm(path.join(this.flaggedRoot, digestHex(digest)), {force: true});
			return {digest, size: hashing.bytes};
		} finally {
			await rm(temp, {force: true});
		}
	}

	/** Stores bytes already in memory (configs, manifests, small layers). */
	async writeBytes(bytes: Uint8Array): Promise<string> {
		const digest = sha256(bytes);
		// Small enough to compare whole: a damaged copy is replaced, not kept.
		const stored = this.usable(digest, bytes.length) ? await readFile(this.path(digest)).catch(() => undefined) : undefined;
		if (!stored?.equals(bytes)) {
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
		return path.join(this.tempRoot, `${process.pid}-${crypto().randomBytes(6).toString('hex')}.part`);
	}
}

/** The listener that makes an early 'error' of a source a value the pipeline reads, not an uncaught exception. */
function keptForThePipeline(): void {}
