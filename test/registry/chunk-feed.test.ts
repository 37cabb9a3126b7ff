/**
 * The upload's chunk feed on its own: each chunk written as the source
 * gives it, a request cut off midway written again from whatever byte the
 * registry says it holds (the bytes kept, the source read once), and a
 * source that fails or runs short reported before anything is committed.
 */
import {randomBytes} from 'node:crypto';
import {Readable, Writable} from 'node:stream';
import {describe, expect, test} from 'vitest';
import {ChunkFeed} from '../../source/core/hub/registry/chunk-feed.js';

/** A source that gives `bytes` in reads of `piece` bytes, as a socket does; `failAt` fails it there instead. */
function source(bytes: Buffer, piece: number, failAt?: number): Readable {
	return Readable.from((function * () {
		for (let offset = 0; offset < bytes.length; offset += piece) {
			if (failAt !== undefined && offset >= failAt) {
				throw new Error('the source broke');
			}

			yield bytes.subarray(offset, offset + piece);
		}
	})(), {objectMode: false});
}

/** A request body's socket that takes `limit` bytes, then is lost (as a connection reset is); without one, all of them. */
function request(limit?: number): Writable & {got: Buffer[]} {
	const got: Buffer[] = [];
	let taken = 0;
	const sink = new Writable({
		highWaterMark: 16 * 1024,
		write(chunk: Buffer, _encoding, callback) {
			got.push(chunk);
			taken += chunk.length;
			if (limit !== undefined && taken >= limit) {
				callback();
				sink.destroy();
				return;
			}

			setImmediate(callback);
		},
	});
	// The request's own error, as node-request.ts listens for it: the upload reports the feed's failure instead.
	sink.on('error', () => {});
	return Object.assign(sink, {got});
}

async function closed(stream: Writable): Promise<void> {
	await new Promise(resolve => {
		stream.once('close', resolve);
	});
}

describe('an upload\'s chunk feed', () => {
	test('every chunk goes out whole; one cut midway is sent again from the byte the registry holds', async () => {
		const bytes = randomBytes(1_000_000);
		const feed = new ChunkFeed(source(bytes, 7000));
		const size = 300_000;
		for (let offset = 0; offset < bytes.length; offset += size) {
			const length = Math.min(size, bytes.length - offset);
			feed.open(length);
			const lost = request(Math.floor(length * 0.4));
			feed.body(0)(lost, () => {});
			// eslint-disable-next-line no-await-in-loop
			await closed(lost);
			// The registry kept a little less than went out before the connection broke.
			const held = Buffer.concat(lost.got).length - 5000;
			const again = request();
			feed.body(held)(again, () => {});
			// eslint-disable-next-line no-await-in-loop
			await closed(again);
			const sent = Buffer.concat([Buffer.concat(lost.got).subarray(0, held), ...again.got]);
			expect(sent.equals(bytes.subarray(offset, offset + length))).toBe(true);
		}

		await feed.finished();
		feed.close();
	});

	test('a source that breaks destroys the request being written and is the error; one that runs short fails its chunk', async () => {
		const bytes = randomBytes(200_000);
		const broken = new ChunkFeed(source(bytes, 10_000, 120_000));
		broken.open(bytes.length);
		const cut = request();
		broken.body(0)(cut, () => {});
		await closed(cut);
		expect(cut.destroyed).toBe(true);
		expect((broken.failure as Error).message).toBe('the source broke');
		await expect(broken.finished()).rejects.toThrow('the source broke');
		broken.close();

		const short = new ChunkFeed(source(bytes, 10_000));
		short.open(bytes.length + 1);
		const waiting = request();
		short.body(0)(waiting, () => {});
		await closed(waiting);
		expect(String(short.failure)).toContain('ended after 200000 bytes');
		short.close();
	});
});
