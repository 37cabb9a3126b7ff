import {close, open, writev} from 'node:fs';
import {Writable} from 'node:stream';

/**
 * Bytes gathered before they go to the file in one writev. A network chunk is
 * 64 KiB, and each write is a round trip through libuv's thread pool (a
 * wake-up, a context switch): one per MiB costs a sixteenth of one per chunk.
 */
const batchBytes = 1024 * 1024;

/**
 * A new file written in batches: chunks are kept (not copied) until a batch
 * is full, then written together; the writer pushes back while a batch is on
 * its way, so at most two batches are held.
 */
export class BatchedFileWriter extends Writable {
	readonly #path: string;
	#fd?: number;
	#pending: Buffer[] = [];
	#pendingBytes = 0;

	constructor(path: string) {
		super({highWaterMark: batchBytes});
		this.#path = path;
	}

	override _construct(callback: (error?: Error | null) => void): void {
		open(this.#path, 'w', (error, fd) => {
			this.#fd = fd;
			callback(error);
		});
	}

	override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
		this.#pending.push(chunk);
		this.#pendingBytes += chunk.length;
		if (this.#pendingBytes < batchBytes) {
			callback();
			return;
		}

		this.#flush(callback);
	}

	override _final(callback: (error?: Error | null) => void): void {
		this.#flush(error => {
			if (error) {
				callback(error);
				return;
			}

			const fd = this.#fd;
			this.#fd = undefined;
			if (fd === undefined) {
				callback();
				return;
			}

			close(fd, callback);
		});
	}

	override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
		const fd = this.#fd;
		this.#fd = undefined;
		this.#pending = [];
		if (fd === undefined) {
			callback(error);
			return;
		}

		close(fd, () => {
			callback(error);
		});
	}

	#flush(callback: (error?: Error | null) => void): void {
		const buffers = this.#pending;
		this.#pending = [];
		this.#pendingBytes = 0;
		this.#writeAll(buffers, callback);
	}

	/** writev may write less than it was given (a signal, a full disk): the rest goes again. */
	#writeAll(buffers: Buffer[], callback: (error?: Error | null) => void): void {
		if (buffers.length === 0 || this.#fd === undefined) {
			callback();
			return;
		}

		writev(this.#fd, buffers, (error, written) => {
			if (error) {
				callback(error);
				return;
			}

			let rest = written;
			let index = 0;
			while (index < buffers.length && rest >= buffers[index]!.length) {
				rest -= buffers[index]!.length;
				index++;
			}

			const left = buffers.slice(index);
			if (left.length > 0 && rest > 0) {
				left[0] = left[0]!.subarray(rest);
			}

			this.#writeAll(left, callback);
		});
	}
}
