import {Box, Text} from 'ink';
import {entryEquivalents, entryOutcome} from '../core/journal.js';
import {powershellShown} from '../core/teach.js';
import {ago, humanSize} from '../present/format.js';
import {treeRows, type DependentNode} from '../core/backend/dependents-tree.js';
import type {HistoryRow, JournalEntry} from '../core/backend/model.js';
import type {Dependent, SnapshotContainer, SnapshotImage} from '../core/backend/snapshot.js';
import {shortId} from '../core/digest.js';
import {printable} from '../core/text.js';
import {fileLine, shownDependents, filesSummary, shareRows, wrapText, type FileLine} from './history-detail.js';
import {layoutColumns, formatRow, type Column} from './columns.js';
import {tint} from './theme.js';
import {clean, truncate} from './text.js';
import type {LayerFilesState} from './use-layer-files.js';
import {WindowList} from './window-list.js';
import type {TreeRow} from './layer-tree.js';
import type {ImageAnalysisState} from './use-image-analysis.js';
import {goFixed4, humanizeBytes} from '../core/analysis/go-numbers.js';

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
	/** What depends on it directly: what stops a removal. */
	dependents: Dependent[];
	/** Everything that depends on it, however deep. */
	tree: DependentNode[];
	containers: SnapshotContainer[];
	journal: JournalEntry[];
	/** The highlighted layer's files, while the detail shows them. */
	files?: LayerFilesState;
	/** The backend lists a layer's files (the store): the detail says which key shows them. */
	filesAvailable?: boolean;
	/** The files as a tree: the rows drawn (folds and filter applied), the highlighted one, the page of a big layer. */
	fileTree?: {rows: TreeRow[]; cursor: number; changedOnly: boolean; page: number};
	/** dive's figures for the image, shown above its files. */
	analysis?: ImageAnalysisState;
};

type Props = HistoryData & {
	/** What was highlighted in Local images (`repo:tag`), named in the title; the image's first tag when absent. */
	label?: string;
	tab: 'layers' | 'journal';
	/** Under the layers: the highlighted layer's whole command, or its files. */
	detail: 'command' | 'files';
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
 * the bottom: at most `room` lines (four unless the pane is short; the middle
 * of a long chain is counted, not drawn), so the deepest is indented at most
 * three steps; the id comes first, so a long name is cut after it, never the id.
 */
export function chainLines(chain: SnapshotImage[], room = 4): string[] {
	const line = (text: string, level: number) => `${level === 0 ? '' : `${'   '.repeat(level - 1)}└─ `}${text}`;
	const entry = (member: SnapshotImage) => `${member.shortId} ${printable(imageLabel(member))}`;
	const top = chain[0];
	if (chain.length <= Math.max(1, room) || !top) {
		return chain.map((member, level) => line(entry(member), level));
	}

	const base = chain.at(-1)!;
	if (room <= 1) {
		return [`${entry(top)} (${chain.length - 1} below, down to ${base.shortId})`];
	}

	if (room === 2) {
		return [line(entry(top), 0), line(`… ${chain.length - 2} more, then ${entry(base)}`, 1)];
	}

	return [line(entry(top), 0), line(entry(chain[1]!), 1), line(`… ${chain.length - 3} more`, 2), line(entry(base), 3)];
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
			{/* The tab names keep their width: a long image name is what gets cut. */}
			<Box flexShrink={0}><Text bold inverse={tab === 'layers'}> Layers · parents · dependents </Text></Box>
			<Text> </Text>
			<Box flexShrink={0}><Text bold inverse={tab === 'journal'}> Journal </Text></Box>
			<Text dimColor wrap="truncate"> {subject} (t switches)</Text>
		</Box>
	);
}

/** What the detail area under the layers shows, with the lines it would draw. */
/** dive's figures in one line: efficiency, the bytes wasted and their share of what the layers above the base add. */
export function analysisLine(state: ImageAnalysisState | undefined): FileLine {
	if (state?.error) {
		return {text: `Cannot work out the waste: ${printable(state.error)}`, tint: 'bad'};
	}

	const analysis = state?.analysis;
	if (!analysis) {
		return {text: 'Image efficiency: reading every layer…'};
	}

	const user = Number.isFinite(analysis.wastedUserPercent) ? ` (${goFixed4(analysis.wastedUserPercent * 100)} % of what the layers above the base add)` : '';
	return {text: `Image efficiency: ${goFixed4(analysis.efficiency * 100)} %, wasted ${humanizeBytes(analysis.wastedBytes)}${user}`, tint: analysis.wastedBytes > 0 ? 'warn' : 'good'};
}

type Detail = {title: string; lines: FileLine[]; more: (hidden: number) => string; tree?: {head: number; cursor: number}};

function detailOf(props: LayersProps, selected: HistoryRow | undefined, position: string, width: number): Detail {
	if (props.error && !selected) {
		// The backend's one line, whole, where there is room to wrap it (the list above has two rows).
		const [first = '', ...rest] = wrapText(`Cannot read the history: ${props.error}`, width);
		return {title: first, lines: rest.map(text => ({text, tint: 'bad'})), more: hidden => `… ${hidden} more lines`};
	}

	if (props.detail === 'files') {
		const {files, error} = props.files ?? {};
		const tree = props.fileTree;
		const title = `Files${position ? ` of layer ${position}` : ''}${files?.layer ? `: ${filesSummary(files)}` : ''}${tree?.changedOnly ? ', changed only (c: all)' : ''} (f: its command)`;
		const head = selected ? [analysisLine(props.analysis)] : [];
		const lines: FileLine[] = !selected ? []
			: error ? [{text: `Cannot read the layer: ${printable(error)}`, tint: 'bad'}]
				: !files ? [{text: 'Reading the layer…'}]
					: !files.layer ? [{text: 'No files: this step changed only the image config (ENV, CMD, LABEL…).'}]
						: files.entries.length === 0 ? [{text: (files.skipped ?? 0) > 0 ? 'No more entries (<: the previous page).' : 'An empty layer: no files.'}]
							: tree ? (tree.rows.length === 0 ? [{text: 'Nothing here changes a lower layer\'s files (c: all).'}] : tree.rows.map(row => row.line))
								: files.entries.map(entry => fileLine(entry));
		const isTree = Boolean(tree && files?.layer && files.entries.length > 0 && tree.rows.length > 0);
		return {title, lines: [...head, ...lines], more: hidden => `… ${hidden} more`, tree: isTree ? {head: head.length, cursor: tree!.cursor} : undefined};
	}

	const title = `CREATED BY${position ? ` of layer ${position}` : ''}${props.filesAvailable ? ' (f: its files)' : ''}`;
	const lines = selected ? (selected.createdBy ? wrapText(selected.createdBy, width) : ['(no command recorded for this step)']).map(text => ({text})) : [];
	return {title, lines, more: hidden => `… ${hidden} more lines (dockyard history --no-trunc)`};
}

type ShownLine = FileLine & {highlighted?: boolean};

/** The tree's rows in view: the head lines (the image's figures) stay, the rows scroll to keep the highlighted one in view. */
function treeWindow(lines: FileLine[], tree: {head: number; cursor: number}, room: number): ShownLine[] {
	const head = lines.slice(0, Math.min(tree.head, room));
	const rows = lines.slice(tree.head);
	const space = Math.max(0, room - head.length);
	const start = Math.max(0, Math.min(tree.cursor - Math.floor(space / 2), rows.length - space));
	return [...head, ...rows.slice(start, start + space).map((line, index) => ({...line, highlighted: start + index === tree.cursor}))];
}

type LayersProps = Omit<Props, 'tab' | 'journal' | 'journalCursor' | 'label'>;

function Layers(props: LayersProps) {
	const {image, rows, error, chain, dependents, tree, cursor, width, height} = props;
	if (!image) {
		return <Text dimColor>No image highlighted: pick one in Local images (1).</Text>;
	}

	// One clock for the column's width and its cells; a history has tens of rows, not thousands.
	const now = Date.now();
	const layerRows = rows ?? [];
	const columns = layerColumns(Math.max(13, ...layerRows.map(row => ago(row.created, now).length)));
	const widths = layoutColumns(columns, width);
	const selected = layerRows[cursor];
	const detail = detailOf(props, selected, selected ? `${cursor + 1}/${layerRows.length}` : '', width);
	const allRows = treeRows(tree);
	const allInTree = allRows.length;
	// Four titles (columns, detail, chain, dependents); the rest is shared, the command first, the files after a few layers.
	const shares = shareRows(height - 4, {
		list: {want: Math.max(1, layerRows.length), min: 2},
		detail: {want: detail.lines.length, min: 1},
		chain: {want: chainLines(chain).length, min: 2},
		tree: {want: Math.max(1, allInTree), min: 1},
	}, props.detail === 'files'
		? [['list', 4], ['chain'], ['tree', 2], ['detail'], ['tree'], ['list']]
		: [['detail'], ['chain'], ['tree', 4], ['list', 6], ['tree'], ['list']]);
	const cut = <T,>(lines: T[], room: number, more: (hidden: number) => T): T[] => lines.length <= room ? lines : [...lines.slice(0, Math.max(0, room - 1)), more(lines.length - room + 1)];
	const shownDetail = detail.tree ? treeWindow(detail.lines, detail.tree, shares.detail) : cut<FileLine>(detail.lines, shares.detail, hidden => ({text: detail.more(hidden)}));
	const shownTree = shownDependents(allRows, shares.tree);
	const count = `${dependents.length}${allInTree > dependents.length ? `, ${allInTree} in all` : ''}`;
	return (
		<Box flexDirection="column" height={height}>
			<Text bold wrap="truncate">{formatRow(columns.map(column => column.header), columns, widths)}</Text>
			<WindowList
				rows={layerRows}
				cursor={cursor}
				height={shares.list}
				empty={error ? 'No layers.' : rows ? 'No history.' : 'Reading the image config…'}
				renderRow={(row, isSelected) => (
					<Text wrap="truncate" inverse={isSelected}>
						{formatRow([row.id === '<missing>' ? row.id : shortId(row.id), ago(row.created, now), row.createdBy, humanSize(row.size), row.comment], columns, widths)}
					</Text>
				)}
			/>
			<Text bold wrap="truncate">{truncate(detail.title, width)}</Text>
			<Box flexDirection="column" height={shares.detail}>
				{shownDetail.map((line: ShownLine, index) => <Text key={`${index}-${line.text}`} color={line.tint ? tint(line.tint) : undefined} inverse={line.highlighted} wrap="truncate">{truncate(line.text, width)}</Text>)}
			</Box>
			<Text bold>Parent chain, down to the base OS image:</Text>
			{chainLines(chain, shares.chain).map(line => <Text key={line} wrap="truncate">{truncate(`  ${line}`, width)}</Text>)}
			<Text bold>Depends on it ({count}):</Text>
			{shownTree.map((line, index) => (
				<Text key={`${index}-${line.text}`} dimColor={line.kind === 'more'} color={line.kind === 'none' ? tint('good') : line.kind === 'more' ? undefined : tint('warn')} wrap="truncate">
					{truncate(`  ${line.text}`, width)}
				</Text>
			))}
		</Box>
	);
}

function Journal({journal, cursor, width, height}: {journal: JournalEntry[]; cursor: number; width: number; height: number}) {
	const entries = [...journal].reverse();
	const selected = entries[cursor];
	// The entry's lines wrapped, never cut (a student copies the commands whole); the list keeps three rows at least.
	const detail = selected ? [
		...selected.summary.split('\n').slice(0, 2),
		...(selected.rule ? [`rule: ${selected.rule}`] : []),
		...entryEquivalents(selected).docker.map(command => `$ ${command}`),
		...powershellShown(entryEquivalents(selected)),
	].map(clean).flatMap(line => {
		const command = line.startsWith('$') || line.startsWith('PS>');
		return wrapText(line, Math.max(10, width - 2)).map((text, index) => ({text: index === 0 ? text : `  ${text}`, command}));
	}).slice(0, Math.max(5, height - 4)) : [];
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
			{detail.map((line, index) => <Text key={`${index}-${line.text}`} color={line.command ? tint('accent') : undefined} wrap="truncate">{truncate(line.text, width)}</Text>)}
		</Box>
	);
}

/** History: the highlighted image's layers (with the highlighted one's command or files), parent chain and dependents; or the journal with its commands. */
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
