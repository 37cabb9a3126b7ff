import {createReadStream} from 'node:fs';
import {mkdtemp, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {pipeline} from 'node:stream/promises';
import {DockyardError, UsageError} from '../core/errors.js';
import {need} from '../core/backend/backend.js';
import {teach} from '../core/teach.js';
import type {Command, CommandContext} from './command.js';
import {powershellName} from '../present/powershell.js';

async function save(context: CommandContext, targets: string[], file: string): Promise<void> {
	const images = await need(context.backend(), 'save', 'dockyard save')(targets, file);
	context.explain(teach({kind: 'save', file, targets, images: images.map(image => ({name: powershellName(image), version: image.version}))}));
}

export const saveCommand: Command = {
	name: 'save',
	aliases: ['image save'],
	usage: `Usage: dockyard save -o FILE IMAGE [IMAGE...]

Save one or more images to a tar archive that docker load, podman load and
skopeo (oci-archive:) can read.

Options:
  -o, --output string   Write to a file, instead of STDOUT (a pipe or a file: never a terminal)`,
	options: {output: {type: 'string', short: 'o'}},
	arity: [1, Number.POSITIVE_INFINITY],
	async run(context) {
		const file = context.flags['output'];
		if (file === undefined) {
			await saveToStdout(context, context.args);
			return;
		}

		if (typeof file !== 'string' || file === '') {
			throw new UsageError('an output file is required: -o FILE');
		}

		await save(context, context.args, file);
	},
};

/**
 * `save IMAGE > f.tar`, `save IMAGE | gzip`: as docker, refused only when stdout is a terminal. The archive is
 * written whole to a temp file first (every blob checked on the way), so a damaged blob is an error, never a
 * stream cut short; then copied out. No teaching line: stdout is the archive.
 */
async function saveToStdout(context: CommandContext, targets: string[]): Promise<void> {
	if (process.stdout.isTTY) {
		throw new DockyardError('cowardly refusing to save to a terminal. Use the -o flag or redirect');
	}

	const folder = await mkdtemp(path.join(os.tmpdir(), 'dockyard-save-'));
	try {
		const file = path.join(folder, 'images.tar');
		await need(context.backend(), 'save', 'dockyard save')(targets, file);
		await pipeline(createReadStream(file), process.stdout, {end: false});
	} finally {
		await rm(folder, {recursive: true, force: true});
	}
}

export const saveContainerImage: Command = {
	name: 'Save-ContainerImage',
	usage: 'Usage: dockyard Save-ContainerImage -Name NAME -Path FILE',
	powershell: {values: ['Name', 'Path'], switches: ['Explain']},
	arity: [0, 0],
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
