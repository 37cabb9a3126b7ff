import {useContext, useRef, type ReactNode} from 'react';
import {Box, Text, type DOMElement} from 'ink';
import {GeometryContext, SlotContext} from './geometry.js';
import {scrollTop} from './list.js';

type Props<T> = {
	rows: T[];
	cursor: number;
	height: number;
	/** Draws one row; only visible rows are ever passed. */
	renderRow: (row: T, selected: boolean, index: number) => ReactNode;
	/** Shown when there are no rows at all. */
	empty?: string;
	/** The cursor row is drawn inverse only while its list has the keyboard. */
	active?: boolean;
};

/** A list that renders only the rows in view, keeping the cursor visible. */
export function WindowList<T>({rows, cursor, height, renderRow, empty, active = true}: Props<T>) {
	const topRef = useRef(0);
	const top = scrollTop(topRef.current, cursor, height, rows.length);
	topRef.current = top;
	// For the mouse: where this list's rows are, and which row is at its top.
	const box = useRef<DOMElement>(null);
	const geometry = useContext(GeometryContext);
	const pane = useContext(SlotContext);
	if (geometry && pane) {
		geometry.lists.set(pane, {box, top, cursor, count: rows.length});
	}

	if (rows.length === 0) {
		return (
			<Box height={height} flexDirection="column">
				<Text dimColor>{empty ?? ''}</Text>
			</Box>
		);
	}

	const visible = rows.slice(top, top + height);
	return (
		<Box ref={box} height={height} flexDirection="column" overflow="hidden">
			{visible.map((row, offset) => {
				const index = top + offset;
				return <Box key={index}>{renderRow(row, active && index === cursor, index)}</Box>;
			})}
		</Box>
	);
}

/** "12–31 of 10000": where the window is, for a pane's title. */
export function windowLabel(cursor: number, count: number): string {
	return count === 0 ? '0' : `${cursor + 1}/${count}`;
}
