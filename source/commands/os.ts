import {UsageError} from '../core/errors.js';
import {osImages} from '../core/hub/catalog.js';
import {need} from '../core/backend/backend.js';
import {teach} from '../core/teach.js';
import type {Command, CommandContext} from './command.js';
import {ellipsis, powershellTable} from '../present/format.js';
import {pullProgressPrinter} from './progress.js';
import {planOsInstall} from './plans.js';

async function find({flags, backend, out, explain}: CommandContext, all: boolean): Promise<void> {
	// Base OS images are the offline catalog's, installed into the store: nothing to find for another backend.
	need(backend(), 'osImages', 'Find-ContainerImage');
	const entries = osImages().filter(entry => all || entry.latest);
	if (flags['json'] || flags['Json']) {
		out(JSON.stringify(entries.map(entry => ({Name: entry.name, Version: entry.version, Description: entry.description})), undefined, 2));
	} else {
		for (const line of powershellTable(['Name', 'Version', 'Description'], entries.map(entry => [entry.name, entry.version, ellipsis(entry.description, 50)]))) {
			out(line);
		}
	}

	explain(teach({kind: 'os-find'}));
}

async function install(context: CommandContext, name: string, version: string | undefined): Promise<void> {
	const {backend, out, explain} = context;
	const printer = pullProgressPrinter(out, Boolean(context.flags['quiet']));
	const result = await need(backend(), 'osImages', 'Install-ContainerImage').install(name, version, {onProgress: printer.onProgress});
	printer.finish(result.lines);
	explain(result.teach);
}

export const os: Command = {
	name: 'os',
	usage: `Usage: dockyard os find [--all-versions] [--json]
       dockyard os install NAME [--version VERSION]

Base OS images (NanoServer, WindowsServerCore) from the offline catalog.
Without --version the latest version is installed, as Install-ContainerImage does.`,
	options: {
		version: {type: 'string'},
		'all-versions': {type: 'boolean'},
		quiet: {type: 'boolean', short: 'q'},
	},
	arity: [1, 2],
	async plan(context) {
		const [action, name] = context.args;
		return action === 'install' && name ? planOsInstall(context, name, context.flags['version'] as string | undefined) : undefined;
	},
	async run(context) {
		const [action, name] = context.args;
		if (action === 'find' && !name) {
			await find(context, Boolean(context.flags['all-versions']));
		} else if (action === 'install' && name) {
			await install(context, name, context.flags['version'] as string | undefined);
		} else {
			throw new UsageError('"os" takes "find" or "install NAME"');
		}
	},
};

export const findContainerImage: Command = {
	name: 'Find-ContainerImage',
	usage: `Usage: dockyard Find-ContainerImage [-AllVersions]`,
	powershell: {values: [], switches: ['AllVersions', 'Json', 'Explain']},
	arity: [0, 0],
	async run(context) {
		await find(context, Boolean(context.flags['AllVersions']));
	},
};

export const installContainerImage: Command = {
	name: 'Install-ContainerImage',
	usage: `Usage: dockyard Install-ContainerImage -Name NAME [-Version VERSION]`,
	powershell: {values: ['Name', 'Version'], switches: ['Explain']},
	arity: [0, 1],
	async plan(context) {
		const name = (context.flags['Name'] as string | undefined) ?? context.args[0];
		if (!name) {
			throw new UsageError('Cannot process command because of one or more missing mandatory parameters: Name.');
		}

		return planOsInstall(context, name, context.flags['Version'] as string | undefined);
	},
	async run(context) {
		const name = (context.flags['Name'] as string | undefined) ?? context.args[0];
		if (!name) {
			throw new UsageError('Cannot process command because of one or more missing mandatory parameters: Name.');
		}

		await install(context, name, context.flags['Version'] as string | undefined);
	},
};
