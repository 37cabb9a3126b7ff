/**
 * `docker image ls --tree` as docker 28's CLI prints it (cli/command/image/tree.go,
 * read for its format): a warning, a blank line, a header, then each image's
 * names, its details on the last name's line, its platforms under it (the
 * ones not held faint), and a blank line. The name column is as narrow as its
 * widest value (counted in bytes, as Go's len, while padding counts runes);
 * columns that leave it under 12 characters are dropped. Colour only on a
 * terminal, and not under NO_COLOR. A registry's text (names, platforms)
 * has its control characters escaped here, so coloured lines can be written
 * as they are.
 */
import {goHumanSize} from '../core/go-units.js';
import {shortId} from '../core/digest.js';
import {printable} from '../core/text.js';
import type {TreeEntry} from '../core/store/platform-tree.js';

export const treeWarning = 'WARNING: This is an experimental feature. The output may change and shouldn\'t be depended on.';

type Paint = (text: string) => string;
type Align = 'left' | 'right' | 'center';
type Details = {id: string; diskUsage: string; contentSize: string; inUse: boolean};
type Column = {title: string; width: number; align: Align; value?: (details: Details) => string; green?: boolean};

const spacing = 3;
const sgr = (codes: string): Paint => text => `\u001B[${codes}m${text}\u001B[0m`;
const plain: Paint = text => text;

function fit(column: Column, paint: Paint, text: string): string {
	const runes = [...text];
	if (runes.length > column.width) {
		return paint(`${runes.slice(0, column.width - 3).join('')}...`);
	}

	const fill = column.width - runes.length;
	if (column.align === 'right') {
		return ' '.repeat(fill) + paint(text);
	}

	if (column.align === 'center') {
		const left = Math.floor(fill / 2);
		return ' '.repeat(left) + paint(text) + ' '.repeat(fill - left);
	}

	return paint(text) + ' '.repeat(fill);
}

export function imageTreeLines(entries: TreeEntry[], options: {color: boolean; width?: number}): string[] {
	const color = options.color;
	const paint = {
		warning: color ? sgr('93') : plain,
		header: color ? sgr('39;1') : plain,
		name: color ? sgr('34;1') : plain,
		normal: color ? sgr('39') : plain,
		faint: color ? sgr('39;2') : plain,
		green: color ? sgr('32') : plain,
		untagged: color ? sgr('2') : plain,
	};
	const width = Math.max(20, options.width ?? 80);
	let columns: Column[] = [
		{title: 'Image', width: 0, align: 'left'},
		{title: 'ID', width: 12, align: 'left', value: details => shortId(details.id)},
		{title: 'Disk usage', width: 10, align: 'right', value: details => details.diskUsage},
		{title: 'Content size', width: 12, align: 'right', value: details => details.contentSize},
		{title: 'In Use', width: 6, align: 'center', green: true, value: details => details.inUse ? '✔' : ' '},
	];
	let nameWidth = width;
	for (const [index, column] of columns.entries()) {
		if (column.width === 0) {
			continue;
		}

		const needed = column.width + (index > 0 ? spacing : 0);
		if (nameWidth - needed < 12) {
			columns = columns.slice(0, index);
			break;
		}

		nameWidth -= needed;
	}

	const bytes = (text: string) => Buffer.byteLength(text);
	const widest = Math.max(bytes(columns[0]!.title), ...entries.flatMap(entry => [...entry.names.map(name => bytes(printable(name))), ...entry.platforms.map(platform => bytes(printable(platform.platform)) + bytes('└─ '))]));
	columns[0]!.width = Math.min(nameWidth, widest);
	const [first] = columns as [Column, ...Column[]];
	const details = (line: string, tint: Paint, value: Details) => line + columns.filter(column => column.value).map(column => ' '.repeat(spacing) + fit(column, column.green ? paint.green : tint, column.value!(value))).join('');

	const lines = [paint.warning(treeWarning), '', columns.map(column => fit(column, paint.header, column.title.toUpperCase())).join(' '.repeat(spacing))];
	// Any entry with platforms spaces every entry out (all of the store's have one).
	const spaced = entries.some(entry => entry.platforms.length > 0);
	for (const entry of entries) {
		const names = entry.names.length === 0 ? [fit(first, paint.untagged, '<untagged>')] : entry.names.map(name => fit(first, paint.name, printable(name)));
		lines.push(...names.slice(0, -1));
		lines.push(details(names.at(-1)!, paint.normal, {id: entry.id, diskUsage: goHumanSize(entry.diskUsage), contentSize: goHumanSize(entry.contentSize), inUse: entry.inUse}));
		for (const [index, platform] of entry.platforms.entries()) {
			const tint = platform.available ? paint.normal : paint.faint;
			const branch = index === entry.platforms.length - 1 ? '└─ ' : '├─ ';
			lines.push(details(fit(first, tint, branch + printable(platform.platform)), tint, {id: platform.id, diskUsage: goHumanSize(platform.diskUsage), contentSize: goHumanSize(platform.contentSize), inUse: platform.inUse}));
		}

		// docker ends an entry with a blank line when it has platforms or any entry has (the details line's own end otherwise).
		if (entry.platforms.length > 0 || spaced) {
			lines.push('');
		}
	}

	return lines;
}
