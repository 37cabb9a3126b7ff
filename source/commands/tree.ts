import {containerStatusText} from '../present/containers.js';
import {teach} from '../core/teach.js';
import type {Snapshot, SnapshotImage} from '../core/backend/snapshot.js';
import type {Command} from './command.js';
import {humanSize} from '../present/format.js';

function label(image: SnapshotImage): string {
	const kind = image.isOSImage ? ' [base image]' : '';
	return `${image.shortId} ${image.tags.length > 0 ? image.tags.join(', ') : '<none>'} (${humanSize(image.size)})${kind}`;
}

/** Everything built on an image: containers and child images, recursively, drawn as a tree. */
function dependentsTree(view: Snapshot, image: SnapshotImage, prefix: string, out: (line: string) => void): void {
	const containers = view.containers.filter(container => container.image === image.id);
	const children = image.children.map(id => view.byId(id)).filter((child): child is SnapshotImage => Boolean(child));
	const count = containers.length + children.length;
	containers.forEach((container, index) => {
		const last = index === count - 1;
		out(`${prefix}${last ? '└── ' : '├── '}container ${container.shortId} ${container.name} (${containerStatusText(container)})`);
	});
	children.forEach((child, index) => {
		const last = containers.length + index === count - 1;
		out(`${prefix}${last ? '└── ' : '├── '}${label(child)}`);
		dependentsTree(view, child, prefix + (last ? '    ' : '│   '), out);
	});
}

export const tree: Command = {
	name: 'tree',
	aliases: ['image tree'],
	usage: `Usage: dockyard tree [--json] IMAGE

The parent chain down to the base image, then every container and child
image that depends on IMAGE (what stops rmi).`,
	arity: [1, 1],
	async run({args, flags, backend, out, explain}) {
		const view = await backend().snapshot();
		const image = view.image(args[0]!);
		const chain = view.chain(image.id);
		if (flags['json']) {
			out(JSON.stringify({
				chain: chain.map(member => ({id: member.id, tags: member.tags, isOSImage: member.isOSImage})),
				dependents: view.dependents(image.id),
			}, undefined, 2));
		} else {
			out('Parent chain:');
			chain.forEach((member, depth) => {
				out(`${'  '.repeat(depth)}${depth > 0 ? '└─ ' : ''}${label(member)}`);
			});
			out('');
			out('Depends on it:');
			if (view.dependents(image.id).length === 0) {
				out('  (nothing: it can be removed)');
			} else {
				out(label(image));
				dependentsTree(view, image, '', out);
			}
		}

		explain(teach({kind: 'tree', target: args[0]!, psName: image.title}));
	},
};
