/**
 * `SRC` and `DST` of `dockyard copy`, named as skopeo names its transports:
 * `docker://REF`, `oci:DIR[:REF]` (and, refused in one line for now,
 * `docker-archive:`, `oci-archive:`, `docker-daemon:`, `dockyard:`).
 */
import {DockyardError, UsageError} from '../errors.js';
import {parseReference, withDefaultTag} from '../reference.js';
import type {ImageDestination, ImageSource} from './image-transport.js';
import {layoutDestination, layoutSource} from './oci-layout.js';
import {registryDestination, registrySource, type RegistryOptions} from './registry-image.js';

export type Place = {kind: 'docker'; reference: string} | {kind: 'oci'; directory: string; ref?: string};

const known = ['docker', 'oci', 'docker-archive', 'oci-archive', 'docker-daemon', 'dockyard'];

export function parsePlace(text: string): Place {
	const colon = text.indexOf(':');
	const transport = colon > 0 ? text.slice(0, colon) : '';
	const rest = text.slice(colon + 1);
	if (transport === 'docker' && rest.startsWith('//')) {
		return {kind: 'docker', reference: rest.slice(2)};
	}

	if (transport === 'oci') {
		// The reference is after the last colon, unless that colon is part of the path (skopeo's rule: a ref has no '/').
		const last = rest.lastIndexOf(':');
		const ref = last >= 0 && !rest.slice(last + 1).includes('/') ? rest.slice(last + 1) : undefined;
		const directory = ref === undefined ? rest : rest.slice(0, last);
		if (directory === '') {
			throw new UsageError(`invalid image name "${text}": an oci: place needs a directory`);
		}

		return {kind: 'oci', directory, ...(ref ? {ref} : {})};
	}

	if (known.includes(transport)) {
		throw new DockyardError(`${transport}: is not supported by dockyard copy yet (docker://REF and oci:DIR[:REF] are)`);
	}

	throw new UsageError(`invalid image name "${text}": name a transport, one of docker://, oci:, docker-archive:, oci-archive:, docker-daemon:, dockyard:`);
}

export function openSource(place: Place, options: RegistryOptions): ImageSource {
	return place.kind === 'docker' ? registrySource(withDefaultTag(parseReference(place.reference)), options) : layoutSource(place.directory, place.ref);
}

export function openDestination(place: Place, options: RegistryOptions): ImageDestination {
	if (place.kind === 'docker') {
		const reference = withDefaultTag(parseReference(place.reference));
		return registryDestination(reference, options);
	}

	return layoutDestination(place.directory, place.ref);
}
