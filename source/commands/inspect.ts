import {teach} from '../core/teach.js';
import type {Command} from './command.js';

export const inspect: Command = {
	name: 'inspect',
	aliases: ['image inspect'],
	summary: 'Display detailed information on one or more images (JSON)',
	usage: 'Usage: dockyard inspect IMAGE [IMAGE...]',
	arity: [1, Number.POSITIVE_INFINITY],
	async run({args, store, out, explain}) {
		const opened = store();
		const view = opened.read();
		const documents = [];
		for (const target of args) {
			const image = view.image(target);
			// eslint-disable-next-line no-await-in-loop
			const config = await opened.config(image.id);
			documents.push({
				Id: image.id,
				RepoTags: image.tags,
				RepoDigests: image.repoDigests,
				Parent: image.parent ?? '',
				Comment: config.history?.at(-1)?.comment ?? '',
				Created: image.created,
				Container: config.container ?? '',
				Author: config.author ?? '',
				Config: config.config ?? {},
				Architecture: config.architecture,
				Os: config.os,
				Size: image.size,
				RootFS: {Type: 'layers', Layers: config.rootfs.diff_ids},
				Metadata: {LastTagTime: image.added},
				Dockyard: {
					Source: image.source,
					ManifestDigest: image.manifestDigest ?? null,
					IsOSImage: image.isOSImage,
					Children: image.children,
					Containers: image.containers,
					Layers: image.layers,
				},
			});
			explain(teach({kind: 'inspect', target, psName: image.title}));
		}

		out(JSON.stringify(documents, undefined, 4));
	},
};
