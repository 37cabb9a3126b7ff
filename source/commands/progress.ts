import type {PullEvent} from '../core/backend/model.js';
import {humanSize} from '../present/format.js';
import {printable} from '../core/text.js';

/**
 * docker pull's output. On a terminal, a live block of one line per layer
 * (on stderr, redrawn in place); then, on stdout, the lines docker leaves
 * behind: `<layer>: Pull complete`, `Digest:`, `Status:`. Not on a terminal,
 * every message as it comes but those with a progress bar, as docker's own
 * non-terminal display prints the daemon's stream (the same bytes as `docker
 * pull` through `dockyard serve`), then whatever of the result it has not.
 */
export function pullProgressPrinter(out: (line?: string) => void, quiet: boolean): {onProgress: (event: PullEvent) => void; finish: (lines: string[]) => void} {
	const live = process.stderr.isTTY && !quiet;
	const layers = new Map<string, string>();
	const streamed = new Set<string>();
	const stream = (line: string) => {
		if (!live && !quiet) {
			streamed.add(line);
			out(line);
		}
	};

	let drawn = 0;
	let lastDraw = 0;
	const draw = (force: boolean) => {
		const now = Date.now();
		if (!live || (!force && now - lastDraw < 100)) {
			return;
		}

		lastDraw = now;
		// Written past the CLI's line writer (the block moves the cursor on purpose): its text is made printable here.
		const lines = [...layers.entries()].map(([id, text]) => printable(`${id}: ${text}`));
		process.stderr.write((drawn > 0 ? `\u001B[${drawn}A` : '') + lines.map(line => `\u001B[2K${line}\n`).join(''));
		drawn = lines.length;
	};

	return {
		onProgress(event) {
			if (event.kind === 'status') {
				stream(event.message);
				// An engine's push says a layer's last word as a message (`ID: Layer already exists`, `ID: Mounted from …`): shown in the layer's place.
				const layer = /^([\da-f]{12}): (.+)$/.exec(event.message);
				if (layer && layers.has(layer[1]!)) {
					layers.set(layer[1]!, layer[2]!);
					draw(true);
				}
			} else if (!hasBar(event)) {
				// A message with a bar is shown only on a terminal, by docker as here.
				stream(`${event.id}: ${event.status}`);
			}

			if (event.kind === 'layer') {
				const bar = event.current !== undefined && event.total ? ` ${progressBar(event.current / event.total, 30)} ${humanSize(event.current)}/${humanSize(event.total)}` : '';
				layers.set(event.id, `${event.status}${event.status === 'Downloading' || event.status === 'Pushing' ? bar : ''}`);
				draw(event.status !== 'Downloading' && event.status !== 'Pushing');
			}
		},
		finish(lines) {
			if (live && drawn > 0) {
				process.stderr.write(`\u001B[${drawn}A\u001B[0J`);
			}

			if (!quiet) {
				for (const line of lines) {
					if (!streamed.has(line)) {
						out(line);
					}
				}
			} else {
				out(lines.at(-1));
			}
		},
	};
}

/**
 * Whether docker's non-terminal display would leave the message out: it has
 * a progress bar (Downloading, Extracting and Pushing carry their counts, from
 * the store as from an engine): dockerd's non-terminal output has none of
 * them, which dockerd beside `dockyard serve` shows (test/serve/docker-cli-everyday).
 */
function hasBar(event: Extract<PullEvent, {kind: 'layer'}>): boolean {
	return event.current !== undefined && Boolean(event.total);
}

/** `[=====>      ]`, docker's bar. */
export function progressBar(fraction: number, width: number): string {
	const filled = Math.max(0, Math.min(width, Math.floor(fraction * width)));
	return `[${'='.repeat(Math.max(0, filled - 1))}${filled > 0 ? '>' : ''}${' '.repeat(width - filled)}]`;
}
