import type {Image} from '../core/backend/model.js';
import {powershellNameOf} from '../core/backend/powershell-identity.js';
import type {Snapshot} from '../core/backend/snapshot.js';

/** The PowerShell Name of an image: its title, else the repository of its first tag. */
export function powershellName(image: Pick<Image, 'title' | 'tags'>): string {
	return powershellNameOf(image) ?? '<none>';
}

/** PowerShell sorts names as Sort-Object does, without regard to case (`nanoserver` beside `NanoServer`); code-unit order breaks ties so the order is stable. */
export function comparePowershellNames(a: string, b: string): number {
	const lowerA = a.toLowerCase();
	const lowerB = b.toLowerCase();
	return lowerA < lowerB ? -1 : (lowerA > lowerB ? 1 : (a < b ? -1 : (a > b ? 1 : 0)));
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
