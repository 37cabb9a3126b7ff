import {randomBytes} from 'node:crypto';
import {mkdir, open, readdir, rename, rm, stat, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {pipeline} from 'node:stream/promises';
import tar from 'tar-stream';
import {digestHex, sha256} from '../digest.js';
import {StoreError} from '../errors.js';
import {fsProblem, isErrno} from '../fs-errors.js';
import {mediaTypes, type ImageManifest} from '../oci.js';
import {canonicalString, parseReference} from '../reference.js';
import {isAlive} from './alive.js';
import type {BlobStore} from './blobs.js';
import {ociLayerType} from './layer-codec.js';
import type {ImageView} from './view.js';

/** The OCI manifest of a stored image, rebuilt from its record (same layers, same config). */
export function manifestOf(image: ImageView, configSize: number): ImageManifest {
	return {
		schemaVersion: 2,
		mediaType: mediaTypes.ociManifest,
		config: {mediaType: mediaTypes.ociConfig, digest: image.id, size: configSize},
		layers: image.layers.map(layer => ({mediaType: ociLayerType(layer.mediaType), digest: layer.digest, size: layer.size})),
	};
}

/**
 * `docker save`: one tar that is both an OCI image layout (oci-layout,
 * index.json, blobs/) and a docker archive (manifest.json), so that
 * `docker load`, `podman load` and `skopeo copy oci-archive:` all read it.
 * Written to a temp file and renamed, so a failure leaves no half archive;
 * every blob is read as a regular file and checked against its digest on
 * the way out, so the archive holds only bytes the store verified.
 */
export async function saveImages(blobs: BlobStore, images: ImageView[], file: string): Promise<void> {
	await checkOutput(file);
	const pack = tar.pack();
	// Hidden beside the output (a rename never crosses file systems), as docker does; what a kill leaves is
	// removed by the next save to the same file, and by prune, which finds it through a note in the store's tmp/.
	const temp = path.join(path.dirname(file), `.${path.basename(file)}.dockyard-${process.pid}.part`);
	await removeAbandonedTemps(file);
	const note = await noteTemp(blobs, temp);
	const handle = await open(temp, 'wx').catch(async (error: unknown) => {
		await rm(note, {force: true});
		throw cannotWrite(file, error);
	});
	const written = pipeline(pack, handle.createWriteStream());
	const added = new Set<string>();
	const owners = new Map<string, string>();
	for (const image of images) {
		owners.set(image.id, `config of image ${image.shortId}`);
		for (const layer of image.layers) {
			owners.set(layer.digest, `layer of image ${image.shortId}`);
		}
	}

	const entry = async (name: string, size: number, content: NodeJS.ReadableStream | Buffer) => {
		if (Buffer.isBuffer(content)) {
			pack.entry({name, size, mode: 0o644, mtime: new Date(0)}, content);
			return;
		}

		await pipeline(content, pack.entry({name, size, mode: 0o644, mtime: new Date(0)}));
	};

	const blob = async (digest: string) => {
		if (added.has(digest)) {
			return;
		}

		added.add(digest);
		const {size, stream} = await blobs.openVerified(digest, owners.get(digest));
		await entry(`blobs/sha256/${digestHex(digest)}`, size, stream);
	};

	const fill = async () => {
		const index: Array<Record<string, unknown>> = [];
		const dockerManifest: Array<Record<string, unknown>> = [];
		for (const image of images) {
			// eslint-disable-next-line no-await-in-loop
			await blob(image.id);
			for (const layer of image.layers) {
				// eslint-disable-next-line no-await-in-loop
				await blob(layer.digest);
			}

			// eslint-disable-next-line no-await-in-loop
			const manifestBytes = Buffer.from(JSON.stringify(manifestOf(image, (await blobs.readVerified(image.id, owners.get(image.id))).length)));
			const manifestDigest = sha256(manifestBytes);
			if (!added.has(manifestDigest)) {
				added.add(manifestDigest);
				// eslint-disable-next-line no-await-in-loop
				await entry(`blobs/sha256/${digestHex(manifestDigest)}`, manifestBytes.length, manifestBytes);
			}

			const names = image.tags.length > 0 ? image.tags : [undefined];
			for (const tag of names) {
				index.push({
					mediaType: mediaTypes.ociManifest,
					digest: manifestDigest,
					size: manifestBytes.length,
					annotations: tag ? {'io.containerd.image.name': canonicalString(parseReference(tag)), 'org.opencontainers.image.ref.name': parseReference(tag).tag ?? 'latest'} : {},
				});
			}

			dockerManifest.push({
				Config: `blobs/sha256/${digestHex(image.id)}`,
				RepoTags: image.tags,
				Layers: image.layers.map(layer => `blobs/sha256/${digestHex(layer.digest)}`),
			});
		}

		const text = (value: unknown) => Buffer.from(JSON.stringify(value));
		const files: Array<[string, Buffer]> = [
			['oci-layout', text({imageLayoutVersion: '1.0.0'})],
			['index.json', text({schemaVersion: 2, mediaType: mediaTypes.ociIndex, manifests: index})],
			['manifest.json', text(dockerManifest)],
		];
		for (const [name, bytes] of files) {
			// eslint-disable-next-line no-await-in-loop
			await entry(name, bytes.length, bytes);
		}

		pack.finalize();
	};

	try {
		// Whichever fails first ends the save: a bad blob, or the disk (full, gone) under the archive.
		await Promise.all([fill(), written]);
		await rename(temp, file).catch((error: unknown) => {
			throw cannotWrite(file, error);
		});
	} catch (error) {
		pack.destroy();
		await handle.close().catch(() => {});
		await rm(temp, {force: true});
		throw isErrno(error) ? cannotWrite(file, error) : error;
	} finally {
		await rm(note, {force: true});
	}
}

const tempPattern = /^\..+\.dockyard-(\d+)\.part$/;

/** The pid whose save wrote this temp archive, or undefined for a file that is not one. */
export function tempArchiveOwner(file: string): number | undefined {
	const match = tempPattern.exec(path.basename(file));
	return match ? Number(match[1]) : undefined;
}

/** Temp archives beside FILE left by saves that were killed. */
async function removeAbandonedTemps(file: string): Promise<void> {
	const prefix = `.${path.basename(file)}.dockyard-`;
	const names = await readdir(path.dirname(file)).catch(() => [] as string[]);
	for (const name of names) {
		const pid = name.startsWith(prefix) ? tempArchiveOwner(name) : undefined;
		if (pid !== undefined && !isAlive(pid)) {
			// eslint-disable-next-line no-await-in-loop
			await rm(path.join(path.dirname(file), name), {force: true}).catch(() => {});
		}
	}
}

/** `tmp/<pid>-<random>.save` holds the temp archive's path, so that prune can find it wherever it is. */
async function noteTemp(blobs: BlobStore, temp: string): Promise<string> {
	const note = path.join(blobs.tempRoot, `${process.pid}-${randomBytes(6).toString('hex')}.save`);
	try {
		await mkdir(blobs.tempRoot, {recursive: true});
		await writeFile(note, path.resolve(temp));
	} catch {
		// A read-only store can still be saved from: only the clean-up after a kill is lost.
	}

	return note;
}

/** The output's directory must exist and the output must not be one: said plainly before anything is written. */
async function checkOutput(file: string): Promise<void> {
	const directory = path.dirname(file);
	const info = await stat(directory).catch((error: unknown) => error as NodeJS.ErrnoException);
	if (info instanceof Error) {
		throw new StoreError(info.code === 'ENOENT' ? `cannot write ${file}: the directory ${directory} does not exist` : `cannot write ${file}: ${directory}: ${fsProblem(info)}`);
	}

	if (!info.isDirectory()) {
		throw new StoreError(`cannot write ${file}: ${directory} is not a directory`);
	}

	if ((await stat(file).catch(() => undefined))?.isDirectory()) {
		throw new StoreError(`cannot write ${file}: it is a directory`);
	}
}

function cannotWrite(file: string, error: unknown): StoreError {
	return new StoreError(`cannot write ${file}: ${fsProblem(error)}`);
}
