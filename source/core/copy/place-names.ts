/**
 * The names of the places `dockyard copy` reads and writes, as skopeo names
 * its transports: `docker://REF`, `oci:DIR[:REF]`, `oci-archive:PATH[:REF]`,
 * `docker-archive:PATH[:REF]`, `docker-daemon:REF`, `dockyard:REF`. Only the
 * names: nothing here opens anything, so the teaching (core/teach.ts) and a
 * prompt's preview read them without loading a registry client.
 */
import {UsageError} from '../errors.js';

/** A named image (a registry's, the engine's, the store's) or a file or directory with an optional ref; one member per kind, so a check of `kind` narrows. */
export type Place =
	| {kind: 'docker'; reference: string}
	| {kind: 'docker-daemon'; reference: string}
	| {kind: 'dockyard'; reference: string}
	| {kind: 'oci'; path: string; ref?: string}
	| {kind: 'oci-archive'; path: string; ref?: string}
	| {kind: 'docker-archive'; path: string; ref?: string};

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

/** The place as it was written (skopeo's name for it). */
export function placeName(place: Place): string {
	return place.kind === 'docker' ? `docker://${place.reference}` : 'reference' in place ? `${place.kind}:${place.reference}` : `${place.kind}:${place.path}${place.ref ? `:${place.ref}` : ''}`;
}
