import {Readable} from 'node:stream';

/**
 * A stream's first chunk, to tell its kind by its first bytes (gzip, zstd),
 * and the whole stream again, that chunk included, to read on.
 */
export async function withFirstChunk(stream: Readable): Promise<{first: Buffer | undefined; whole: Readable}> {
	const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
	const first = await chunks.next();
	const whole = Readable.from((async function * () {
		if (!first.done) {
			yield first.value;
		}

		for (;;) {
			// eslint-disable-next-line no-await-in-loop
			const next = await chunks.next();
			if (next.done) {
				return;
			}

			yield next.value;
		}
	})());
	return {first: first.done ? undefined : first.value, whole};
}
