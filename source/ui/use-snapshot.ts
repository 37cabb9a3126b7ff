import {useCallback, useEffect, useRef, useState} from 'react';
import type {Backend} from '../core/backend/backend.js';
import type {Snapshot} from '../core/backend/snapshot.js';
import {errorMessage} from '../core/errors.js';

export type SnapshotState = {view?: Snapshot; error?: string};

/** A corrupt index (or an engine not there) is shown, never reset: the backend keeps what it has. */
function failed(error: unknown): SnapshotState {
	return {error: errorMessage(error)};
}

/** The first frame: drawn from the backend's synchronous read when it has one (the store), so no loading frame is seen. */
function firstState(backend: Backend): SnapshotState {
	if (!backend.snapshotNow) {
		return {};
	}

	try {
		return {view: backend.snapshotNow()};
	} catch (error) {
		return failed(error);
	}
}

/**
 * What the backend holds, as the panes see it: read once, then again whenever
 * it says something changed (another terminal's CLI, or this app) and on
 * demand after an action. An answer older than one already shown is dropped,
 * and so is one from a backend the app has since switched away from: a new
 * backend starts from its own first read.
 */
export function useSnapshot(backend: Backend): SnapshotState & {refresh: () => void} {
	const [state, setState] = useState<SnapshotState & {from: Backend}>(() => ({from: backend, ...firstState(backend)}));
	let shown = state;
	if (state.from !== backend) {
		// Derived from the props during render, as React allows: no frame shows the old backend's images.
		shown = {from: backend, ...firstState(backend)};
		setState(shown);
	}

	const asked = useRef(0);
	const refresh = useCallback(() => {
		const ask = ++asked.current;
		backend.snapshot().then(view => {
			if (ask === asked.current) {
				setState({from: backend, view});
			}
		}, (error: unknown) => {
			if (ask === asked.current) {
				setState({from: backend, ...failed(error)});
			}
		});
	}, [backend]);
	useEffect(() => {
		if (!backend.snapshotNow) {
			refresh();
		}

		const stop = backend.watch(refresh);
		return () => {
			stop();
			// Whatever this backend still answers is not shown.
			asked.current++;
		};
	}, [backend, refresh]);
	return {view: shown.view, error: shown.error, refresh};
}
