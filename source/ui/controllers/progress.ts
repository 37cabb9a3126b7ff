import type {PullEvent} from '../../core/backend/model.js';
import type {PullState} from '../state.js';

/** Pull progress arrives per chunk; the screen is redrawn at most this often. */
const progressIntervalMs = 80;

/** Progress events into a pull's (or push's) state, redrawn at most every progressIntervalMs. */
export function trackProgress(progress: PullState, redraw: () => void): {onProgress: (event: PullEvent) => void; stop: () => void} {
	let timer: NodeJS.Timeout | undefined;
	return {
		onProgress(event) {
			if (event.kind === 'status') {
				progress.messages.push(event.message);
			} else {
				const layer = progress.layers.find(entry => entry.id === event.id);
				if (layer) {
					Object.assign(layer, {status: event.status, current: event.current, total: event.total});
				} else {
					progress.layers.push({id: event.id, status: event.status, current: event.current, total: event.total});
				}
			}

			timer ??= setTimeout(() => {
				timer = undefined;
				redraw();
			}, progressIntervalMs);
		},
		stop() {
			clearTimeout(timer);
		},
	};
}
