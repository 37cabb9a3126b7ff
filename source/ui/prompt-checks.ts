import {errorMessage} from '../core/errors.js';
import {parseReference} from '../core/reference.js';
import type {Snapshot} from '../core/backend/snapshot.js';

/**
 * Why `name` cannot be a new tag (docker's own words), checked before the
 * prompt closes so that a typo can be fixed in place; undefined when it can,
 * or when it is empty (nothing is asked of the store then).
 */
export function referenceProblem(name: string): string | undefined {
	if (!name) {
		return undefined;
	}

	try {
		const reference = parseReference(name);
		return reference.digest ? `refusing to create a tag with a digest reference: ${name}` : undefined;
	} catch (error) {
		return errorMessage(error);
	}
}

/** Where a copy goes by default: a Windows container's `C:\`, anyone else's `/`. */
export function containerRoot(view: Snapshot | undefined, imageId: string): string {
	return view?.byId(imageId)?.os === 'windows' ? 'C:\\' : '/';
}
