import {useEffect, useState} from 'react';
import type {Backend} from '../core/backend/backend.js';
import type {HistoryRow} from '../core/backend/model.js';
import type {Snapshot} from '../core/backend/snapshot.js';

/**
 * `docker history` rows of one image, from the snapshot the panes already
 * hold, so they arrive a moment later. The snapshot is passed on: re-reading
 * the whole index for each row stalled every cursor move at 10,000 images.
 */
export function useHistoryRows(backend: Backend, view: Snapshot | undefined, imageId: string | undefined): HistoryRow[] | undefined {
	const [state, setState] = useState<{id?: string; view?: Snapshot; rows?: HistoryRow[]}>({});
	useEffect(() => {
		if (!imageId || !view?.byId(imageId)) {
			return;
		}

		let current = true;
		backend.history(imageId, view).then(rows => {
			if (current) {
				setState({id: imageId, view, rows});
			}
		}).catch(() => {
			if (current) {
				setState({id: imageId, view, rows: []});
			}
		});
		return () => {
			current = false;
		};
	}, [backend, view, imageId]);
	return state.id === imageId ? state.rows : undefined;
}
