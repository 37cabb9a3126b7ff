import {teach} from '../core/teach.js';
import type {Command} from './command.js';
import {powershellTable} from '../present/format.js';
import {parentImageText, powershellName, powershellPublisher} from '../present/powershell.js';

function wildcard(pattern: string): RegExp {
	const source = pattern.replaceAll(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.');
	return new RegExp(`^${source}$`, 'i');
}

export const getContainerImage: Command = {
	name: 'Get-ContainerImage',
	usage: `Usage: dockyard Get-ContainerImage [-Name NAME] [-Parents] [--json]

Lists images with the columns of the Windows Containers cmdlet.
  -Name NAME    Only images whose Name matches (wildcards * and ?)
  -Parents      Show Name and ParentImage, like: Get-ContainerImage | select Name, ParentImage`,
	powershell: {values: ['Name'], switches: ['Parents', 'Json', 'Explain']},
	arity: [0, 0],
	async run({flags, backend, out, explain}) {
		const view = await backend().snapshot();
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
