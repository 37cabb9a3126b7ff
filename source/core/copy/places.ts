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
import type {Platform} from '../oci.js';
import {DockyardError} from '../errors.js';
import {familiarString, parseReference, withDefaultTag} from '../reference.js';
import type {ImageDestination, ImageSource} from './image-transport.js';
import {placeName as named, type Place} from './place-names.js';
import type {RegistryOptions} from './registry-image.js';

// Each transport is loaded when a place names it: a registry-to-registry copy loads no tar, engine or
// store code, which cost start-up time and, through V8's heap limits, more full collections per blob.
const registry = async () => import('./registry-image.js');
const layout = async () => import('./oci-layout.js');
const archive = async () => import('./archive-image.js');

export type {Place} from './place-names.js';
export {parsePlace} from './place-names.js';

export type PlaceOptions = RegistryOptions & {
	engineFlags: EngineFlags;
	/**
	 * Backends already open (the TUI's): `dockyard:` and `docker-daemon:` then read and write the very
	 * store or engine on screen (a store not at the default home included); without them each is opened
	 * as the CLI's selection names it.
	 */
	backends?: {dockyard?: Backend; 'docker-daemon'?: Backend};
	/** A `dockyard:` or `docker-daemon:` source: that platform's image of the index NAME came through, as `save --platform`. */
	platform?: Platform;
};

/** The backend a `docker-daemon:` or `dockyard:` place means, with the capability it needs. */
async function backendFor(place: Place, options: PlaceOptions, capability: 'save' | 'load'): Promise<Backend> {
	let backend: Backend;
	const open = place.kind === 'dockyard' || place.kind === 'docker-daemon' ? options.backends?.[place.kind] : undefined;
	if (open) {
		backend = open;
	} else if (place.kind === 'dockyard') {
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
				await backend.capabilities.save!([reference], file, options.platform ? {platform: options.platform} : undefined);
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
