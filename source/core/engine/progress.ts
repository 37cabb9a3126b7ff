/**
 * Progress streams (`images/create`, `images/load`): docker's JSONMessage
 * lines. Docker sends the rich stream (`Downloading` with current/total,
 * `Digest:`, `Status:`), podman a sparse one (`Pulling fs layer`,
 * `Download complete`, no final status); both may report a failure as an
 * `error` line inside an HTTP 200, which ends the stream as a thrown error.
 */
import type {Readable} from 'node:stream';
import type {JSONMessage} from './engine-types.js';
import {streamError} from './errors.js';
import {ndjson} from './ndjson.js';
import {cleanText} from '../text.js';

/** Each progress line in order; an `error` line throws instead of being yielded. */
export async function * progressMessages(body: Readable, maxLineBytes?: number): AsyncGenerator<JSONMessage> {
	for await (const line of ndjson<JSONMessage>(body, maxLineBytes)) {
		if (line === null || typeof line !== 'object') {
			continue;
		}

		if (line.error !== undefined || line.errorDetail?.message !== undefined) {
			body.destroy();
			throw streamError(line);
		}

		yield line;
	}
}

/** What a finished pull said about itself (docker only sends these; podman says less). */
export type PullSummary = {
	/** Progress lines seen. */
	lines: number;
	/** `Digest: sha256:…` (docker). */
	digest?: string;
	/** `Status: Downloaded newer image for …` / `Status: Image is up to date for …` (docker). */
	status?: string;
};

/** Folds one progress line into the summary of a pull. */
export function summarise(summary: PullSummary, line: JSONMessage): PullSummary {
	const status = line.status ?? '';
	const digest = /^Digest: (sha256:[\da-f]{64})$/.exec(status)?.[1];
	return {
		lines: summary.lines + 1,
		digest: digest ?? summary.digest,
		status: status.startsWith('Status: ') ? status : summary.status,
	};
}

/**
 * What docker's CLI prints of a load's answer, line by line: the `stream`
 * texts as the engine wrote them (dockerd `Loaded image: NAME:TAG` and
 * `Loaded image ID: sha256:…`; podman `Loaded image: NAME` or `sha256:…`,
 * several names comma-separated), cleaned of control characters.
 */
export function loadLines(lines: JSONMessage[]): string[] {
	let text = '';
	for (const line of lines) {
		if (typeof line.stream === 'string') {
			// podman ends its one message without a newline; the line is a line all the same.
			text += line.stream.endsWith('\n') ? line.stream : `${line.stream}\n`;
		} else if (typeof line.status === 'string' && line.status !== '' && !hasProgress(line)) {
			text += `${line.id ? `${line.id}: ` : ''}${line.status}\n`;
		}
	}

	return text.split('\n').slice(0, -1).map(line => cleanText(line)).filter(line => line !== '');
}

/** A message with a progress bar: docker's CLI shows it only on a terminal. */
export function hasProgress(line: JSONMessage): boolean {
	return (line.progressDetail?.current ?? 0) > 0 || (line.progressDetail?.total ?? 0) > 0;
}

/** `Loaded image: name:tag` and `Loaded image ID: sha256:…` lines of a load: the names (or ids) it brought in. */
export function loadedNames(lines: JSONMessage[]): string[] {
	const names: string[] = [];
	for (const line of lines) {
		const text = line.stream ?? line.status ?? '';
		for (const part of text.split('\n')) {
			const match = /^Loaded image(?: ID)?s?: (.+)$/.exec(part.trim());
			if (match) {
				// podman may list several, comma-separated, on one line.
				names.push(...match[1]!.split(',').map(name => name.trim()).filter(Boolean));
			}
		}
	}

	return names;
}
