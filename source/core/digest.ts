import type {Hash} from 'node:crypto';
import {Transform, type TransformCallback} from 'node:stream';
import {crypto} from './crypto.js';

export const sha256Pattern = /^sha256:[a-f\d]{64}$/;

export function sha256(data: Uint8Array | string): string {
	return 'sha256:' + crypto().createHash('sha256').update(data).digest('hex');
}

export function isDigest(value: string): boolean {
	return sha256Pattern.test(value);
}

/** The hex part of `sha256:<hex>`. */
export function digestHex(digest: string): string {
	const colon = digest.indexOf(':');
	return colon === -1 ? digest : digest.slice(colon + 1);
}

/** The 12-character id docker shows. */
export function shortId(digestOrHex: string): string {
	return digestHex(digestOrHex).slice(0, 12);
}

/**
 * A pass-through stream that hashes and counts what goes through it, so a blob
 * is verified while it is written, never read twice.
 */
export class HashingStream extends Transform {
	bytes = 0;
	readonly #hash: Hash = crypto().createHash('sha256');

	override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
		this.#hash.update(chunk);
		this.bytes += chunk.length;
		callback(null, chunk);
	}

	digest(): string {
		return 'sha256:' + this.#hash.digest('hex');
	}
}
