import {Box, Text} from 'ink';
import {layoutColumns, formatRow, type Column} from '../columns.js';
import type {Served} from '../keymap.js';
import {scrollTop} from '../list.js';
import {filterPalette, paletteEntries} from '../palette.js';
import {TextBox} from '../text-box.js';
import {Frame, innerWidth} from './frame.js';

const columns: Column[] = [
	{header: 'action', flex: 1, min: 16},
	{header: 'where', width: 14},
	{header: 'key', width: 8},
];

type Props = {query: string; cursor: number; served?: Served; onChange: (query: string) => void; width: number; height: number};

/** Every action by name, filtered as you type; the key that does the same is shown beside it. */
export function PaletteDialog({query, cursor, served, onChange, width, height}: Props) {
	const shown = filterPalette(paletteEntries(served), query);
	const widths = layoutColumns(columns, innerWidth(width));
	// Borders, title, the query line, the header and the hint.
	const room = Math.max(1, height - 6);
	const at = Math.min(cursor, Math.max(0, shown.length - 1));
	const top = scrollTop(0, at, room, shown.length);
	return (
		<Frame title={`Command palette (${shown.length})`} width={width} height={height}>
			<Box>
				<Text>: </Text>
				<TextBox value={query} onChange={onChange}/>
			</Box>
			<Text bold wrap="truncate">{formatRow(columns.map(column => column.header), columns, widths)}</Text>
			{shown.length === 0 ? <Text dimColor>No action matches.</Text> : undefined}
			{shown.slice(top, top + room).map((entry, offset) => (
				<Text key={`${entry.binding.scope}-${entry.binding.action}`} inverse={top + offset === at} wrap="truncate">
					{formatRow([entry.binding.description, entry.title, entry.binding.label], columns, widths)}
				</Text>
			))}
			<Box flexGrow={1}/>
			<Text dimColor wrap="truncate">Enter runs · ↑/↓ choose · Esc closes</Text>
		</Frame>
	);
}
