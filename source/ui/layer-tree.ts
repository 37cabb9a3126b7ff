import type {LayerFile} from '../core/backend/backend.js';
import type {LayerFileChange} from '../core/backend/backend.js';
import {printable} from '../core/text.js';
import {humanSize} from '../present/format.js';
import type {FileLine} from './history-detail.js';
import type {Tint} from './theme.js';

/**
 * One layer's files as dive draws them: a tree of directories, each entry
 * marked added / changed / deleted, a directory sized by what it holds in
 * the layer. A directory the layer does not list itself (only a file in
 * it) is drawn unmarked, as dive draws what a layer leaves as it was.
 */
export type TreeNode = {
	name: string;
	/** Inside the image, without a leading slash. */
	path: string;
	directory: boolean;
	change?: LayerFileChange;
	entry?: LayerFile;
	/** A file's bytes; a directory's: everything under it in this layer. */
	size: number;
	children: TreeNode[];
};

export function layerTree(entries: LayerFile[]): TreeNode[] {
	const root: TreeNode = {name: '', path: '', directory: true, size: 0, children: []};
	const byPath = new Map<string, TreeNode>([['', root]]);
	const nodeFor = (path: string): TreeNode => {
		const found = byPath.get(path);
		if (found) {
			return found;
		}

		const slash = path.lastIndexOf('/');
		const parent = nodeFor(slash === -1 ? '' : path.slice(0, slash));
		const node: TreeNode = {name: path.slice(slash + 1), path, directory: true, size: 0, children: []};
		parent.children.push(node);
		byPath.set(path, node);
		return node;
	};

	for (const entry of entries) {
		const node = nodeFor(entry.path);
		node.entry = entry;
		node.change = entry.change;
		// A whiteout does not say what it deletes: drawn as a leaf.
		node.directory = entry.type === 'directory' || node.children.length > 0;
		node.size = entry.type === 'file' ? entry.size : 0;
	}

	const sized = (node: TreeNode): number => {
		if (node.children.length > 0) {
			node.children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
			node.size = node.children.reduce((total, child) => total + sized(child), node.entry?.type === 'file' ? node.size : 0);
		}

		return node.size;
	};

	sized(root);
	return root.children;
}

/** What the changed-only filter keeps: what alters or removes what a lower layer had (a directory listed again only because something in it changed does not count). */
function isChange(node: TreeNode): boolean {
	return node.change === 'deleted' || node.change === 'opaque' || (node.change === 'changed' && !node.directory);
}

function keeps(node: TreeNode, changedOnly: boolean): boolean {
	return !changedOnly || isChange(node) || node.children.some(child => keeps(child, true));
}

export type TreeRow = {node: TreeNode; line: FileLine; folded: boolean};

const signs: Record<LayerFileChange, {sign: string; tint: Tint}> = {
	added: {sign: '+', tint: 'good'},
	changed: {sign: '~', tint: 'warn'},
	deleted: {sign: '-', tint: 'bad'},
	opaque: {sign: '-', tint: 'bad'},
};

function lineOf(node: TreeNode, prefix: string, folded: boolean): FileLine {
	const mark = node.change ? signs[node.change] : undefined;
	const name = printable(node.name);
	const entry = node.entry;
	const what = node.change === 'opaque'
		? `${name}/*  (opaque: nothing below shows through)`
		: node.change === 'deleted'
			? `${name}  (deleted)`
			: entry && (entry.type === 'symlink' || entry.type === 'link')
				? `${name} → ${printable(entry.linkname ?? '')}`
				: node.directory
					? `${folded ? '▸' : '▾'} ${name}/  ${humanSize(node.size)}`
					: `${name}  ${humanSize(node.size)}`;
	return {text: `${mark?.sign ?? ' '} ${prefix}${what}`, tint: mark?.tint};
}

/** The rows drawn, in order: a folded directory hides what is under it; the filter keeps changes and the directories above them. */
export function treeRows(tree: TreeNode[], folded: ReadonlySet<string>, changedOnly: boolean): TreeRow[] {
	const rows: TreeRow[] = [];
	const walk = (nodes: TreeNode[], prefix: string) => {
		const shown = nodes.filter(node => keeps(node, changedOnly));
		for (const [index, node] of shown.entries()) {
			const last = index === shown.length - 1;
			const isFolded = node.directory && node.children.length > 0 && folded.has(node.path);
			rows.push({node, line: lineOf(node, `${prefix}${last ? '└── ' : '├── '}`, isFolded), folded: isFolded});
			if (!isFolded) {
				walk(node.children, `${prefix}${last ? '    ' : '│   '}`);
			}
		}
	};

	walk(tree, '');
	return rows;
}
