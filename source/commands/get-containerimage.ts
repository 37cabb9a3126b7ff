import {familiarName, parseReference} from '../core/reference.js';
import type {ImageView, StoreView} from '../core/store/view.js';
import {teach} from '../core/teach.js';
import type {Command} from './command.js';
import {powershellTable} from './format.js';

/** The PowerShell Name of an image: its title, else the repository of its first tag. */
export function powershellName(image: ImageView): string {
	return image.title ?? (image.tags[0] ? familiarName(parseReference(image.tags[0])) : '<none>');
}

export function powershellPublisher(image: ImageView): string {
	return image.publisher ? `CN=${image.publisher}` : '';
}

/** `ContainerImage (Name = 'NanoServer') [Publisher = 'CN=Microsoft', Version = '10.0.10586.0']`, as the seed prints ParentImage. */
export function parentImageText(view: StoreView, image: ImageView): string {
	const parent = image.parent ? view.byId(image.parent) : undefined;
	if (!parent) {
		return '';
	}

	return `ContainerImage (Name = '${powershellName(parent)}') [Publisher = '${powershellPublisher(parent)}', Version = '${parent.version ?? ''}']`;
}

function wildcard(pattern: string): RegExp {
	const source = pattern.replaceAll(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.');
	return new RegExp(`^${source}$`, 'i');
}

export const getContainerImage: Command = {
	name: 'Get-ContainerImage',
	summary: 'List images as PowerShell does (Name Publisher Version IsOSImage)',
	usage: `Usage: dockyard Get-ContainerImage [-Name NAME] [-Parents] [--json]

Lists images with the columns of the Windows Containers cmdlet.
  -Name NAME    Only images whose Name matches (wildcards * and ?)
  -Parents      Show Name and ParentImage, like: Get-ContainerImage | select Name, ParentImage`,
	powershell: {values: ['Name'], switches: ['Parents', 'Json', 'Explain']},
	arity: [0, 0],
	async run({flags, store, out, explain}) {
		const view = store().read();
		let list = [...view.images].sort((a, b) => powershellName(a).localeCompare(powershellName(b)));
		if (typeof flags['Name'] === 'string') {
			const pattern = wildcard(flags['Name']);
			list = list.filter(image => pattern.test(powershellName(image)));
		}

		if (flags['Json']) {
			out(JSON.stringify(list.map(image => ({
				Name: powershellName(image),
				Publisher: powershellPublisher(image),
				Version: image.version ?? '',
				IsOSImage: image.isOSImage,
				ParentImage: parentImageText(view, image) || null,
				ImageId: image.id,
			})), undefined, 2));
		} else if (flags['Parents']) {
			for (const line of powershellTable(['Name', 'ParentImage'], list.map(image => [powershellName(image), parentImageText(view, image)]))) {
				out(line);
			}
		} else {
			const rows = list.map(image => [powershellName(image), powershellPublisher(image), image.version ?? '', image.isOSImage ? 'True' : 'False']);
			for (const line of powershellTable(['Name', 'Publisher', 'Version', 'IsOSImage'], rows)) {
				out(line);
			}
		}

		explain(teach({kind: 'images'}));
	},
};
