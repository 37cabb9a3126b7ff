import {expect, test} from 'vitest';
import {dependentsTree, treeRows} from '../../source/core/backend/dependents-tree.js';
import {Snapshot} from '../../source/core/backend/snapshot.js';
import {shownDependents} from '../../source/ui/history-detail.js';
import {container, image} from '../backend/neutral.js';

/** Issue 22 #5: History never says "Depends on it (2): … and 2 more" with nothing listed. */
test('with one row for two dependents, the first is named on it with how many more', () => {
	const base = image('base', {tags: ['microsoft/iis:latest']});
	const child = image('child', {tags: ['windowsservercoreiis:latest'], parent: base.id});
	const snapshot = Snapshot.of([base, child], [container('iis-1', base.id)]);
	const rows = treeRows(dependentsTree(snapshot, base.id));
	expect(rows).toHaveLength(2);

	const one = shownDependents(rows, 1);
	expect(one).toHaveLength(1);
	expect(one[0]!.text).toMatch(/^.*container [\da-f]{12} iis-1 .*… and 1 more \(dockyard tree lists them all\)$/);

	expect(shownDependents(rows, 2).map(line => line.text)).toEqual([expect.stringContaining('container'), expect.stringContaining('child image')]);
	expect(shownDependents([], 1)).toEqual([{text: 'nothing: it can be removed', kind: 'none'}]);
});
