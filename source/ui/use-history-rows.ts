import {useEffect, useState} from 'react';
import type {HistoryRow} from '../core/store/history.js';
import type {Store} from '../core/store/store.js';
import type {StoreView} from '../core/store/view.js';

/**
 * `docker history` rows of one image, from the view the panes already hold
 * and the image's config blob, so they arrive a moment later. The view is
 * passed on: re-reading the whole index for each row stalled every cursor
 * move at 10,000 images.
 */
export function useHistoryRows(store: Store, view: StoreView | undefined, imageId: string | undefined): HistoryRow[] | undefined {
	const [state, setState] = useState<{id?: string; view?: StoreView; rows?: HistoryRow[]}>({});
	useEffect(() => {
		if (!imageId || !view?.byId(imageId)) {
			return;
		}

		let current = true;
		store.history(imageId, view).then(rows => {
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
	}, [store, view, imageId]);
	return state.id === imageId ? state.rows : undefined;
}
