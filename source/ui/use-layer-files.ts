import {useEffect, useState} from 'react';
import type {Backend, LayerFiles} from '../core/backend/backend.js';
import {errorMessage} from '../core/errors.js';

export type LayerFilesState = {files?: LayerFiles; error?: string};

/** Files read at once, a page: enough to fill a tall terminal; the next page is read when asked for (>). */
export const listingLimit = 500;

/**
 * The files of the layer one history step made (steps oldest first), read
 * only while the pane shows them. A layer is content-addressed, so an image
 * id and a step name the same files for good: the last answer is kept, and a
 * reading the cursor has moved past is stopped, not waited for. A big
 * layer is read a page at a time: what lies past the page is only counted.
 */
export function useLayerFiles(backend: Backend, imageId: string | undefined, step: number | undefined, shown: boolean, page = 0): LayerFilesState {
	const [state, setState] = useState<{key?: string; backend?: Backend} & LayerFilesState>({});
	const read = backend.capabilities.layerFiles;
	const key = shown && read && imageId !== undefined && step !== undefined ? `${imageId}@${step}#${page}` : undefined;
	useEffect(() => {
		if (!key || !read || (state.key === key && state.backend === backend)) {
			return;
		}

		const stop = new AbortController();
		read(imageId!, step!, {limit: listingLimit, offset: page * listingLimit, signal: stop.signal}).then(files => {
			setState({key, backend, files});
		}).catch((error: unknown) => {
			if (!stop.signal.aborted) {
				setState({key, backend, error: errorMessage(error)});
			}
		});
		return () => {
			stop.abort();
		};
	// The answer for the key is kept: state changes alone do not read again.
	}, [backend, read, key]);
	return key && state.key === key && state.backend === backend ? {files: state.files, error: state.error} : {};
}
