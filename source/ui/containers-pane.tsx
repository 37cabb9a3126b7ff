import {Box, Text} from 'ink';
import {ago, humanSize} from '../present/format.js';
import {containerStatusText} from '../present/containers.js';
import type {SnapshotContainer} from '../core/backend/snapshot.js';
import {layoutColumns, formatRow, type Column} from './columns.js';
import {tint} from './theme.js';
import {truncate} from './text.js';
import {createdWidth} from './image-rows.js';
import {WindowList, windowLabel} from './window-list.js';

const columns: Column[] = [
	{header: 'CONTAINER ID', width: 12},
	{header: 'IMAGE', flex: 3, min: 10},
	// docker's longest age, "Less than a second ago", whole.
	{header: 'CREATED', width: createdWidth},
	{header: 'STATUS', width: 10},
	{header: 'NAMES', flex: 2, min: 8},
	{header: 'FILES', width: 5, align: 'right'},
];

type Props = {containers: SnapshotContainer[]; cursor: number; width: number; height: number};

/**
 * Containers, as `docker ps -a` lists them. They are what most often blocks
 * a removal, so they sit one key away, with the files each has gained.
 */
export function ContainersPane({containers, cursor, width, height}: Props) {
	const widths = layoutColumns(columns, width);
	const selected = containers[cursor];
	const files = selected?.changes ?? [];
	const detailHeight = selected ? Math.min(4, files.length) + 1 : 0;
	const listHeight = Math.max(1, height - 2 - detailHeight);
	return (
		<Box flexDirection="column" height={height}>
			<Text wrap="truncate"><Text bold color={tint('accent')}>Containers </Text><Text dimColor>{windowLabel(cursor, containers.length)} · created, never started: each one keeps its image from removal</Text></Text>
			<Text bold wrap="truncate">{formatRow(columns.map(column => column.header), columns, widths)}</Text>
			<WindowList
				rows={containers}
				cursor={cursor}
				height={listHeight}
				empty="No containers: highlight an image in Local images and press c (or n here)."
				renderRow={(container, isSelected) => (
					<Text wrap="truncate" inverse={isSelected}>
						{formatRow([container.shortId, container.imageRef, ago(container.created), containerStatusText(container), container.name, String(container.changes?.length ?? 0)], columns, widths)}
					</Text>
				)}
			/>
			{selected ? (
				<Box flexDirection="column">
					<Text bold wrap="truncate">{truncate(`Files added to ${selected.name} (committed by c):${files.length === 0 ? ' none yet — a adds one' : ''}`, width)}</Text>
					{files.slice(0, 4).map(file => <Text key={file.path} wrap="truncate">{truncate(`  ${file.path} (${humanSize(file.size)})`, width)}</Text>)}
				</Box>
			) : undefined}
		</Box>
	);
}
