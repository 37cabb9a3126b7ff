import type {Snapshot, SnapshotContainer, SnapshotImage} from './snapshot.js';

/** One thing built on an image: a container (any state) or a child image, with what is built on that in turn. */
export type DependentNode =
	| {kind: 'container'; container: SnapshotContainer}
	| {kind: 'image'; image: SnapshotImage; dependents: DependentNode[]};

/**
 * Everything that depends on an image, however deep: its containers first
 * (as docker names them in a conflict), then its child images, each with its
 * own containers and children. `Snapshot.dependents` stops at one level,
 * which is what blocks a removal; a teacher wants to see the whole family.
 * A parent loop (a corrupt index, an engine's odd answer) is drawn once, not forever.
 */
export function dependentsTree(view: Snapshot, id: string): DependentNode[] {
	const seen = new Set<string>([id]);
	const byId = new Map(view.containers.map(container => [container.id, container]));
	const build = (image: SnapshotImage): DependentNode[] => {
		const containers: DependentNode[] = image.containers
			.map(containerId => byId.get(containerId))
			.filter((container): container is SnapshotContainer => Boolean(container))
			.map(container => ({kind: 'container', container}));
		const children: DependentNode[] = [];
		for (const childId of image.children) {
			const child = view.byId(childId);
			if (child && !seen.has(child.id)) {
				seen.add(child.id);
				children.push({kind: 'image', image: child, dependents: build(child)});
			}
		}

		return [...containers, ...children];
	};

	const image = view.byId(id);
	return image ? build(image) : [];
}

/** A node with its depth and whether it is the last of its siblings at each level: what a drawn tree needs. */
export type TreeRow = {node: DependentNode; depth: number; lastAt: boolean[]};

/** The tree depth first, as it is drawn top to bottom. */
export function treeRows(nodes: DependentNode[]): TreeRow[] {
	const rows: TreeRow[] = [];
	const walk = (level: DependentNode[], lastAt: boolean[]) => {
		level.forEach((node, index) => {
			const here = [...lastAt, index === level.length - 1];
			rows.push({node, depth: here.length - 1, lastAt: here});
			if (node.kind === 'image') {
				walk(node.dependents, here);
			}
		});
	};

	walk(nodes, []);
	return rows;
}

/** How many containers and images the tree holds, at every depth. */
export function treeCounts(nodes: DependentNode[]): {containers: number; images: number} {
	let containers = 0;
	let images = 0;
	for (const {node} of treeRows(nodes)) {
		if (node.kind === 'container') {
			containers++;
		} else {
			images++;
		}
	}

	return {containers, images};
}
