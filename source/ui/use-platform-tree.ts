import {useEffect, useState} from 'react';
import type {Backend, TreeEntry} from '../core/backend/backend.js';
import type {Snapshot} from '../core/backend/snapshot.js';

/**
 * The store's platform tree (`images --tree`), read while Local images shows
 * it (T) and again whenever the store changes; an answer to an older read
 * (another view) is dropped.
 */
export function usePlatformTree(backend: Backend, view: Snapshot | undefined, shown: boolean): TreeEntry[] | undefined {
	const [tree, setTree] = useState<{entries?: TreeEntry[]; view?: Snapshot}>({});
	const platforms = backend.capabilities.platforms;
	useEffect(() => {
		if (!shown || !platforms || !view) {
			return;
		}

		let current = true;
		platforms.tree().then(entries => {
			if (current) {
				setTree({entries, view});
			}
		}, () => {
			if (current) {
				setTree({entries: [], view});
			}
		});
		return () => {
			current = false;
		};
	}, [shown, view, platforms]);
	return shown ? tree.entries : undefined;
}
