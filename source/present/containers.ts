import type {SnapshotContainer} from '../core/backend/snapshot.js';

/** docker ps STATUS: the backend's own text (an engine's `Exited (0) 2 hours ago`), the store's derived from the state. */
export function containerStatusText(container: Pick<SnapshotContainer, 'statusText'>): string {
	return container.statusText;
}
