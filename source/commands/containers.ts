import {UsageError} from '../core/errors.js';
import {teach} from '../core/teach.js';
import {powershellNameOf} from '../core/backend/powershell-identity.js';
import type {Command} from './command.js';
import {planCp, planCreate, planRm} from './plans.js';
import {containerStatusText} from '../present/containers.js';
import {containerContext, containerHeaders, containerTableFormat} from '../present/docker-contexts.js';
import {chosenFormat, formatOption, formatUsage, printFormatted} from './format-flag.js';

export const create: Command = {
	name: 'create',
	aliases: ['container create'],
	usage: `Usage: dockyard create [--name NAME] IMAGE

Create a new container (as docker create: it is not started)`,
	options: {name: {type: 'string'}},
	arity: [1, 1],
	plan: planCreate,
	async run({args, flags, backend, out, explain}) {
		const container = await backend().createContainer(args[0]!, {name: flags['name'] as string | undefined});
		out(container.id);
		const made = (await backend().snapshot()).byId(container.image);
		explain(teach({kind: 'create', image: args[0]!, name: flags['name'] as string | undefined, psImage: made ? powershellNameOf(made) : undefined, psVersion: made?.version}));
	},
};

export const ps: Command = {
	name: 'ps',
	aliases: ['container ls'],
	usage: `Usage: dockyard ps [-a] [-q] [--no-trunc] [--format FORMAT] [--json]

List containers. dockyard runs no process, so every container is stopped and
-a is the only useful view; ps without -a lists the running ones (none).

Options:
${formatUsage}`,
	options: {
		all: {type: 'boolean', short: 'a'},
		quiet: {type: 'boolean', short: 'q'},
		'no-trunc': {type: 'boolean'},
		...formatOption,
	},
	arity: [0, 0],
	async run({flags, backend, out, explain}) {
		const containers = (await backend().snapshot()).containers.filter(container => flags['all'] || container.status === 'running');
		const noTrunc = Boolean(flags['no-trunc']);
		if (flags['json']) {
			out(JSON.stringify(containers.map(container => ({
				ID: noTrunc ? container.id : container.shortId,
				Image: container.imageRef,
				ImageID: container.image,
				Command: container.command,
				CreatedAt: container.created,
				Status: containerStatusText(container),
				Names: container.name,
				Changes: (container.changes ?? []).map(change => change.path),
			})), undefined, 2));
		} else {
			const format = chosenFormat(flags, flags['quiet'] ? '{{.ID}}' : containerTableFormat);
			printFormatted(out, format, containers.map(container => containerContext(container, {trunc: !noTrunc})), containerHeaders);
		}

		explain(teach({kind: 'ps'}));
	},
};

export const rm: Command = {
	name: 'rm',
	aliases: ['container rm'],
	usage: 'Usage: dockyard rm CONTAINER [CONTAINER...]',
	arity: [1, Number.POSITIVE_INFINITY],
	plan: planRm,
	async run({args, backend, out, err, explain}) {
		let failed = false;
		for (const target of args) {
			try {
				// eslint-disable-next-line no-await-in-loop
				await backend().removeContainer(target);
				out(target);
			} catch (error) {
				failed = true;
				err(`Error: ${(error as Error).message}`);
			}

			explain(teach({kind: 'rm', container: target}));
		}

		return failed ? 1 : 0;
	},
};

export const cp: Command = {
	name: 'cp',
	aliases: ['container cp'],
	usage: `Usage: dockyard cp SRC_PATH CONTAINER:DEST_PATH

Copy a host file into a container; it becomes part of the layer that
commit makes. A DEST_PATH ending in / is a directory.`,
	arity: [2, 2],
	plan: planCp,
	async run({args, backend, out, explain}) {
		const [source, target] = args as [string, string];
		const colon = target.indexOf(':');
		if (colon <= 0) {
			throw new UsageError('copying between containers or from a container is not supported: use SRC_PATH CONTAINER:DEST_PATH');
		}

		const container = target.slice(0, colon);
		const destination = target.slice(colon + 1);
		const change = await backend().copyIntoContainer(container, source, destination || '/');
		out(`Successfully copied ${change.size}B to ${container}:${change.path}`);
		explain(teach({kind: 'cp', source, container, destination}));
	},
};
