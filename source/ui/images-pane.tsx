import {Box, Text} from 'ink';
import {platformCell, platformId} from './platform-rows.js';
import {ago, humanSize} from '../present/format.js';
import {layoutColumns, formatRow, type Column} from './columns.js';
import {createdWidth, powershellPublisher, type ImageRow, type SortKey} from './image-rows.js';
import {tint} from './theme.js';
import {stringWidth, truncate} from './text.js';
import {WindowList, windowLabel} from './window-list.js';
import {TextBox} from './text-box.js';
import {PullProgress} from './pull-progress.js';
import type {PullState} from './state.js';

/** REPOSITORY and TAG together get at least this much before BASE gives way. */
const nameRoom = 28;

/**
 * docker's columns, CREATED as wide as docker's longest duration whatever is
 * shown, so the columns stay put when an image made a moment ago appears. When that leaves
 * REPOSITORY and TAG too little (80 columns),
 * the BASE column goes: base OS images keep their colour, and History names them.
 */
function dockerColumns(created: number, width: number): Column[] {
	const columns: Column[] = [
		{header: '', width: 1},
		{header: 'REPOSITORY', flex: 3, min: 10},
		{header: 'TAG', flex: 2, min: 6},
		{header: 'IMAGE ID', width: 12},
		{header: 'CREATED', width: created},
		{header: 'SIZE', width: 8, align: 'right'},
		{header: 'CTRS', width: 4, align: 'right'},
		{header: 'BASE', width: 4},
	];
	const fixed = columns.reduce((sum, column) => sum + (column.width ?? 0) + 1, -1);
	return width - fixed < nameRoom ? columns.slice(0, -1) : columns;
}

const powershellColumns: Column[] = [
	{header: '', width: 1},
	{header: 'Name', flex: 1, min: 10},
	{header: 'Publisher', width: 14},
	{header: 'Version', width: 14},
	{header: 'IsOSImage', width: 9},
	{header: 'CTRS', width: 4, align: 'right'},
];

type Props = {
	rows: ImageRow[];
	total: number;
	cursor: number;
	marks: Map<string, string>;
	/** What removing the marked images would free, once worked out. */
	freed?: number;
	powershell: boolean;
	sort: SortKey;
	filter: string;
	editing: boolean;
	onFilterChange: (value: string) => void;
	width: number;
	height: number;
	/** Platforms show as rows under their index's row (T): said in the title. */
	tree?: boolean;
	/** Rows (by key) whose registry has a newer image behind their tag. */
	outdated?: ReadonlySet<string>;
	/** A push started here (P): its per-layer progress under the list. */
	push?: PullState;
};

function cells(row: ImageRow, powershell: boolean, marked: boolean, now: number, outdated: boolean): string[] {
	// ↑: its registry has a newer image behind the tag (u checked it).
	const mark = marked ? '●' : (outdated ? '↑' : ' ');
	const {image} = row;
	const containers = image.containers.length > 0 ? String(image.containers.length) : '';
	if (row.platform) {
		return platformCells(row, powershell, mark, now, containers);
	}

	if (powershell) {
		return [mark, row.name, powershellPublisher(image), image.version ?? '', image.isOSImage ? 'True' : 'False', containers];
	}

	return [mark, row.repository, row.tag, image.shortId, ago(image.created, now), humanSize(image.size), containers, image.isOSImage ? 'base' : ''];
}

/** A platform's row: its branch and name; a held one its manifest, age, size and containers, one not held says so. */
function platformCells(row: ImageRow, powershell: boolean, mark: string, now: number, containers: string): string[] {
	const platform = row.platform!;
	const name = `  ${platformCell(platform)}`;
	if (powershell) {
		return [mark, name, '', '', '', platform.held ? containers : ''];
	}

	return platform.held
		? [mark, name, '', platformId(platform), ago(row.image.created, now), humanSize(row.image.size), containers, '']
		: [mark, name, '', platformId(platform), 'not held', '', '', ''];
}

/** Local images: docker's columns (or PowerShell's), base OS images marked, containers counted. */
export function ImagesPane({rows, total, cursor, marks, outdated, tree, freed, powershell, sort, filter, editing, onFilterChange, width, height, push}: Props) {
	const now = Date.now();
	const columns = powershell ? powershellColumns : dockerColumns(createdWidth, width);
	const widths = layoutColumns(columns, width);
	const progressHeight = push ? Math.min(8, Math.max(3, push.layers.length + 2), Math.max(0, height - 5)) : 0;
	const listHeight = Math.max(1, height - 2 - progressHeight);
	const shown = rows.length === total ? `${windowLabel(cursor, total)}` : `${windowLabel(cursor, rows.length)} of ${total}`;
	const title = 'Local images ';
	const info = `${shown} · sort: ${sort}${tree ? ' · platforms (T folds)' : ''} · `;
	// The count of marked rows never gives way to a long filter: d removes them all.
	const marked = marks.size > 0 ? `${marks.size} marked${freed === undefined ? '' : `, ${humanSize(freed)} freed if removed`} (d removes them) · ` : '';
	const filterLabel = editing || filter ? 'filter: ' : '/ to filter';
	// The text box draws its cursor one cell past the text.
	const filterWidth = editing || filter ? stringWidth(filter) + 1 : 0;
	return (
		<Box flexDirection="column" height={height}>
			{/* One line whatever the filter's length: the counts give way first, then the filter is cut at the edge. */}
			<Box height={1} width={width} overflow="hidden">
				<Box flexShrink={0}><Text bold color={tint('accent')}>Local images </Text></Box>
				{marked ? <Box flexShrink={0}><Text bold>{marked}</Text></Box> : undefined}
				<Box flexShrink={0}><Text dimColor>{truncate(info, Math.max(0, width - stringWidth(title) - stringWidth(marked) - stringWidth(filterLabel) - filterWidth))}</Text></Box>
				<Box flexShrink={0}>{editing || filter ? <Text>{filterLabel}</Text> : <Text dimColor>{filterLabel}</Text>}</Box>
				{editing ? <TextBox value={filter} onChange={onFilterChange}/> : <Text color={tint('warn')} wrap="truncate">{filter}</Text>}
			</Box>
			<Text bold wrap="truncate">{formatRow(columns.map(column => column.header), columns, widths)}</Text>
			<WindowList
				rows={rows}
				cursor={cursor}
				height={listHeight}
				active={!editing}
				empty={total === 0 ? 'No images yet: press 2 for the Hub, where / searches, Enter pulls and i installs a base OS image.' : 'Nothing matches the filter (Esc clears it).'}
				renderRow={(row, selected) => (
					<Text
						wrap="truncate"
						inverse={selected}
						// Bold as well as coloured: a mark reads without colour (NO_COLOR) too.
						bold={marks.has(row.key)}
						// A platform not held is faint, as docker's tree draws it.
						dimColor={row.platform ? !row.platform.held : undefined}
						color={marks.has(row.key) ? tint('warn') : (row.image.isOSImage && !row.platform ? tint('base') : undefined)}
					>
						{formatRow(cells(row, powershell, marks.has(row.key), now, outdated?.has(row.key) ?? false).slice(0, columns.length), columns, widths)}
					</Text>
				)}
			/>
			{push && progressHeight > 0 ? <PullProgress pull={push} width={width} height={progressHeight}/> : undefined}
		</Box>
	);
}
