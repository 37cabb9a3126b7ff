/**
 * `SRC` and `DST` of `dockyard copy`, named as skopeo names its transports:
 * `docker://REF` (a registry), `oci:DIR[:REF]` (a layout directory),
 * `oci-archive:PATH[:REF]` and `docker-archive:PATH[:REF]` (tar files),
 * `docker-daemon:REF` (the engine dockyard is pointed at, through its
 * images/get and images/load) and `dockyard:REF` (the store, through its
 * save and load).
 */
import type {Backend} from '../backend/backend.js';
import type {EngineFlags} from '../engine/host.js';
import {DockyardError, UsageError} from '../errors.js';
import {familiarString, parseReference, withDefaultTag} from '../reference.js';
import type {ImageDestination, ImageSource} from './image-transport.js';
import type {RegistryOptions} from './registry-image.js';

// Each transport is loaded when a place names it: a registry-to-registry copy loads no tar, engine or
// store code, which cost start-up time and, through V8's heap limits, more full collections per blob.
const registry = async () => import('./registry-image.js');
const layout = async () => import('./oci-layout.js');
const archive = async () => import('./archive-image.js');

export type Place =
	| {kind: 'docker' | 'docker-daemon' | 'dockyard'; reference: string}
	| {kind: 'oci' | 'oci-archive' | 'docker-archive'; path: string; ref?: string};

export type PlaceOptions = RegistryOptions & {engineFlags: EngineFlags};

const transports = 'docker://, oci:, oci-archive:, docker-archive:, docker-daemon:, dockyard:';

export function parsePlace(text: string): Place {
	const colon = text.indexOf(':');
	const transport = colon > 0 ? text.slice(0, colon) : '';
	const rest = text.slice(colon + 1);
	if (transport === 'docker' && rest.startsWith('//') && rest.length > 2) {
		return {kind: 'docker', reference: rest.slice(2)};
	}

	if ((transport === 'docker-daemon' || transport === 'dockyard') && rest !== '') {
		return {kind: transport, reference: rest};
	}

	if (transport === 'oci') {
		// The ref is after the last colon, unless that colon is part of the path (a ref has no '/').
		const last = rest.lastIndexOf(':');
		const ref = last >= 0 && !rest.slice(last + 1).includes('/') ? rest.slice(last + 1) : undefined;
		const directory = ref === undefined ? rest : rest.slice(0, last);
		if (directory !== '') {
			return {kind: 'oci', path: directory, ...(ref ? {ref} : {})};
		}
	}

	if (transport === 'oci-archive' || transport === 'docker-archive') {
		// The path is up to the first colon, as skopeo reads it: a ref may have a colon of its own (NAME:TAG).
		const split = rest.indexOf(':');
		const file = split >= 0 ? rest.slice(0, split) : rest;
		const ref = split >= 0 ? rest.slice(split + 1) : undefined;
		if (file !== '') {
			return {kind: transport, path: file, ...(ref ? {ref} : {})};
		}
	}

	throw new UsageError(`invalid image name "${text}": a place is one of ${transports} followed by what it names`);
}

function named(place: Place): string {
	return place.kind === 'docker' ? `docker://${place.reference}` : 'reference' in place ? `${place.kind}:${place.reference}` : `${place.kind}:${place.path}${place.ref ? `:${place.ref}` : ''}`;
}

/** The backend a `docker-daemon:` or `dockyard:` place means, with the capability it needs. */
async function backendFor(place: Place, options: PlaceOptions, capability: 'save' | 'load'): Promise<Backend> {
	let backend: Backend;
	if (place.kind === 'dockyard') {
		const [{openStoreBackend}, {storeHome}] = await Promise.all([import('../backend/store-backend.js'), import('../store/home.js')]);
		backend = openStoreBackend({home: storeHome(options.environment)}, options.environment);
	} else {
		const {chooseBackend, engineBackendFor} = await import('../backend/open-backend.js');
		const choice = chooseBackend(options.engineFlags, options.environment);
		if (choice.kind !== 'engine') {
			throw new DockyardError('docker-daemon: needs an engine, and dockyard is pointed at its store: name one with -H, --context or DOCKER_HOST (dockyard: is the store)');
		}

		backend = await engineBackendFor(choice, options.environment);
	}

	if (!backend.capabilities[capability]) {
		throw new DockyardError(`${named(place)}: this backend cannot ${capability} images`);
	}

	return backend;
}

export async function openSource(place: Place, options: PlaceOptions): Promise<ImageSource> {
	switch (place.kind) {
		case 'docker': {
			return (await registry()).registrySource(withDefaultTag(parseReference(place.reference)), options);
		}

		case 'oci': {
			return (await layout()).layoutSource(place.path, place.ref);
		}

		case 'oci-archive':
		case 'docker-archive': {
			return (await archive()).archiveSource(place.path, place.ref, named(place));
		}

		case 'docker-daemon':
		case 'dockyard': {
			const reference = familiarString(withDefaultTag(parseReference(place.reference)));
			const backend = await backendFor(place, options, 'save');
			// The backend writes its archive (the store: an OCI layout with manifest.json; an engine: docker's), read back as any archive.
			const {mkdtempSync, rmSync} = await import('node:fs');
			const {tmpdir} = await import('node:os');
			const path = await import('node:path');
			const directory = mkdtempSync(path.join(tmpdir(), 'dockyard-copy-save-'));
			try {
				const file = path.join(directory, 'image.tar');
				await backend.capabilities.save!([reference], file);
				return await (await archive()).archiveSource(file, reference, named(place));
			} finally {
				rmSync(directory, {recursive: true, force: true});
			}
		}
	}
}

export async function openDestination(place: Place, options: PlaceOptions): Promise<ImageDestination> {
	switch (place.kind) {
		case 'docker': {
			return (await registry()).registryDestination(withDefaultTag(parseReference(place.reference)), options);
		}

		case 'oci': {
			return (await layout()).layoutDestination(place.path, place.ref);
		}

		case 'oci-archive':
		case 'docker-archive': {
			const {copyFile} = await import('node:fs/promises');
			return (await archive()).archiveDestination(place.ref, named(place), async file => copyFile(file, place.path));
		}

		case 'docker-daemon':
		case 'dockyard': {
			const reference = familiarString(withDefaultTag(parseReference(place.reference)));
			const backend = await backendFor(place, options, 'load');
			return (await archive()).archiveDestination(reference, named(place), async file => {
				await backend.capabilities.load!(file);
			});
		}
	}
}
