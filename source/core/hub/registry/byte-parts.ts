/**
 * Bytes as the list of buffers they were read in, never joined: a small
 * blob's one PUT, a chunk held for a resend. An 8 MiB body comes as a
 * hundred-odd socket reads, and joining them cost a copy of every byte and
 * the garbage of it; the socket writes the parts in order, and a resend
 * starts from any byte.
 */
import type {Readable} from 'node:stream';

export type ByteParts = readonly Uint8Array[];

export function partsLength(parts: ByteParts): number {
	let length = 0;
	for (const part of parts) {
		length += part.byteLength;
	}

	return length;
}

/** The parts from byte `start` on (the first one cut, none copied). */
export function partsFrom(parts: ByteParts, start: number): Uint8Array[] {
	const rest: Uint8Array[] = [];
	let skip = start;
	for (const part of parts) {
		if (skip >= part.byteLength) {
			skip -= part.byteLength;
			continue;
		}

		rest.push(skip > 0 ? part.subarray(skip) : part);
		skip = 0;
	}

	return rest;
}

/**
 * The whole stream, as it came: read as `'data'` events, since `read()`
 * (what a for-await loop calls) joins whatever is buffered into one new buffer.
 */
export async function readParts(stream: Readable): Promise<Buffer[]> {
	if (stream.errored) {
		throw stream.errored;
	}

	const parts: Buffer[] = [];
	if (stream.readableEnded) {
		return parts;
	}

	await new Promise<void>((resolve, reject) => {
		stream.on('data', (part: Buffer) => parts.push(part));
		stream.once('end', resolve);
		stream.once('error', reject);
		// Destroyed without an error: no 'end' will come (after 'end' or 'error' this changes nothing).
		stream.once('close', () => {
			reject(new Error('the stream closed before its end'));
		});
	});
	return parts;
}
