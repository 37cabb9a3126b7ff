import {Text} from 'ink';
import {helpLines, scopeTitles, type Pane, type Served} from '../keymap.js';
import {truncate} from '../text.js';
import {wrapText} from '../teaching-rows.js';
import {Frame, innerWidth} from './frame.js';

type Props = {top: number; width: number; height: number; served?: Served};

/** Every key, drawn from the keymap, scrolled with ↑/↓. */
export function HelpDialog({top, width, height, served}: Props) {
	const lines = helpRows(served, width);
	const room = helpRoom(height);
	const start = Math.min(Math.max(0, top), Math.max(0, lines.length - room));
	return (
		<Frame title={`Keys (${start + 1}–${Math.min(lines.length, start + room)} of ${lines.length}; ↑/↓ scroll, Esc closes)`} width={width} height={height}>
			{lines.slice(start, start + room).map((line, index) => (
				<Text key={`${start + index}`} bold={!line.startsWith(' ')} wrap="truncate">{truncate(line, innerWidth(width))}</Text>
			))}
		</Frame>
	);
}

/** Help lines in view in a body `height` rows high: less the borders and the title. */
export function helpRoom(height: number): number {
	return Math.max(1, height - 3);
}

/** The keymap's help lines as drawn `width` wide: a description too long for its line wraps under itself, never cut. */
export function helpRows(served: Served, width: number): string[] {
	const room = innerWidth(width);
	// `  label        description`: continued under the description.
	const indent = 2 + 12 + 1;
	return helpLines(served).flatMap(line => line.startsWith(' ') ? wrapText(line, room, indent) : [line]);
}

export function helpLength(served: Served, width: number): number {
	return helpRows(served, width).length;
}

/** The first help line of a pane's own keys, so help opens where the user is; no further than the last page. */
export function helpStart(pane: Pane, served: Served, room: number, width: number): number {
	const lines = helpRows(served, width);
	const start = lines.indexOf(scopeTitles[pane]);
	return Math.max(0, Math.min(start, lines.length - room));
}
