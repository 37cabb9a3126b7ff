/**
 * Answers as dockerd writes them: JSON with a trailing newline (Go's
 * encoder), the headers the docker CLI reads on every answer, and errors as
 * `{"message": …}` with docker's status codes, so the CLI prints its usual
 * `Error response from daemon: …` line.
 */
import type {ServerResponse} from 'node:http';
import {ConflictError, DockyardError, InvalidReferenceError, NotFoundError, UsageError, errorMessage} from '../../errors.js';
import type {ErrorResponse} from '../engine-types.js';

/** The API this server speaks: what dockerd 20.10 and podman 4 speak. */
export const apiVersion = '1.41';
/** The oldest a client may ask for, as dockerd 20.10. */
export const minApiVersion = '1.12';

/** The headers dockerd sends with every answer; the CLI negotiates its version from `Api-Version`. */
export function engineHeaders(response: ServerResponse, server: string): void {
	response.setHeader('Api-Version', apiVersion);
	response.setHeader('Docker-Experimental', 'false');
	response.setHeader('Ostype', 'linux');
	response.setHeader('Server', server);
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
	const text = `${JSON.stringify(body)}\n`;
	response.writeHead(status, {'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text)});
	response.end(text);
}

export function sendEmpty(response: ServerResponse, status: number): void {
	response.writeHead(status, {'Content-Length': 0});
	response.end();
}

/** An error a handler may throw with the status docker would answer. */
export class HttpError extends Error {
	constructor(readonly status: number, message: string) {
		super(message);
		this.name = 'HttpError';
	}
}

/** docker's status for an error: 404 not found, 409 a rule refused it, 400 bad input, else 500. */
export function statusOf(error: unknown): number {
	if (error instanceof HttpError) {
		return error.status;
	}

	if (error instanceof NotFoundError) {
		return 404;
	}

	if (error instanceof ConflictError) {
		return 409;
	}

	if (error instanceof UsageError || error instanceof InvalidReferenceError) {
		return 400;
	}

	return 500;
}

/** The one line the client shows: the error's own, as dockyard's CLI would print it. */
export function errorBody(error: unknown): ErrorResponse {
	const message = error instanceof DockyardError || error instanceof HttpError ? error.message : errorMessage(error);
	return {message: message.split('\n')[0] ?? 'internal error'};
}

export function sendError(response: ServerResponse, error: unknown): void {
	if (response.headersSent) {
		// Too late for a status: end the answer so the client sees it cut short, not hang.
		response.destroy();
		return;
	}

	sendJson(response, statusOf(error), errorBody(error));
}
