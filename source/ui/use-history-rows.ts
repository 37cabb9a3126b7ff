import {useEffect, useState} from 'react';
import {historyRows, type HistoryRow} from '../core/store/history.js';
import type {ImageConfig} from '../core/oci.js';
import type {Store} from '../core/store/store.js';
import type {StoreView} from '../core/store/view.js';

/**
 * `docker history` rows of one image, from the view the panes already hold
 * and the image's config blob, so they arrive a moment later. Not
 * store.history(): that re-reads the whole index, which at 10,000 images
 * stalled every cursor move.
 */
export function useHistoryRows(store: Store, view: StoreView | undefined, imageId: string | undefined): HistoryRow[] | undefined {
	const [state, setState] = useState<{id?: string; view?: StoreView; rows?: HistoryRow[]}>({});
	useEffect(() => {
		if (!imageId || !view?.byId(imageId)) {
			return;
		}

		let current = true;
		store.blobs.read(imageId).then(bytes => {
			if (current) {
				setState({id: imageId, view, rows: historyRows(view, imageId, JSON.parse(bytes.toString('utf8')) as ImageConfig)});
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
