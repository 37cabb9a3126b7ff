import {useEffect, useState} from 'react';
import type {Backend} from '../core/backend/backend.js';

/**
 * The bytes removing the marked images would free (blobs an image that stays
 * still uses not counted), worked out again when the marks or the store
 * change; an answer for other marks is never shown.
 */
export function useMarkedFreed(backend: Backend, targets: string[], version: unknown): number | undefined {
	const [state, setState] = useState<{key: string; version: unknown; bytes?: number}>();
	const freed = backend.capabilities.freedIfRemoved;
	const key = targets.join('\n');
	useEffect(() => {
		if (!freed || targets.length === 0) {
			return;
		}

		let current = true;
		freed(targets).then(bytes => {
			if (current) {
				setState({key, version, bytes});
			}
		}).catch(() => {
			// A target gone meanwhile: the next snapshot asks again; nothing to say now.
		});
		return () => {
			current = false;
		};
	// The targets are named by their key.
	}, [freed, key, version]);
	return state?.key === key ? state.bytes : undefined;
}
