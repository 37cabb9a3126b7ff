import {useEffect, useState} from 'react';

/** How often an idle screen is drawn again, so that its ages (`2 minutes ago`) stay true. */
export const ageRefreshMs = 60_000;

/**
 * Draws the app again once a minute while it is idle: the ages in Local
 * images, History and Containers are computed when drawn. One render a
 * minute, no read of the store.
 */
export function useMinuteTick(intervalMs = ageRefreshMs): void {
	const [, setTick] = useState(0);
	useEffect(() => {
		const timer = setInterval(() => {
			setTick(tick => tick + 1);
		}, intervalMs);
		// Never what keeps the process alive.
		timer.unref();
		return () => {
			clearInterval(timer);
		};
	}, [intervalMs]);
}
