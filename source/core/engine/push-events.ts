/**
 * An engine's push progress (`images/{name}/push`) → dockyard's PullEvents
 * (the same per-layer view as a pull), and the lines docker's CLI leaves
 * behind. dockerd: `The push refers to repository [NAME]`, `ID: Preparing`,
 * `Waiting`, `Pushing` (with a bar), then one of `Pushed`, `Layer already
 * exists`, `Mounted from REPO` per layer, and `TAG: digest: sha256:… size: N`.
 * podman says only the first and the last (its repository with the tag), and
 * dockyard, like docker's CLI over podman, prints what it says.
 */
import type {LayerStatus, PullEvent} from '../backend/model.js';
import {cleanText} from '../text.js';
import type {JSONMessage} from './engine-types.js';
import {progressEventOf} from './pull-events.js';

const layerStatuses: ReadonlySet<string> = new Set<LayerStatus>(['Preparing', 'Waiting', 'Pushing', 'Pushed']);

/** A layer's last word: what docker's terminal display leaves in the layer's place. */
function isFinal(status: string): boolean {
	return status === 'Pushed' || status === 'Layer already exists' || status.startsWith('Mounted from ');
}

/** One progress line as a PullEvent; undefined for one that says nothing to show (the `aux` digest). */
export function pushEventOf(line: JSONMessage): PullEvent | undefined {
	return progressEventOf(line, layerStatuses);
}

/**
 * The lines docker's CLI leaves on a terminal once a push is over: every
 * status line, and each layer's last word in the layer's place. (Not on a
 * terminal the CLI prints each message as it comes, bars left out: that is
 * the progress printer's part, from the events.)
 */
export function pushLines(messages: JSONMessage[]): string[] {
	const lines: string[] = [];
	const layerAt = new Map<string, number>();
	for (const message of messages) {
		const status = cleanText(message.status ?? '');
		const id = cleanText(message.id ?? '');
		if (status === '') {
			continue;
		}

		const line = id === '' ? status : `${id}: ${status}`;
		const at = id === '' ? undefined : layerAt.get(id);
		if (id === '') {
			lines.push(line);
		} else if (at === undefined) {
			layerAt.set(id, lines.push(line) - 1);
		} else if (!isFinal(lines[at]!.slice(id.length + 2))) {
			lines[at] = line;
		}
	}

	return lines;
}
