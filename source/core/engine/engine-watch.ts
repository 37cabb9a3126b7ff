/**
 * `Backend.watch` over an engine: its `events` stream (image and container
 * events), no polling. A burst (a pull tags, a commit creates and tags) is
 * one call, `debounceMs` after the last event. If the stream drops (the
 * engine restarted, a proxy cut it), the watch says so by calling back at
 * once, so the caller re-reads and shows what it gets (docker's "Cannot
 * connect …" while the engine is away), and reconnects with a backoff that
 * doubles up to `maxBackoffMs`; after a reconnect it calls back again, as
 * events may have been missed in between. Unsubscribing ends it all.
 */
import type {EngineClient} from './client.js';

export type EngineWatchOptions = {debounceMs?: number; firstBackoffMs?: number; maxBackoffMs?: number};

export function watchEngine(connect: () => Promise<EngineClient>, onChange: () => void, options: EngineWatchOptions = {}): () => void {
	const debounceMs = options.debounceMs ?? 100;
	const firstBackoffMs = options.firstBackoffMs ?? 250;
	const maxBackoffMs = options.maxBackoffMs ?? 5000;
	const stopped = new AbortController();
	let debounce: NodeJS.Timeout | undefined;
	let stopStream: (() => void) | undefined;
	const changed = () => {
		clearTimeout(debounce);
		debounce = setTimeout(() => {
			if (!stopped.signal.aborted) {
				onChange();
			}
		}, debounceMs);
	};

	const wait = async (ms: number) => new Promise<void>(resolve => {
		const timer = setTimeout(resolve, ms);
		stopped.signal.addEventListener('abort', () => {
			clearTimeout(timer);
			resolve();
		}, {once: true});
	});

	void (async () => {
		let backoff = firstBackoffMs;
		let dropped = false;
		while (!stopped.signal.aborted) {
			try {
				// eslint-disable-next-line no-await-in-loop
				const client = await connect();
				const stream = client.events({signal: stopped.signal});
				stopStream = () => {
					stream.stop();
				};

				// eslint-disable-next-line no-await-in-loop
				await stream.ready;
				backoff = firstBackoffMs;
				if (dropped) {
					dropped = false;
					changed();
				}

				// eslint-disable-next-line no-await-in-loop
				for await (const _event of stream) {
					changed();
				}
			} catch {
				// Unreachable or cut: said below, by a call back and a retry.
			}

			if (stopped.signal.aborted) {
				return;
			}

			if (!dropped) {
				dropped = true;
				changed();
			}

			// eslint-disable-next-line no-await-in-loop
			await wait(backoff);
			backoff = Math.min(backoff * 2, maxBackoffMs);
		}
	})();

	return () => {
		stopped.abort();
		clearTimeout(debounce);
		stopStream?.();
	};
}
