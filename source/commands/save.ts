import {DockyardError, UsageError} from '../core/errors.js';
import {need} from '../core/backend/backend.js';
import type {Platform} from '../core/oci.js';
import {formatPlatform} from '../core/platform.js';
import {teach} from '../core/teach.js';
import type {Command, CommandContext} from './command.js';
import {powershellName} from '../present/powershell.js';
import {platformFlag} from './platform-flag.js';
import {planSave} from './plans.js';

async function save(context: CommandContext, targets: string[], file: string | undefined, platform?: Platform): Promise<void> {
	if (platform) {
		// An engine's save takes no platform: refused rather than every platform written.
		need(context.backend(), 'platforms', 'dockyard save --platform');
	}

	const options = platform ? {platform} : {};
	if (file === undefined) {
		// As docker save without -o: the archive on stdout, never onto a terminal; nothing else is written there.
		if (process.stdout.isTTY) {
			throw new DockyardError('cowardly refusing to save to a terminal. Use the -o flag or redirect');
		}

		await need(context.backend(), 'save', 'dockyard save')(targets, process.stdout, options);
		return;
	}

	const images = await need(context.backend(), 'save', 'dockyard save')(targets, file, options);
	context.explain(teach({kind: 'save', file, targets, images: images.map(image => ({name: powershellName(image), version: image.version})), platform: platform && formatPlatform(platform)}));
}

export const saveCommand: Command = {
	name: 'save',
	aliases: ['image save'],
	usage: `Usage: dockyard save [OPTIONS] IMAGE [IMAGE...]

Save one or more images to a tar archive (streamed to STDOUT by default)
that docker load, podman load and skopeo (oci-archive:) can read.

Options:
  -o, --output string     Write to a file, instead of STDOUT (never a terminal)
      --platform string   Save only the given platform variant. Formatted
                          as "os[/arch[/variant]]" (e.g., "linux/amd64")`,
	options: {output: {type: 'string', short: 'o'}, platform: {type: 'string'}},
	arity: [1, Number.POSITIVE_INFINITY],
	async plan(context) {
		const file = context.flags['output'];
		if (typeof file !== 'string' || file === '') {
			throw new UsageError('an output file is required: -o FILE');
		}

		const platform = platformFlag(context.flags);
		return planSave(context, context.args, file, platform && formatPlatform(platform));
	},
	async run(context) {
		const file = context.flags['output'];
		if (file === '') {
			throw new UsageError('an output file is required: -o FILE');
		}

		await save(context, context.args, typeof file === 'string' ? file : undefined, platformFlag(context.flags));
	},
};

export const saveContainerImage: Command = {
	name: 'Save-ContainerImage',
	usage: 'Usage: dockyard Save-ContainerImage -Name NAME -Path FILE',
	powershell: {values: ['Name', 'Path'], switches: ['Explain']},
	arity: [0, 0],
	async plan(context) {
		const name = context.flags['Name'];
		const file = context.flags['Path'];
		if (typeof name !== 'string' || typeof file !== 'string' || file === '') {
			throw new UsageError('Cannot process command because of one or more missing mandatory parameters: Name Path.');
		}

		const match = (await context.backend().snapshot()).images.find(image => powershellName(image).toLowerCase() === name.toLowerCase());
		return planSave(context, match ? (match.tags.length > 0 ? match.tags : [match.id]) : [name], file);
	},
	async run(context) {
		const name = context.flags['Name'];
		const file = context.flags['Path'];
		if (typeof name !== 'string' || typeof file !== 'string' || file === '') {
			throw new UsageError('Cannot process command because of one or more missing mandatory parameters: Name Path.');
		}

		const match = (await context.backend().snapshot()).images.find(image => powershellName(image).toLowerCase() === name.toLowerCase());
		// PowerShell's images have no tags: the image is written under every name it has (by its names, since an id names none).
		await save(context, match ? (match.tags.length > 0 ? match.tags : [match.id]) : [name], file);
	},
};
