import {useEffect, useState} from 'react';
import type {HistoryRow} from '../core/store/history.js';
import type {Store} from '../core/store/store.js';
import type {StoreView} from '../core/store/view.js';

/** `docker history` rows of one image; the core reads them from its config blob, so they arrive a moment later. */
export function useHistoryRows(store: Store, view: StoreView | undefined, imageId: string | undefined): HistoryRow[] | undefined {
	const [state, setState] = useState<{id?: string; rows?: HistoryRow[]}>({});
	useEffect(() => {
		if (!imageId || !view?.byId(imageId)) {
			return;
		}

		let current = true;
		store.history(imageId).then(rows => {
			if (current) {
				setState({id: imageId, rows});
			}
		}, () => {
			if (current) {
				setState({id: imageId, rows: []});
			}
		});
		return () => {
			current = false;
		};
	}, [store, view, imageId]);
	return state.id === imageId ? state.rows : undefined;
}
