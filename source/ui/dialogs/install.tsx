import {Text} from 'ink';
import type {OsImageEntry} from '../../core/hub/catalog.js';
import {layoutColumns, formatRow, type Column} from '../columns.js';
import {tint} from '../theme.js';
import {Frame, innerWidth} from './frame.js';

const columns: Column[] = [
	{header: 'Name', width: 18},
	{header: 'Version', width: 14},
	{header: '', width: 19},
	{header: 'Description', flex: 1, min: 10},
];

type Props = {entries: OsImageEntry[]; installed: Set<string>; cursor: number; width: number; height: number};

/** Find-ContainerImage's list; Enter does Install-ContainerImage. */
export function InstallDialog({entries, installed, cursor, width, height}: Props) {
	const widths = layoutColumns(columns, innerWidth(width));
	return (
		<Frame title="Install a base OS image (Find-ContainerImage)" width={width} height={Math.min(height, entries.length + 7)}>
			<Text bold wrap="truncate">{formatRow(columns.map(column => column.header), columns, widths)}</Text>
			{entries.map((entry, index) => {
				const key = `${entry.repository}:${entry.version}`;
				// Its own column: at the end of a long description it would be cut off. Both words when both hold.
				const note = entry.latest || installed.has(key) ? `(${[entry.latest ? 'latest' : '', installed.has(key) ? 'installed' : ''].filter(Boolean).join(', ')})` : '';
				return (
					<Text key={key} inverse={index === cursor} color={installed.has(key) ? tint('good') : undefined} wrap="truncate">
						{formatRow([entry.name, entry.version, note, entry.description], columns, widths)}
					</Text>
				);
			})}
			<Text> </Text>
			<Text dimColor>Enter installs · Esc cancels</Text>
		</Frame>
	);
}
