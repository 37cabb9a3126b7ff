import {familiarName, parseReference} from '../core/reference.js';
import type {Image} from '../core/backend/model.js';
import type {Snapshot} from '../core/backend/snapshot.js';

/** The PowerShell Name of an image: its title, else the repository of its first tag. */
export function powershellName(image: Pick<Image, 'title' | 'tags'>): string {
	return image.title ?? (image.tags[0] ? familiarName(parseReference(image.tags[0])) : '<none>');
}

export function powershellPublisher(image: Pick<Image, 'publisher'>): string {
	return image.publisher ? `CN=${image.publisher}` : '';
}

/** `ContainerImage (Name = 'NanoServer') [Publisher = 'CN=Microsoft', Version = '10.0.10586.0']`, as the seed prints ParentImage. */
export function parentImageText(snapshot: Snapshot, image: Pick<Image, 'parent'>): string {
	const parent = image.parent ? snapshot.byId(image.parent) : undefined;
	if (!parent) {
		return '';
	}

	return `ContainerImage (Name = '${powershellName(parent)}') [Publisher = '${powershellPublisher(parent)}', Version = '${parent.version ?? ''}']`;
}
