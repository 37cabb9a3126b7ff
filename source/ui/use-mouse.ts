import {useEffect, useRef} from 'react';
import {clickCounter, type MouseEvent, type MouseSource} from './mouse.js';

/** Calls `handler` for each mouse event of `source` (none without one), with 1 or 2 for a single or double click. */
export function useMouse(source: MouseSource | undefined, handler: (event: MouseEvent, clicks: 1 | 2) => void): void {
	const latest = useRef(handler);
	latest.current = handler;
	useEffect(() => {
		if (!source) {
			return undefined;
		}

		const count = clickCounter();
		return source.subscribe(event => {
			const clicks = event.kind === 'press' ? count(event.x, event.y, Date.now()) : 1;
			latest.current(event, clicks);
		});
	}, [source]);
}
