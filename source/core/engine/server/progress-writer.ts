/**
 * dockyard's pull events → docker's NDJSON progress (`jsonmessage`), the
 * mirror of pull-events.ts: one JSON object a line, `{"status","id"}` per
 * layer with `progressDetail {current,total}` while downloading, `Digest:`
 * and `Status:` at the end, and a failure as an `error` line inside the 200.
 * The answer's status is held back until there is something a client would
 * show (a layer's progress): a refusal found before that (a missing base
 * image, an unknown tag) is then a real HTTP error, which the docker CLI
 * prints as `Error response from daemon: …`, as dockerd does for an early
 * failure.
 */
import type {ServerResponse} from 'node:http';
import type {PullEvent} from '../../backend/model.js';
import type {JSONMessage} from '../engine-types.js';
import {goHumanSize} from '../../go-units.js';
import {errorBody, sendError} from './respond.js';

/** docker's `JSONProgress.String`: `[`, a `=` per 2 %, `>`, the rest in spaces, `]`, then the counts (go-units' HumanSize, `%.4g`). */
function progressBar(current: number, total: number): string {
	const done = Math.floor(Math.floor(current / total * 100) / 2);
	return `[${'='.repeat(done)}>${' '.repeat(Math.max(0, 50 - done))}] ${goHumanSize(current, 4).padStart(8)}/${goHumanSize(total, 4)}`;
}

/** One pull event as docker's daemon words it. */
export function jsonMessageOf(event: PullEvent): JSONMessage {
	if (event.kind === 'status') {
		// `latest: Pulling from microsoft/aspnet` is docker's `{"id":"latest","status":"Pulling from …"}`.
		const pulling = /^([^\s:]+): (Pulling from .*)$/.exec(event.message);
		return pulling ? {status: pulling[2], id: pulling[1]} : {status: event.message};
	}

	// dockerd sends Downloading, Extracting and Pushing with their counts: the CLI draws those only on a terminal.
	if (event.current !== undefined && event.total) {
		return {status: event.status, progressDetail: {current: event.current, total: event.total}, progress: progressBar(event.current, event.total), id: event.id};
	}

	return {status: event.status, progressDetail: {}, id: event.id};
}

export class ProgressWriter {
	readonly #response: ServerResponse;
	readonly #held: JSONMessage[] = [];
	#started = false;

	constructor(response: ServerResponse) {
		this.#response = response;
	}

	/** Status lines are held until the first layer line starts the answer. */
	event(event: PullEvent): void {
		this.message(jsonMessageOf(event), event.kind === 'layer');
	}

	message(message: JSONMessage, start = true): void {
		if (!this.#started && !start) {
			this.#held.push(message);
			return;
		}

		this.#start();
		this.#response.write(`${JSON.stringify(message)}\n`);
	}

	/** The pull is over: what was held goes out, and the answer ends. */
	end(): void {
		this.#start();
		this.#response.end();
	}

	/** A failure: a real HTTP error while nothing was sent, else docker's `error` line. */
	fail(error: unknown): void {
		if (!this.#started) {
			sendError(this.#response, error);
			return;
		}

		const {message} = errorBody(error);
		this.#response.end(`${JSON.stringify({errorDetail: {message}, error: message})}\n`);
	}

	#start(): void {
		if (this.#started) {
			return;
		}

		this.#started = true;
		this.#response.writeHead(200, {'Content-Type': 'application/json'});
		for (const held of this.#held.splice(0)) {
			this.#response.write(`${JSON.stringify(held)}\n`);
		}
	}
}
