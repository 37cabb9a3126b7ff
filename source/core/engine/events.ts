/**
 * `GET /events` as a live subscription: the request starts at once, `ready`
 * resolves when the engine has answered (from then on no change is missed),
 * and iterating yields each event until `stop()` (or the caller's signal),
 * which ends the iteration cleanly, or until the engine closes the stream.
 */
import type {EngineTransport} from './http.js';
import type {EventFilters, EventMessage} from './engine-types.js';
import {ndjson} from './ndjson.js';

export type EventOptions = {
	filters?: EventFilters;
	/** Unix seconds (or an RFC 3339 time): replay events since then. */
	since?: number | string;
	until?: number | string;
	signal?: AbortSignal;
};

export class EventStream implements AsyncIterable<EventMessage> {
	/** Resolves once the engine has answered; rejects when it cannot be reached or refuses. */
	readonly ready: Promise<void>;
	private readonly controller = new AbortController();
	private readonly response: ReturnType<EngineTransport['stream']>;
	private stopped = false;

	constructor(transport: EngineTransport, options: EventOptions = {}) {
		const {signal} = options;
		if (signal) {
			if (signal.aborted) {
				this.stop();
			} else {
				signal.addEventListener('abort', () => {
					this.stop();
				}, {once: true});
			}
		}

		this.response = transport.stream({
			path: '/events',
			query: {
				filters: options.filters ? JSON.stringify(options.filters) : undefined,
				since: options.since === undefined ? undefined : String(options.since),
				until: options.until === undefined ? undefined : String(options.until),
			},
			signal: this.controller.signal,
			// An engine may be quiet for hours: silence is not a failure here.
			idleTimeoutMs: 0,
		});
		this.ready = this.response.then(() => undefined);
		// Whoever only iterates (or only stops) must not get an unhandled rejection from `ready`.
		this.ready.catch(() => undefined);
	}

	/** Ends the subscription; a running iteration finishes without an error. */
	stop(): void {
		this.stopped = true;
		this.controller.abort();
	}

	async * [Symbol.asyncIterator](): AsyncGenerator<EventMessage> {
		try {
			const {body} = await this.response;
			for await (const event of ndjson<EventMessage>(body)) {
				if (event && typeof event === 'object') {
					yield event;
				}
			}
		} catch (error) {
			if (!this.stopped) {
				throw error;
			}
		} finally {
			this.stop();
		}
	}
}
