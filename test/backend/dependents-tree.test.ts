import {describe, expect, test} from 'vitest';
import {dependentsTree, treeCounts, treeRows, type DependentNode} from '../../source/core/backend/dependents-tree.js';
import {Snapshot} from '../../source/core/backend/snapshot.js';
import {container, image} from './neutral.js';

/** A node drawn as a word: an image by its first tag, a container by name and state. */
function names(nodes: DependentNode[]): unknown[] {
	return nodes.map(node => node.kind === 'container'
		? `container ${node.container.name} ${node.container.status}`
		: {[node.image.tags[0] ?? node.image.shortId]: names(node.dependents)});
}

/** base ← app ← app-child ← grandchild; base ← tool; containers on several levels, one stopped on the grandchild. */
function world() {
	const base = image('base', {tags: ['nanoserver:latest'], created: '2024-01-01T00:00:00Z'});
	const app = image('app', {parent: base.id, tags: ['team/app:v1'], created: '2024-01-02T00:00:00Z'});
	const child = image('child', {parent: app.id, tags: ['team/child:v1'], created: '2024-01-03T00:00:00Z'});
	const grandchild = image('grandchild', {parent: child.id, tags: ['team/grandchild:v1'], created: '2024-01-04T00:00:00Z'});
	const tool = image('tool', {parent: base.id, tags: ['tool:1'], created: '2024-01-05T00:00:00Z'});
	const containers = [
		container('web', app.id, {status: 'running'}),
		container('old', grandchild.id, {status: 'exited', statusText: 'Exited (0) 2 hours ago'}),
		container('fresh', grandchild.id, {status: 'created', created: '2024-03-01T00:00:00Z'}),
	];
	return {snapshot: Snapshot.of([base, app, child, grandchild, tool], containers), base, app, child, grandchild, tool};
}

describe('the whole tree of what depends on an image', () => {
	test('children\'s children and their containers, stopped ones too, containers before child images', () => {
		const {snapshot, base, app} = world();
		expect(names(dependentsTree(snapshot, app.id))).toEqual([
			'container web running',
			{'team/child:v1': [{'team/grandchild:v1': ['container fresh created', 'container old exited']}]},
		]);
		const fromBase = dependentsTree(snapshot, base.id);
		expect(treeCounts(fromBase)).toEqual({containers: 3, images: 4});
		// One level deep is what Snapshot.dependents says; the tree goes all the way down.
		expect(snapshot.dependents(base.id)).toHaveLength(2);
	});

	test('rows depth first, with the depth and which node is the last of its siblings', () => {
		const {snapshot, app} = world();
		const rows = treeRows(dependentsTree(snapshot, app.id));
		expect(rows.map(row => [row.node.kind === 'container' ? row.node.container.name : row.node.image.tags[0], row.depth, row.lastAt])).toEqual([
			['web', 0, [false]],
			['team/child:v1', 0, [true]],
			['team/grandchild:v1', 1, [true, true]],
			['fresh', 2, [true, true, false]],
			['old', 2, [true, true, true]],
		]);
	});

	test('nothing built on it: an empty tree; an unknown id: an empty tree', () => {
		const {snapshot, tool} = world();
		expect(dependentsTree(snapshot, tool.id)).toEqual([]);
		expect(dependentsTree(snapshot, `sha256:${'0'.repeat(64)}`)).toEqual([]);
	});

	test('a parent loop in what a backend said is drawn once, not forever', () => {
		const a = image('loop-a', {parent: `sha256:${'0'.repeat(63)}b`, tags: ['a:1']});
		const b = image('loop-b', {parent: a.id, tags: ['b:1']});
		const looped = {...a, parent: b.id};
		const snapshot = Snapshot.of([looped, b], []);
		expect(names(dependentsTree(snapshot, looped.id))).toEqual([{'b:1': []}]);
	});
});
