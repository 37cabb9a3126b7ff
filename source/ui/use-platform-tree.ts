import {useEffect, useMemo, useState} from 'react';
import type {Backend, TreeEntry} from '../core/backend/backend.js';
import type {Snapshot} from '../core/backend/snapshot.js';

/**
 * The platform tree (`images --tree`) while Local images shows it (T), made
 * again whenever the store changes. From the snapshot at once where the
 * backend can (the store): T's rows are drawn in the frame of the key, so a
 * j typed right after it moves among them. Else read, an answer to an older
 * read (another view) dropped.
 */
export function usePlatformTree(backend: Backend, view: Snapshot | undefined, shown: boolean): TreeEntry[] | undefined {
	const platforms = backend.capabilities.platforms;
	const now = useMemo(() => (shown && view && platforms?.treeNow ? platforms.treeNow(view) : undefined), [shown, view, platforms]);
	const [read, setRead] = useState<TreeEntry[] | undefined>();
	const reading = shown && Boolean(platforms) && !platforms?.treeNow;
	useEffect(() => {
		if (!reading || !platforms || !view) {
			return;
		}

		let current = true;
		platforms.tree().then(entries => {
			if (current) {
				setRead(entries);
			}
		}, () => {
			if (current) {
				setRead([]);
			}
		});
		return () => {
			current = false;
		};
	}, [reading, view, platforms]);
	return shown ? now ?? (reading ? read : undefined) : undefined;
}
