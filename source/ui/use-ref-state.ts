import {useCallback, useRef, useState} from 'react';

/**
 * State kept in a ref and mirrored into a render. The key handler reads the
 * ref, so two keys that arrive before React re-renders (a fast typist, tmux
 * send-keys) each see the state the previous one left, never a stale closure.
 */
export function useRefState<T>(initial: () => T): [{readonly current: T}, (change: (state: T) => T) => void] {
	const ref = useRef<T | undefined>(undefined);
	ref.current ??= initial();
	const [, setVersion] = useState(0);
	const update = useCallback((change: (state: T) => T) => {
		ref.current = change(ref.current!);
		setVersion(version => version + 1);
	}, []);
	return [ref as {readonly current: T}, update];
}
