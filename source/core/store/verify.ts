import {Transform, type TransformCallback} from 'node:stream';
import {crypto} from '../crypto.js';

/**
 * Passes bytes on while hashing them, and fails at the end, instead of
 * finishing, when they do not hash to `expected`: whoever reads it (a tar
 * being written) fails with the blob's digest named.
 */
export class VerifyingStream extends Transform {
	readonly #hash = crypto().createHash('sha256');

	constructor(readonly expected: string, readonly mismatch: (actual: string) => Error) {
		super();
	}

	override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
		this.#hash.update(chunk);
		callback(null, chunk);
	}

	override _flush(callback: TransformCallback): void {
		const actual = 'sha256:' + this.#hash.digest('hex');
		callback(actual === this.expected ? null : this.mismatch(actual));
	}
}
