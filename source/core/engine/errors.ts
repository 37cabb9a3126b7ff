/**
 * An engine's error answer → one dockyard error of one line. Docker sends
 * `{"message"}`, podman `{"cause","message","response"}`; both are shown as
 * docker's CLI shows them, `Error response from daemon: <message>`, with the
 * engine's words kept but any control character removed (they reach a
 * terminal). 404 is a NotFoundError and a conflict a ConflictError, so the
 * CLI and the TUI treat them like the store's own; podman reports some
 * conflicts as 500 (`… by ID with more than one tag`, `… is in use …`).
 */
import {ConflictError, type DockyardError, EngineError, NotFoundError} from '../errors.js';
import {cleanText} from '../text.js';
import type {ErrorResponse} from './engine-types.js';

/** What docker's CLI puts before every error the daemon sends. */
export const daemonPrefix = 'Error response from daemon: ';

/** How much of an unparseable error body is worth showing. */
const maxShown = 500;

export class EngineNotFoundError extends NotFoundError {
	constructor(readonly engineMessage: string, readonly status = 404) {
		super(daemonPrefix + engineMessage);
		this.name = 'EngineNotFoundError';
	}
}

export class EngineConflictError extends ConflictError {
	constructor(readonly engineMessage: string, readonly status: number) {
		super(daemonPrefix + engineMessage);
		this.name = 'EngineConflictError';
	}
}

export class EngineRequestError extends EngineError {
	constructor(readonly engineMessage: string, status: number) {
		super(daemonPrefix + engineMessage, status);
		this.name = 'EngineRequestError';
	}
}

/** podman's words for a conflict it answers with 500. */
const podmanConflict = /more than one tag|\bin use\b|being used|\bconflict\b/i;

/** The message of an error body, whatever the engine; `undefined` when the body says nothing usable. */
export function engineMessageOf(body: string): string | undefined {
	let message: string | undefined;
	try {
		const parsed = JSON.parse(body) as Partial<ErrorResponse> | null;
		if (parsed && typeof parsed === 'object') {
			if (typeof parsed.message === 'string' && parsed.message.trim() !== '') {
				message = parsed.message;
			} else if (typeof parsed.cause === 'string' && parsed.cause.trim() !== '') {
				message = parsed.cause;
			}
		}
	} catch {
		// Not JSON (a proxy's HTML page, a plain-text error): show its start.
		message = body.trim() === '' ? undefined : body.slice(0, maxShown);
	}

	if (message === undefined) {
		return undefined;
	}

	const clean = cleanText(message);
	return clean === '' ? undefined : clean;
}

/** The error for an HTTP answer of `status` with this body, to `what` (e.g. `DELETE /images/x`). */
export function engineErrorFor(status: number, body: string, what: string): DockyardError {
	const message = engineMessageOf(body) ?? `${what} failed with HTTP ${status}`;
	if (status === 404) {
		return new EngineNotFoundError(message, status);
	}

	if (status === 409 || (status === 500 && podmanConflict.test(message))) {
		return new EngineConflictError(message, status);
	}

	return new EngineRequestError(message, status);
}

/** A failure reported inside a progress stream; docker's CLI prints its words alone, without the daemon prefix. */
export class EngineStreamError extends EngineError {
	constructor(message: string, readonly code?: number) {
		super(message);
		this.name = 'EngineStreamError';
	}
}

/**
 * The error of a progress line that carries one (`{"error": …}` inside an
 * HTTP 200: podman's failed pull, a failed load), in the engine's words, cleaned.
 */
export function streamError(line: {error?: string; errorDetail?: {message?: string; code?: number}}): EngineStreamError {
	const words = cleanText(line.errorDetail?.message ?? line.error ?? '') || 'the engine reported an error';
	return new EngineStreamError(words, line.errorDetail?.code);
}
