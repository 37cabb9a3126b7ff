import {UsageError} from '../core/errors.js';
import type {Command} from './command.js';
import {teach} from '../core/teach.js';
import {planCommit} from './plans.js';

export const commit: Command = {
	name: 'commit',
	aliases: ['container commit'],
	usage: `Usage: dockyard commit [OPTIONS] CONTAINER [REPOSITORY[:TAG]]

Create a new image from a container's changes

Options:
  -a, --author string    Author (e.g., "John Hannibal Smith <hannibal@a-team.com>")
  -m, --message string   Commit message`,
	options: {
		author: {type: 'string', short: 'a'},
		message: {type: 'string', short: 'm'},
	},
	arity: [1, 2],
	async plan(context) {
		const [container, repository] = context.args as [string, string | undefined];
		return planCommit(context, {container, repository});
	},
	async run({args, flags, backend, out, explain}) {
		const [container, repository] = args as [string, string | undefined];
		const image = await backend().commit(container, {repository, author: flags['author'] as string | undefined, message: flags['message'] as string | undefined});
		out(image.id);
		// PowerShell names the container by its name (New-ContainerImage -ContainerName), docker here by what was typed.
		const psContainer = (await backend().snapshot()).containers.find(candidate => candidate.name === container || candidate.id.startsWith(container))?.name;
		explain(teach({kind: 'commit', container, repository, psContainer}));
	},
};

export const newContainerImage: Command = {
	name: 'New-ContainerImage',
	usage: `Usage: dockyard New-ContainerImage -ContainerName CONTAINER -Publisher PUBLISHER -Name NAME -Version VERSION

-ContainerName takes the container's name, as the cmdlet does (-Container is
also read, as a name: dockyard has no PowerShell objects). The image is tagged name:latest (lower case) and listed by Get-ContainerImage
with Publisher CN=PUBLISHER and the version in four parts (1.0 → 1.0.0.0).`,
	powershell: {values: ['ContainerName', 'Container', 'Publisher', 'Name', 'Version'], switches: ['Explain']},
	arity: [0, 0],
	async plan(context) {
		const {flags} = context;
		const container = (flags['ContainerName'] ?? flags['Container']) as string | undefined;
		const missing = [['ContainerName', container], ['Publisher', flags['Publisher']], ['Name', flags['Name']], ['Version', flags['Version']]].filter(([, value]) => !value).map(([key]) => key);
		if (missing.length > 0) {
			throw new UsageError(`Cannot process command because of one or more missing mandatory parameters: ${missing.join(' ')}.`);
		}

		const name = flags['Name'] as string;
		return planCommit(context, {container: container!, repository: name.toLowerCase(), publisher: flags['Publisher'] as string, psName: name, version: flags['Version'] as string});
	},
	async run({flags, backend, out, explain}) {
		const container = (flags['ContainerName'] ?? flags['Container']) as string | undefined;
		const name = flags['Name'] as string | undefined;
		const missing = [['ContainerName', container], ['Publisher', flags['Publisher']], ['Name', name], ['Version', flags['Version']]].filter(([, value]) => !value).map(([key]) => key);
		if (missing.length > 0) {
			throw new UsageError(`Cannot process command because of one or more missing mandatory parameters: ${missing.join(' ')}.`);
		}

		const image = await backend().commit(container!, {
			repository: name!.toLowerCase(),
			publisher: flags['Publisher'] as string,
			title: name,
			version: flags['Version'] as string,
		});
		out(image.id);
		explain(teach({kind: 'commit', container: container!, repository: name!.toLowerCase(), publisher: flags['Publisher'] as string, psName: name, version: flags['Version'] as string, psContainer: container}));
	},
};
