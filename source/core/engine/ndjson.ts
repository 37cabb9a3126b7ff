/**
 * Newline-delimited JSON from an engine (pull and load progress, events):
 * one value per line, each line bounded, so an engine that never sends a
 * newline cannot make dockyard hold an unbounded buffer.
 */
import {EngineError} from '../errors.js';
import {cleanText} from '../text.js';

/** A progress or event line is a few hundred bytes; 1 MiB is far beyond any honest one. */
export const defaultMaxLineBytes = 1024 * 1024;

/** Splits a byte stream into lines (`\n`, with an optional `\r` before it), each at most `maxLineBytes`. */
export async function * splitLines(source: AsyncIterable<Uint8Array | string>, maxLineBytes = defaultMaxLineBytes): AsyncGenerator<string> {
	let pending: Buffer[] = [];
	let pendingBytes = 0;
	for await (const chunk of source) {
		let data = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
		let newline = data.indexOf(0x0A);
		while (newline !== -1) {
			const head = data.subarray(0, newline);
			if (pendingBytes + head.length > maxLineBytes) {
				throw tooLong(maxLineBytes);
			}

			const line = pending.length === 0 ? head : Buffer.concat([...pending, head]);
			pending = [];
			pendingBytes = 0;
			yield line.toString('utf8').replace(/\r$/, '');
			data = data.subarray(newline + 1);
			newline = data.indexOf(0x0A);
		}

		if (data.length > 0) {
			pendingBytes += data.length;
			if (pendingBytes > maxLineBytes) {
				throw tooLong(maxLineBytes);
			}

			// Copy: the chunk's memory may be reused by the stream.
			pending.push(Buffer.from(data));
		}
	}

	if (pendingBytes > 0) {
		yield Buffer.concat(pending).toString('utf8').replace(/\r$/, '');
	}
}

/** Parses each non-blank line as JSON; a line that is not JSON is an error naming its start. */
export async function * ndjson<T = unknown>(source: AsyncIterable<Uint8Array | string>, maxLineBytes = defaultMaxLineBytes): AsyncGenerator<T> {
	for await (const line of splitLines(source, maxLineBytes)) {
		if (line.trim() === '') {
			continue;
		}

		let value: T;
		try {
			value = JSON.parse(line) as T;
		} catch {
			throw new EngineError(`the engine sent a line that is not JSON: ${cleanText(line.slice(0, 120))}`);
		}

		yield value;
	}
}

function tooLong(maxLineBytes: number): EngineError {
	return new EngineError(`the engine sent a line longer than ${maxLineBytes} bytes`);
}
