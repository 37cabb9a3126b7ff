import {useWindowSize} from 'ink';

export type Size = {columns: number; rows: number};

/** The terminal's size, following resizes (Ink's useWindowSize); tests pass a fixed one. */
export function useTerminalSize(fixed?: Size): Size {
	const size = useWindowSize();
	return fixed ?? size;
}
