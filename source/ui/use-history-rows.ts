import {useEffect, useState} from 'react';
import type {Backend} from '../core/backend/backend.js';
import type {HistoryRow} from '../core/backend/model.js';
import type {Snapshot} from '../core/backend/snapshot.js';
import {errorMessage} from '../core/errors.js';

export type HistoryRows = {rows?: HistoryRow[]; error?: string};

/**
 * `docker history` rows of one image, from the snapshot the panes already
 * hold, so they arrive a moment later. The snapshot is passed on: re-reading
 * the whole index for each row stalled every cursor move at 10,000 images.
 * A failure (an engine gone, an image deleted meanwhile) is its one line, not an empty history.
 */
export function useHistoryRows(backend: Backend, view: Snapshot | undefined, imageId: string | undefined): HistoryRows {
	const [state, setState] = useState<{id?: string; view?: Snapshot} & HistoryRows>({});
	useEffect(() => {
		if (!imageId || !view?.byId(imageId)) {
			return;
		}

		let current = true;
		backend.history(imageId, view).then(rows => {
			if (current) {
				setState({id: imageId, view, rows});
			}
		}).catch((error: unknown) => {
			if (current) {
				setState({id: imageId, view, rows: [], error: errorMessage(error)});
			}
		});
		return () => {
			current = false;
		};
	}, [backend, view, imageId]);
	return state.id === imageId ? {rows: state.rows, error: state.error} : {};
}
