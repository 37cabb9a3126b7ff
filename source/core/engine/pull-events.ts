/**
 * An engine's pull progress (`images/create`) → dockyard's PullEvents, and the
 * lines docker's CLI leaves behind once it is over. Docker's stream is rich
 * (`Downloading` with current/total, `Verifying Checksum`, `Digest:`,
 * `Status:`); podman's is sparse (`Pulling fs layer`, `Download complete`,
 * `Already exists`, no final status): what it does not say is not invented
 * per layer, and the final `Status:` line is added from what the pull did.
 */
import type {LayerStatus, PullEvent} from '../backend/model.js';
import {cleanText} from '../text.js';
import type {JSONMessage} from './engine-types.js';

const layerStatuses: ReadonlySet<string> = new Set<LayerStatus>([
	'Pulling fs layer',
	'Waiting',
	'Downloading',
	'Verifying Checksum',
	'Download complete',
	'Extracting',
	'Pull complete',
	'Already exists',
]);

/** What docker's CLI keeps of a layer once a pull is over (the rest is redrawn in place). */
const lastingStatuses: ReadonlySet<string> = new Set(['Pull complete', 'Already exists', 'Download complete']);

/** One progress line as a PullEvent; undefined for a line that says nothing to show. */
export function pullEventOf(line: JSONMessage): PullEvent | undefined {
	return progressEventOf(line, layerStatuses);
}

/** A pull's or a push's progress line as a PullEvent: a layer's when its words are one of `statuses`, else a status line. */
export function progressEventOf(line: JSONMessage, statuses: ReadonlySet<string>): PullEvent | undefined {
	const status = cleanText(line.status ?? '');
	const id = cleanText(line.id ?? '');
	if (status === '') {
		return undefined;
	}

	if (id !== '' && statuses.has(status)) {
		const {current, total} = line.progressDetail ?? {};
		return {
			kind: 'layer',
			id,
			status: status as LayerStatus,
			current: typeof current === 'number' ? current : undefined,
			total: typeof total === 'number' && total > 0 ? total : undefined,
		};
	}

	// `latest: Pulling from library/busybox`: docker prints the id before the words.
	return {kind: 'status', message: id === '' ? status : `${id}: ${status}`};
}

/** Folds pull events into docker's lines: status lines in order, one final line per layer where its status first became final. */
export class PullLines {
	readonly #lines: string[] = [];
	readonly #layerAt = new Map<string, number>();

	add(event: PullEvent): void {
		if (event.kind === 'status') {
			this.#lines.push(event.message);
			return;
		}

		if (!lastingStatuses.has(event.status)) {
			return;
		}

		const line = `${event.id}: ${event.status}`;
		const at = this.#layerAt.get(event.id);
		if (at === undefined) {
			this.#layerAt.set(event.id, this.#lines.push(line) - 1);
		} else {
			// `Download complete` is followed by `Pull complete` on docker: the last word stays, in the layer's place.
			this.#lines[at] = line;
		}
	}

	has(prefix: string): boolean {
		return this.#lines.some(line => line.startsWith(prefix));
	}

	get lines(): string[] {
		return [...this.#lines];
	}
}
