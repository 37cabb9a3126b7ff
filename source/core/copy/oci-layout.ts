/**
 * `oci:DIR[:REF]`: an OCI image layout directory (`oci-layout`,
 * `index.json`, `blobs/<alg>/<hex>`), its tags the
 * `org.opencontainers.image.ref.name` annotation, as skopeo reads and
 * writes it. Blobs are written to a temp name and renamed once verified.
 */
import {createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import type {Readable} from 'node:stream';
import {pipeline} from 'node:stream/promises';
import {digestHex, isDigest, sha256} from '../digest.js';
import {DockyardError} from '../errors.js';
import {type Descriptor, type ImageIndex, mediaTypes} from '../oci.js';
import type {ImageDestination, ImageSource, RawManifest} from './image-transport.js';

const refName = 'org.opencontainers.image.ref.name';

export class LayoutError extends DockyardError {}

function blobPath(directory: string, digest: string): string {
	if (!isDigest(digest)) {
		throw new LayoutError(`${digest.slice(0, 80)} is not a digest`);
	}

	return path.join(directory, 'blobs', digest.split(':')[0]!, digestHex(digest));
}

function readIndex(directory: string): ImageIndex {
	let parsed: unknown;
	try {
		parsed = JSON.parse(readFileSync(path.join(directory, 'index.json'), 'utf8'));
	} catch (error) {
		const missing = (error as {code?: string}).code === 'ENOENT';
		throw new LayoutError(`${directory} is not an OCI layout: ${missing ? 'it has no index.json' : 'its index.json is not JSON'}`);
	}

	if (!Array.isArray((parsed as ImageIndex)?.manifests)) {
		throw new LayoutError(`${directory} is not an OCI layout: its index.json has no manifests`);
	}

	return parsed as ImageIndex;
}

function readManifestBlob(directory: string, descriptor: Descriptor, name: string): RawManifest {
	let bytes: Buffer;
	try {
		bytes = readFileSync(blobPath(directory, descriptor.digest));
	} catch {
		throw new LayoutError(`${name} has no blob ${descriptor.digest}`);
	}

	const digest = sha256(bytes);
	if (digest !== descriptor.digest) {
		throw new LayoutError(`blob ${descriptor.digest} in ${name} does not match its digest (got ${digest})`);
	}

	return {mediaType: descriptor.mediaType, digest, bytes};
}

export function layoutSource(directory: string, ref: string | undefined): ImageSource {
	const name = `oci:${directory}${ref ? `:${ref}` : ''}`;
	return {
		name,
		async top() {
			const {manifests} = readIndex(directory);
			const chosen = ref === undefined
				? (manifests.length === 1 ? manifests[0] : undefined)
				: manifests.find(entry => entry.annotations?.[refName] === ref || entry.digest === ref);
			if (!chosen) {
				throw new LayoutError(ref === undefined ? `${name} holds ${manifests.length} images: name one (oci:${directory}:REF)` : `${name}: no image named ${ref} in the layout`);
			}

			return readManifestBlob(directory, chosen, name);
		},
		manifest: async descriptor => readManifestBlob(directory, descriptor, name),
		async openBlob(descriptor): Promise<Readable> {
			const file = blobPath(directory, descriptor.digest);
			if (!existsSync(file)) {
				throw new LayoutError(`${name} has no blob ${descriptor.digest}`);
			}

			return createReadStream(file);
		},
	};
}

export function layoutDestination(directory: string, ref: string | undefined): ImageDestination {
	const name = `oci:${directory}${ref ? `:${ref}` : ''}`;
	const ensure = () => {
		mkdirSync(path.join(directory, 'blobs', 'sha256'), {recursive: true});
		if (!existsSync(path.join(directory, 'oci-layout'))) {
			writeFileSync(path.join(directory, 'oci-layout'), JSON.stringify({imageLayoutVersion: '1.0.0'}));
		}
	};

	const writeBlob = (digest: string, bytes: Buffer) => {
		ensure();
		const file = blobPath(directory, digest);
		if (!existsSync(file)) {
			writeFileSync(`${file}.tmp`, bytes);
			renameSync(`${file}.tmp`, file);
		}
	};

	return {
		name,
		ociOnly: true,
		hasBlob: async descriptor => existsSync(blobPath(directory, descriptor.digest)),
		async putBlob(descriptor, stream) {
			ensure();
			const file = blobPath(directory, descriptor.digest);
			mkdirSync(path.dirname(file), {recursive: true});
			const temporary = `${file}.${process.pid}.tmp`;
			try {
				await pipeline(stream, createWriteStream(temporary));
				renameSync(temporary, file);
			} finally {
				rmSync(temporary, {force: true});
			}
		},
		async putManifest(manifest) {
			writeBlob(manifest.digest, manifest.bytes);
		},
		async putTop(manifest) {
			writeBlob(manifest.digest, manifest.bytes);
			const index: ImageIndex = existsSync(path.join(directory, 'index.json')) ? readIndex(directory) : {schemaVersion: 2, mediaType: mediaTypes.ociIndex, manifests: []};
			// A tag names one image: the one it named before is no longer under it (as skopeo replaces it).
			const kept = index.manifests.filter(entry => ref === undefined ? entry.digest !== manifest.digest : entry.annotations?.[refName] !== ref);
			const entry: Descriptor = {mediaType: manifest.mediaType, digest: manifest.digest, size: manifest.bytes.length, ...(ref ? {annotations: {[refName]: ref}} : {})};
			const next = {...index, manifests: [...kept, entry]};
			writeFileSync(path.join(directory, 'index.json.tmp'), JSON.stringify(next));
			renameSync(path.join(directory, 'index.json.tmp'), path.join(directory, 'index.json'));
		},
	};
}
