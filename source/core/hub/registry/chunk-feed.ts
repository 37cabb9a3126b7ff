/**
 * A blob's stream cut into upload chunks as it arrives: each chunk's bytes
 * are written into the PATCH sending it the moment they come (the source
 * paused while that socket is full), so reading the source and writing the
 * registry overlap, and they are kept until the registry has answered for
 * the chunk, so a lost PATCH is sent again from any byte without reading the
 * source twice. Before this, a whole chunk was gathered and joined into one
 * buffer first, and neither side moved while the other worked.
 */
import type {Readable, Writable} from 'node:stream';
import {partsFrom} from './byte-parts.js';
import type {BodyWriter} from './node-request.js';

type Sink = {request: Writable; sent: (bytes: number) => void};

export class ChunkFeed {
	readonly #stream: Readable;
	/** The chunk being fed: its length, and its bytes so far. */
	#length = 0;
	#parts: Buffer[] = [];
	#received = 0;
	/** Bytes that came past the end of the chunk (a read that straddles two). */
	#ahead: Buffer[] = [];
	/** The request the chunk's new bytes are written into. */
	#sink?: Sink;
	#ended = false;
	#failure?: {error: unknown};
	#settle?: () => void;

	constructor(stream: Readable) {
		this.#stream = stream;
		// Paused before the listener, which would otherwise start the flow before any chunk is open.
		stream.pause();
		stream.on('data', this.#onData);
		stream.once('end', this.#onEnd);
		stream.once('error', this.#onError);
		stream.once('close', this.#onClose);
		if (stream.errored) {
			this.#onError(stream.errored);
		} else if (stream.readableEnded) {
			this.#onEnd();
		}
	}

	/** Why the source failed (a digest mismatch, a lost download): what an upload reports instead of the request's error. */
	get failure(): unknown {
		return this.#failure?.error;
	}

	/** Starts the next chunk, of `length` bytes. */
	open(length: number): void {
		this.#length = length;
		this.#parts = [];
		this.#received = 0;
		const ahead = this.#ahead;
		this.#ahead = [];
		for (const part of ahead) {
			this.#take(part);
		}

		if (this.#ended && this.#received < this.#length) {
			this.#onError(new Error(`the blob ended after ${this.#received} bytes of a ${this.#length}-byte chunk`));
		}
	}

	/**
	 * The body of the chunk's PATCH from byte `from` of it: what is held
	 * already, then the rest as it comes. A request written this way
	 * replaces the one before (a resend, a redirect, an answered challenge),
	 * which is destroyed if it was still being written.
	 */
	body(from: number): BodyWriter {
		return (request, sent) => {
			this.#detach();
			if (this.#failure) {
				request.destroy(this.#failure.error as Error);
				return;
			}

			const sink = {request, sent};
			this.#sink = sink;
			request.on('drain', () => {
				if (this.#sink === sink) {
					this.#flow();
				}
			});
			request.once('close', () => {
				if (this.#sink === sink) {
					this.#sink = undefined;
					this.#stream.pause();
				}
			});
			let room = true;
			for (const part of partsFrom(this.#parts, from)) {
				room = request.write(part);
				sent(part.length);
			}

			if (this.#received >= this.#length) {
				request.end();
			} else if (room) {
				this.#flow();
			}
		};
	}

	/** The source's end, once every chunk was sent: its error (a digest mismatch) comes here, before the blob is committed. */
	async finished(): Promise<void> {
		await new Promise<void>(resolve => {
			this.#settle = resolve;
			if (this.#ended || this.#failure) {
				resolve();
			} else {
				this.#stream.resume();
			}
		});
		if (this.#failure) {
			throw this.#failure.error;
		}

		if (this.#ahead.length > 0) {
			throw new Error('the blob is longer than its size');
		}
	}

	/** Stops listening; a source not read to its end is destroyed, as a for-await loop leaves one. */
	close(): void {
		this.#stream.off('data', this.#onData);
		this.#stream.off('end', this.#onEnd);
		this.#stream.off('error', this.#onError);
		this.#stream.off('close', this.#onClose);
		this.#detach();
		if (!this.#ended) {
			this.#stream.destroy();
		}
	}

	/** A request still being written is destroyed: left open, its socket would wait for the rest forever. */
	#detach(): void {
		const sink = this.#sink;
		this.#sink = undefined;
		if (sink && !sink.request.writableEnded) {
			sink.request.destroy(new Error('the chunk is being sent again'));
		}
	}

	/** More of the source, while the chunk wants bytes. */
	#flow(): void {
		if (this.#received < this.#length) {
			this.#stream.resume();
		}
	}

	readonly #onData = (data: Buffer) => {
		this.#take(data);
	};

	#take(data: Buffer): void {
		const room = this.#length - this.#received;
		if (room <= 0) {
			if (this.#settle) {
				this.#onError(new Error('the blob is longer than its size'));
				return;
			}

			this.#ahead.push(data);
			this.#stream.pause();
			return;
		}

		const piece = data.length > room ? data.subarray(0, room) : data;
		if (data.length > room) {
			this.#ahead.push(data.subarray(room));
		}

		this.#parts.push(piece);
		this.#received += piece.length;
		const sink = this.#sink;
		const full = sink ? !sink.request.write(piece) : true;
		sink?.sent(piece.length);
		if (this.#received >= this.#length) {
			this.#stream.pause();
			sink?.request.end();
		} else if (full) {
			// The socket is full (its 'drain' resumes the source), or no request takes the bytes yet.
			this.#stream.pause();
		}
	}

	readonly #onEnd = () => {
		this.#ended = true;
		if (this.#received < this.#length) {
			this.#onError(new Error(`the blob ended after ${this.#received} bytes of a ${this.#length}-byte chunk`));
			return;
		}

		this.#settle?.();
	};

	readonly #onError = (error: unknown) => {
		this.#failure ??= {error};
		const sink = this.#sink;
		this.#sink = undefined;
		sink?.request.destroy(error as Error);
		this.#settle?.();
	};

	readonly #onClose = () => {
		if (!this.#ended) {
			this.#onError(new Error('the blob\'s stream closed before its end'));
		}
	};
}
