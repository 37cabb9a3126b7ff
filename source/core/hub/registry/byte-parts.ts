/**
 * A request body as the list of buffers it arrived in, never joined: an
 * upload chunk of 8 MiB came as a hundred-odd socket reads, and copying them
 * into one buffer cost a copy of every byte and the garbage of it. The
 * socket writes the parts in order, and a resend starts from any byte.
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

/** The whole stream, as it came. */
export async function readParts(stream: Readable): Promise<Buffer[]> {
	for await (const run of runsOf(stream, Number.POSITIVE_INFINITY)) {
		return run;
	}

	return [];
}

/**
 * The stream regrouped into runs of `size` bytes (the last one shorter), read
 * one run ahead: the next run comes in while the caller sends this one. Its
 * error (a digest mismatch) surfaces before the last run. Read as `'data'`
 * events, since `read()` joins whatever is buffered into one new buffer.
 */
export async function * runsOf(stream: Readable, size: number): AsyncGenerator<Buffer[]> {
	const ready: Buffer[][] = [];
	let pending: Buffer[] = [];
	let length = 0;
	let ended = false;
	let failed: {error: unknown} | undefined;
	let wake: (() => void) | undefined;
	const notify = () => {
		wake?.();
		wake = undefined;
	};

	const onData = (part: Buffer) => {
		let data = part;
		while (length + data.length >= size) {
			const take = size - length;
			pending.push(data.subarray(0, take));
			ready.push(pending);
			data = data.subarray(take);
			pending = [];
			length = 0;
		}

		if (data.length > 0) {
			pending.push(data);
			length += data.length;
		}

		if (ready.length > 0) {
			// One run ahead is enough to overlap reading with sending; more would only hold memory.
			stream.pause();
			notify();
		}
	};

	const onEnd = () => {
		ended = true;
		if (length > 0) {
			ready.push(pending);
		}

		notify();
	};

	const onError = (error: unknown) => {
		failed ??= {error};
		notify();
	};

	// A stream that failed or ended before this reader came: no event will say so again.
	if (stream.errored) {
		throw stream.errored;
	}

	const onClose = () => {
		if (!ended) {
			onError(new Error('the stream closed before its end'));
		}
	};

	stream.on('data', onData);
	stream.once('end', onEnd);
	stream.once('error', onError);
	stream.once('close', onClose);
	if (stream.readableEnded) {
		onEnd();
	} else if (stream.destroyed) {
		onClose();
	}

	try {
		for (;;) {
			if (failed) {
				throw failed.error;
			}

			const run = ready.shift();
			if (run) {
				stream.resume();
				yield run;
			} else if (ended) {
				return;
			} else {
				// eslint-disable-next-line no-await-in-loop
				await new Promise<void>(resolve => {
					wake = resolve;
				});
			}
		}
	} finally {
		stream.off('data', onData);
		stream.off('end', onEnd);
		stream.off('error', onError);
		stream.off('close', onClose);
		if (!ended) {
			// Left early (a failed request): as a for-await loop does, stop the source instead of reading it into nothing.
			stream.destroy();
		}
	}
}
