import {Box, Text} from 'ink';
import {entryEquivalents, entryOutcome} from '../core/journal.js';
import {powershellShown} from '../core/teach.js';
import {ago, humanSize} from '../present/format.js';
import {containerStatusText} from '../present/containers.js';
import type {HistoryRow, JournalEntry} from '../core/backend/model.js';
import type {Dependent, SnapshotContainer, SnapshotImage} from '../core/backend/snapshot.js';
import {shortId} from '../core/digest.js';
import {layoutColumns, formatRow, type Column} from './columns.js';
import {tint} from './theme.js';
import {clean, truncate} from './text.js';
import {WindowList} from './window-list.js';

/** docker history's columns, CREATED as wide as the longest duration shown (a commit a moment ago: "Less than a second ago"). */
function layerColumns(created: number): Column[] {
	return [
		{header: 'IMAGE', width: 12},
		{header: 'CREATED', width: created},
		{header: 'CREATED BY', flex: 1, min: 10},
		{header: 'SIZE', width: 8, align: 'right'},
		{header: 'COMMENT', width: 10},
	];
}

export type HistoryData = {
	image?: SnapshotImage;
	/** undefined while the image's config is being read. */
	rows?: HistoryRow[];
	/** Why the rows could not be read (the backend's one line). */
	error?: string;
	chain: SnapshotImage[];
	dependents: Dependent[];
	containers: SnapshotContainer[];
	journal: JournalEntry[];
};

type Props = HistoryData & {
	/** What was highlighted in Local images (`repo:tag`), named in the title; the image's first tag when absent. */
	label?: string;
	tab: 'layers' | 'journal';
	cursor: number;
	journalCursor: number;
	width: number;
	height: number;
};

function imageLabel(image: SnapshotImage, name?: string): string {
	return `${name ?? image.tags[0] ?? `<none> ${image.shortId}`}${image.isOSImage ? ' (base OS image)' : ''}`;
}

/**
 * The parent chain as a little tree, newest at the top, the base OS image at
 * the bottom: at most four lines (the middle of a long chain is counted, not
 * drawn), so the deepest is indented at most three steps; the id comes first,
 * so a long name is cut after it, never the id.
 */
export function chainLines(chain: SnapshotImage[]): string[] {
	const line = (text: string, level: number) => `${level === 0 ? '' : `${'   '.repeat(level - 1)}└─ `}${text}`;
	const entry = (member: SnapshotImage) => `${member.shortId} ${imageLabel(member)}`;
	if (chain.length <= 4) {
		return chain.map((member, level) => line(entry(member), level));
	}

	return [line(entry(chain[0]!), 0), line(entry(chain[1]!), 1), line(`… ${chain.length - 3} more`, 2), line(entry(chain.at(-1)!), 3)];
}

function dependentLine(dependent: Dependent, containers: SnapshotContainer[]): string {
	if (dependent.kind === 'container') {
		const container = containers.find(candidate => candidate.id === dependent.id);
		return `container ${shortId(dependent.id)} ${dependent.name} (${container ? containerStatusText(container) : dependent.statusText}, ${dependent.statusText})`;
	}

	return `child image ${shortId(dependent.id)} ${dependent.tags.join(', ') || '<none>'}`;
}

/** One line per journal entry: when, ok or refused, what happened, the docker command. */
export function journalLine(entry: JournalEntry): string {
	const time = entry.time.slice(11, 19);
	const outcome = entryOutcome(entry);
	return `${time} ${entry.ok ? '✔' : '✘'} ${entry.action.padEnd(10)} ${outcome === 'done' ? '' : `${outcome}: `}${clean(entry.summary.split('\n')[0] ?? '').replace(/^refused: /, '')}`;
}

function Tabs({tab, subject}: {tab: 'layers' | 'journal'; subject: string}) {
	return (
		<Box>
			<Text bold inverse={tab === 'layers'}> Layers · parents · dependents </Text>
			<Text> </Text>
			<Text bold inverse={tab === 'journal'}> Journal </Text>
			<Text dimColor wrap="truncate"> {subject} (t switches)</Text>
		</Box>
	);
}

function Layers({image, rows, error, chain, dependents, containers, cursor, width, height}: Omit<Props, 'tab' | 'journal' | 'journalCursor' | 'label'>) {
	if (!image) {
		return <Text dimColor>No image highlighted: pick one in Local images (1).</Text>;
	}

	// One clock for the column's width and its cells; a history has tens of rows, not thousands.
	const now = Date.now();
	const columns = layerColumns(Math.max(13, ...(rows ?? []).map(row => ago(row.created, now).length)));
	const widths = layoutColumns(columns, width);
	const shownChain = chainLines(chain);
	const dependentLines = dependents.length === 0
		? ['nothing: it can be removed']
		: dependents.map(dependent => dependentLine(dependent, containers));
	// Parents and dependents stay visible; the layers scroll in what is left.
	const shownDependents = dependentLines.slice(0, Math.max(1, Math.min(dependentLines.length, height - 9 - shownChain.length)));
	const more = dependentLines.length - shownDependents.length;
	const listHeight = Math.max(2, height - 3 - shownChain.length - shownDependents.length - (more > 0 ? 1 : 0));
	return (
		<Box flexDirection="column" height={height}>
			<Text bold wrap="truncate">{formatRow(columns.map(column => column.header), columns, widths)}</Text>
			<WindowList
				rows={rows ?? []}
				cursor={cursor}
				height={listHeight}
				empty={error ? `Cannot read the history: ${clean(error)}` : rows ? 'No history.' : 'Reading the image config…'}
				renderRow={(row, selected) => (
					<Text wrap="truncate" inverse={selected}>
						{formatRow([row.id === '<missing>' ? row.id : shortId(row.id), ago(row.created, now), row.createdBy, humanSize(row.size), row.comment], columns, widths)}
					</Text>
				)}
			/>
			<Text bold>Parent chain, down to the base OS image:</Text>
			{shownChain.map(line => <Text key={line} wrap="truncate">{truncate(`  ${line}`, width)}</Text>)}
			<Text bold>Depends on it ({dependents.length}):</Text>
			{shownDependents.map(line => <Text key={line} color={dependents.length > 0 ? tint('warn') : tint('good')} wrap="truncate">{truncate(`  ${line}`, width)}</Text>)}
			{more > 0 ? <Text dimColor>{`  … and ${more} more (dockyard tree lists them all)`}</Text> : undefined}
		</Box>
	);
}

function Journal({journal, cursor, width, height}: {journal: JournalEntry[]; cursor: number; width: number; height: number}) {
	const entries = [...journal].reverse();
	const selected = entries[cursor];
	const detail = selected ? [
		...selected.summary.split('\n').slice(0, 2),
		...(selected.rule ? [`rule: ${selected.rule}`] : []),
		...entryEquivalents(selected).docker.map(command => `$ ${command}`),
		...powershellShown(entryEquivalents(selected)),
	].slice(0, 5).map(clean) : [];
	const listHeight = Math.max(1, height - detail.length - 1);
	return (
		<Box flexDirection="column" height={height}>
			<WindowList
				rows={entries}
				cursor={cursor}
				height={listHeight}
				empty="Nothing done yet: pulls, removals, commits… appear here with their commands."
				renderRow={(entry, isSelected) => (
					<Text wrap="truncate" inverse={isSelected} color={entry.ok ? undefined : tint('bad')}>{truncate(journalLine(entry), width)}</Text>
				)}
			/>
			<Text dimColor>{'─'.repeat(Math.max(0, width))}</Text>
			{detail.map((line, index) => <Text key={`${index}-${line}`} color={line.startsWith('$') || line.startsWith('PS>') ? tint('accent') : undefined} wrap="truncate">{truncate(line, width)}</Text>)}
		</Box>
	);
}

/** History: the highlighted image's layers, parent chain and dependents; or the journal with its commands. */
export function HistoryPane(props: Props) {
	const subject = props.tab === 'layers' ? (props.image ? imageLabel(props.image, props.label) : '') : `${props.journal.length} entries`;
	return (
		<Box flexDirection="column" height={props.height}>
			<Tabs tab={props.tab} subject={subject}/>
			{props.tab === 'layers'
				? <Layers {...props} height={props.height - 1}/>
				: <Journal journal={props.journal} cursor={props.journalCursor} width={props.width} height={props.height - 1}/>}
		</Box>
	);
}
