import {writeFileSync} from 'node:fs';
import {gzipSync} from 'node:zlib';
import tar from 'tar-stream';
import {sha256} from '../../source/core/digest.js';

export type TarEntry = {name: string; type?: 'file' | 'directory' | 'symlink'; text?: string | Buffer; linkname?: string};

/** A tar built with tar-stream, as a registry, docker or an archive would carry it. */
export async function tarBytes(entries: TarEntry[]): Promise<Buffer> {
	const pack = tar.pack();
	const chunks: Buffer[] = [];
	pack.on('data', (chunk: unknown) => {
		chunks.push(chunk as Buffer);
	});
	const ended = new Promise<void>(resolve => {
		pack.on('end', () => {
			resolve();
		});
	});
	for (const entry of entries) {
		const type = entry.type ?? 'file';
		const header = {name: entry.name, type, linkname: entry.linkname, mode: type === 'directory' ? 0o755 : 0o644};
		if (type === 'file') {
			pack.entry(header, entry.text ?? '');
		} else {
			pack.entry(header);
		}
	}

	pack.finalize();
	await ended;
	return Buffer.concat(chunks);
}

export type ArchiveLayer = {entries: TarEntry[]; gzip?: boolean; createdBy?: string};

/**
 * A docker archive (`docker save`'s manifest.json, a config, a tar per
 * layer, gzip'd where asked) of one linux image, written to `file`: what
 * `dockyard load` reads. Each layer is a step of the config's history.
 */
export async function writeDockerArchive(file: string, tag: string, layers: ArchiveLayer[]): Promise<void> {
	const plain = await Promise.all(layers.map(async layer => tarBytes(layer.entries)));
	const names = layers.map((layer, index) => `layer${index}.tar${layer.gzip ? '.gz' : ''}`);
	const config = {
		architecture: 'amd64',
		os: 'linux',
		created: '2024-05-01T00:00:00Z',
		config: {Cmd: ['/bin/sh']},
		rootfs: {type: 'layers', diff_ids: plain.map(bytes => sha256(bytes))},
		history: layers.map((layer, index) => ({created: `2024-05-01T00:0${index}:00Z`, created_by: layer.createdBy ?? `/bin/sh -c step ${index + 1}`})),
	};
	writeFileSync(file, await tarBytes([
		{name: 'config.json', text: JSON.stringify(config)},
		{name: 'manifest.json', text: JSON.stringify([{Config: 'config.json', RepoTags: [tag], Layers: names}])},
		...layers.map((layer, index) => ({name: names[index]!, text: layer.gzip ? gzipSync(plain[index]!) : plain[index]!})),
	]));
}
