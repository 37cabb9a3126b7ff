import {useCallback, useEffect, useState} from 'react';
import {errorMessage} from '../core/errors.js';
import type {Store} from '../core/store/store.js';
import type {StoreView} from '../core/store/view.js';

export type StoreState = {view?: StoreView; error?: string};

function readStore(store: Store): StoreState {
	try {
		return {view: store.read()};
	} catch (error) {
		// A corrupt index is shown, never reset: the core keeps the file.
		return {error: errorMessage(error)};
	}
}

/**
 * The store as the panes see it: read once, then again whenever the index
 * changes on disk (another terminal's CLI, or this app) — the core's watch
 * polls twice a second — and on demand after an action.
 */
export function useStoreView(store: Store): StoreState & {refresh: () => void} {
	const [state, setState] = useState<StoreState>(() => readStore(store));
	const refresh = useCallback(() => {
		setState(readStore(store));
	}, [store]);
	useEffect(() => store.watch(refresh), [store, refresh]);
	return {...state, refresh};
}
