import {useRef} from 'react';
import {Box, Text} from 'ink';
import type {SearchResult} from '../core/hub/hub.js';
import {offlineMiss} from '../core/hub/catalog.js';
import {hubLabels} from '../core/settings.js';
import {layoutColumns, formatRow, type Column} from './columns.js';
import {PullProgress} from './pull-progress.js';
import type {PullState} from './state.js';
import {clean, stringWidth, truncate} from './text.js';
import {tint} from './theme.js';
import {WindowList, windowLabel} from './window-list.js';
import {scrollTop} from './list.js';
import {TextBox} from './text-box.js';

/**
 * NAME as wide as the longest name found (a registry's results carry its
 * domain: `127.0.0.1:5000/team/app`), up to half the width; DESCRIPTION the rest.
 */
function hubColumns(results: SearchResult[] | undefined, width: number): Column[] {
	const longest = Math.max(12, ...(results ?? []).map(result => stringWidth(clean(result.name))));
	return [
		{header: 'NAME', width: Math.min(longest, Math.max(12, Math.floor(width / 2)))},
		{header: 'DESCRIPTION', flex: 1, min: 10},
		{header: 'STARS', width: 5, align: 'right'},
		{header: 'OFFICIAL', width: 8},
		{header: 'AUTOMATED', width: 9},
	];
}

type Props = {
	query: string;
	editing: boolean;
	onQueryChange: (value: string) => void;
	hubLabel: string;
	results: SearchResult[] | undefined;
	searchError?: string;
	cursor: number;
	/** Tags of the highlighted result, once the hub answered. */
	tags: string[] | undefined;
	tagIndex: number;
	pull?: PullState;
	/** A key has been pressed since the pull ended. */
	settled?: boolean;
	/** Browsing a registry (`HOST/`): the highlighted tag's details, drawn where the tag line is. */
	detail?: string[];
	/** A registry's search result: the platforms its chosen tag offers (under the tag line). */
	platforms?: string;
	/** Browsing a registry: its listing has pages not fetched yet (fetched as the list scrolls). */
	more?: boolean;
	/** Browsing a registry: what the list is (its repositories, or a repository's tags), and how to go back. */
	browsing?: string;
	width: number;
	height: number;
};

/** The tag line: every tag of the highlighted result, the one Enter pulls in brackets. */
function tagLine(name: string | undefined, tags: string[] | undefined, tagIndex: number, width: number): string {
	if (!name) {
		return '';
	}

	if (!tags) {
		return truncate(`Tags of ${name}: …`, width);
	}

	const shown = tags.map(clean).map((tag, index) => index === tagIndex ? `[${tag}]` : tag).join(' ');
	return truncate(`Tags of ${name} (←/→ choose): ${shown}`, width);
}

/** Hub: a search box, results as you type, the tags of the highlighted one, and a running pull. */
export function HubPane({query, editing, onQueryChange, hubLabel, results, searchError, cursor, tags, tagIndex, pull, settled, detail, platforms, more, browsing, width, height}: Props) {
	// A registry's repositories and tags have no description, stars or badges: the name alone.
	const columns: Column[] = browsing === undefined ? hubColumns(results, width) : [{header: 'NAME', flex: 1, min: 10}];
	const highlighted = results?.[cursor];
	const widths = layoutColumns(columns, width);
	// A pull that has ended keeps two rows (its title and its outcome) once a key has been pressed after it: the results get theirs back.
	// Until the next key docker's last lines stay whole.
	const shrunk = pull?.done === true && settled === true;
	const progressHeight = pull ? Math.min(shrunk ? 2 : 8, Math.max(shrunk ? 2 : 3, pull.layers.length + 2), Math.max(0, height - 7)) : 0;
	// The tag line, or a browsed tag's detail lines (at least one row, so the list does not jump).
	const detailRows = browsing === undefined
		? [tagLine(highlighted && clean(highlighted.name), tags, tagIndex, width), ...(platforms && highlighted ? [platforms] : [])]
		: (detail && detail.length > 0 ? detail : [browsing]);
	const listHeight = Math.max(1, height - 3 - detailRows.length - progressHeight);
	// Where the list's window is, as WindowList finds it (the same rule on the same cursor): the rows hidden below it.
	const topRef = useRef(0);
	const count = results?.length ?? 0;
	topRef.current = scrollTop(topRef.current, cursor, listHeight, count);
	const below = Math.max(0, count - topRef.current - listHeight);
	return (
		<Box flexDirection="column" height={height}>
			<Box>
				<Text bold color={tint('accent')}>Search </Text>
				<Text dimColor>{truncate(`(${clean(hubLabel)}) `, 24)}</Text>
				{editing
					// The hint is drawn here, dim: grey only where colour is on (NO_COLOR keeps it plain).
					? <><TextBox value={query} onChange={onQueryChange}/>{query ? undefined : <Text dimColor>name or words; * for all</Text>}</>
					: <Text>{query ? query : <Text dimColor>* (press / to search)</Text>}</Text>}
				{results && results.length > 0 ? <Text dimColor>{`  ${windowLabel(cursor, results.length)}`}</Text> : undefined}
			</Box>
			<Text bold wrap="truncate">{formatRow(columns.map(column => column.header), columns, widths)}</Text>
			<WindowList
				rows={results ?? []}
				cursor={cursor}
				height={listHeight}
				active={!editing}
				empty={searchError ? `Search failed: ${clean(searchError)}` : (results ? (hubLabel === hubLabels.offline ? `No match: ${offlineMiss()} (H here).` : 'No match.') : 'Searching…')}
				renderRow={(result, selected) => (
					<Text wrap="truncate" inverse={selected}>
						{formatRow(browsing === undefined ? [clean(result.name), clean(result.description), String(result.stars), result.official ? '[OK]' : '', result.automated ? '[OK]' : ''] : [clean(result.name)], columns, widths)}
					</Text>
				)}
			/>
			{detailRows.map((line, index) => <Text key={index} color={tint('accent')} wrap="truncate">{truncate(line, width) || ' '}</Text>)}
			<Text dimColor>{below > 0 || more ? `↓ ${below > 0 ? `${below} ` : ''}more below${more ? ' (more pages as you scroll)' : ''}` : ' '}</Text>
			{pull && progressHeight > 0 ? <PullProgress pull={pull} width={width} height={progressHeight}/> : undefined}
		</Box>
	);
}
