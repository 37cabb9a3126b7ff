import wrapAnsi from 'wrap-ansi';
import type {DependentNode, TreeRow} from '../core/backend/dependents-tree.js';
import {containerStatusWord} from '../core/backend/snapshot.js';
import type {LayerFile, LayerFiles} from '../core/backend/backend.js';
import {printable} from '../core/text.js';
import {humanSize} from '../present/format.js';
import {containerStatusText} from '../present/containers.js';
import type {Tint} from './theme.js';

/**
 * Text wrapped to `width` cells, never cut: words kept whole where they fit,
 * a longer one broken. Control characters are shown as their escapes first;
 * a newline in the text (a heredoc in a Dockerfile step) starts a new line.
 */
export function wrapText(text: string, width: number): string[] {
	const columns = Math.max(1, width);
	return printable(text, {keepNewlines: true}).split('\n').flatMap(line => wrapAnsi(line, columns, {hard: true}).split('\n'));
}

/** A line of the files view and how it is drawn: the sign says it without colour (NO_COLOR), the tint with. */
export type FileLine = {text: string; tint?: Tint};

const signs: Record<LayerFile['change'], {sign: string; tint: Tint}> = {
	added: {sign: '+', tint: 'good'},
	changed: {sign: '~', tint: 'warn'},
	deleted: {sign: '-', tint: 'bad'},
	opaque: {sign: '-', tint: 'bad'},
};

/** `+ /etc/motd  6B`, `- /etc/passwd  (whiteout)`, `- /var/cache/*  (opaque: …)`: paths as dive shows them, from the root. */
export function fileLine(entry: LayerFile): FileLine {
	const {sign, tint} = signs[entry.change];
	const path = `/${printable(entry.path)}${entry.type === 'directory' && entry.change !== 'opaque' ? '/' : ''}`;
	const what = entry.change === 'opaque'
		? `${path}/*  (opaque: nothing below shows through)`
		: entry.change === 'deleted'
			? `${path}  (deleted)`
			: entry.type === 'symlink' || entry.type === 'link'
				? `${path} → ${printable(entry.linkname ?? '')}`
				: entry.type === 'file' ? `${path}  ${humanSize(entry.size)}` : path;
	return {text: `${sign} ${what}`, tint};
}

/** "3 added, 1 changed, 2 deleted" of what is listed. */
export function filesSummary(files: LayerFiles): string {
	const count = (change: LayerFile['change'][]) => files.entries.filter(entry => change.includes(entry.change)).length;
	const parts = [`${count(['added'])} added`, `${count(['changed'])} changed`, `${count(['deleted', 'opaque'])} deleted`];
	const skipped = files.skipped ?? 0;
	// A big layer is read a page at a time: which entries these are, and the keys to the others.
	const page = skipped > 0 || files.more > 0 ? `; entries ${skipped + 1}–${skipped + files.entries.length} of ${skipped + files.entries.length + files.more}${files.more > 0 ? ' (> next' : ' ('}${skipped > 0 ? `${files.more > 0 ? ', ' : ''}< previous)` : ')'}` : '';
	return `${parts.join(', ')}${page}`;
}

/** The tree's drawing in front of a node: `├─ `, `│  └─ `… */
function branches(row: TreeRow): string {
	return row.lastAt.map((last, level) => level === row.lastAt.length - 1 ? (last ? '└─ ' : '├─ ') : (last ? '   ' : '│  ')).join('');
}

/**
 * One line per dependent, however deep: a container with its state (a stopped
 * one blocks a removal too), a child image with its tags. Only the rows asked
 * for are drawn (a base image may have thousands of children).
 */
export function dependentLines(rows: TreeRow[]): Array<{text: string; kind: DependentNode['kind']}> {
	return rows.map(row => {
		const {node} = row;
		const text = node.kind === 'container'
			? `container ${node.container.shortId} ${printable(node.container.name)} (${printable(containerStatusText(node.container))}, ${containerStatusWord(node.container)})`
			: `child image ${node.image.shortId} ${printable(node.image.tags.join(', ')) || '<none>'}`;
		return {text: `${branches(row)}${text}`, kind: node.kind};
	});
}

/**
 * The dependents as room allows, never a count with nothing listed: with one
 * row for several, the first is named on it with how many more there are.
 */
export function shownDependents(rows: TreeRow[], room: number): Array<{text: string; kind: DependentNode['kind'] | 'more' | 'none'}> {
	if (rows.length === 0) {
		return [{text: 'nothing: it can be removed', kind: 'none'}];
	}

	const lines = dependentLines(rows);
	if (lines.length <= room) {
		return lines;
	}

	const more = (hidden: number) => `… and ${hidden} more (dockyard tree lists them all)`;
	if (room <= 1) {
		return [{...lines[0]!, text: `${lines[0]!.text} ${more(lines.length - 1)}`}];
	}

	return [...lines.slice(0, room - 1), {text: more(lines.length - room + 1), kind: 'more'}];
}

export type Section = {
	/** Rows it can use. */
	want: number;
	/** Rows it always gets (when the height allows). */
	min: number;
};

/**
 * Shares `room` rows between sections: each gets its minimum first, then,
 * in the order of `steps`, up to the cap the step names (or all it wants).
 * What is left over stays empty.
 */
export function shareRows<K extends string>(room: number, sections: Record<K, Section>, steps: Array<[K, number?]>): Record<K, number> {
	const given = {} as Record<K, number>;
	let left = room;
	for (const name of Object.keys(sections) as K[]) {
		const take = Math.max(0, Math.min(sections[name].min, sections[name].want, left));
		given[name] = take;
		left -= take;
	}

	for (const [name, cap] of steps) {
		const target = Math.min(sections[name].want, cap ?? Number.POSITIVE_INFINITY);
		const take = Math.max(0, Math.min(target - given[name], left));
		given[name] += take;
		left -= take;
	}

	return given;
}
