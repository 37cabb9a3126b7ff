import {useEffect, useState} from 'react';
import type {Backend} from '../core/backend/backend.js';
import {analyzeImage, type ImageAnalysis} from '../core/analysis/efficiency.js';
import {errorMessage} from '../core/errors.js';

export type ImageAnalysisState = {analysis?: ImageAnalysis; error?: string};

/**
 * dive's figures for the image History shows the files of, read from its
 * layers one at a time. An image id names the same layers for good: the
 * last answer is kept; when the highlight moves on, the reading is stopped.
 */
export function useImageAnalysis(backend: Backend, imageId: string | undefined, shown: boolean): ImageAnalysisState {
	const [state, setState] = useState<{key?: string; backend?: Backend} & ImageAnalysisState>({});
	const layers = backend.capabilities.imageLayers;
	const key = shown && layers && imageId !== undefined ? imageId : undefined;
	useEffect(() => {
		if (!key || !layers || (state.key === key && state.backend === backend)) {
			return;
		}

		const stop = new AbortController();
		layers(key).then(async source => analyzeImage(source, {signal: stop.signal})).then(analysis => {
			if (!stop.signal.aborted) {
				setState({key, backend, analysis});
			}
		}).catch((error: unknown) => {
			if (!stop.signal.aborted) {
				setState({key, backend, error: errorMessage(error)});
			}
		});
		return () => {
			stop.abort();
		};
	// The answer for the key is kept: state changes alone do not read again.
	}, [backend, layers, key]);
	return key && state.key === key && state.backend === backend ? {analysis: state.analysis, error: state.error} : {};
}
