/** A pass-through that fails at its end when the bytes are not the descriptor's size and digest: every copied blob goes through one. */
import {Transform, type TransformCallback} from 'node:stream';
import {crypto} from '../crypto.js';
import {DockyardError} from '../errors.js';
import type {Descriptor} from '../oci.js';

export class BlobMismatchError extends DockyardError {}

export function verifying(descriptor: Descriptor, from: string): Transform {
	const algorithm = descriptor.digest.split(':')[0]!;
	const hash = crypto().createHash(algorithm === 'sha512' ? 'sha512' : algorithm === 'sha384' ? 'sha384' : 'sha256');
	let bytes = 0;
	return new Transform({
		// As much in hand as the blob stream keeps (1 MiB): with the 16 KiB default every 64 KiB read paused the pipe.
		highWaterMark: 1024 * 1024,
		transform(chunk: Buffer, _encoding, callback: TransformCallback) {
			bytes += chunk.length;
			if (bytes > descriptor.size) {
				callback(new BlobMismatchError(`blob ${descriptor.digest} from ${from} is longer than its ${descriptor.size} bytes`));
				return;
			}

			hash.update(chunk);
			callback(null, chunk);
		},
		flush(callback: TransformCallback) {
			const digest = `${algorithm}:${hash.digest('hex')}`;
			if (bytes !== descriptor.size) {
				callback(new BlobMismatchError(`blob ${descriptor.digest} from ${from} has ${bytes} bytes, not ${descriptor.size}`));
			} else if (digest !== descriptor.digest) {
				callback(new BlobMismatchError(`blob ${descriptor.digest} from ${from} does not match its digest (got ${digest})`));
			} else {
				callback();
			}
		},
	});
}
