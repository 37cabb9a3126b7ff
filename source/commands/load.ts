import {need} from '../core/backend/backend.js';
import {DockyardError} from '../core/errors.js';
import {currentPlatform} from '../core/hub/registry/platform.js';
import {parsePlatform} from '../core/platform.js';
import {teach} from '../core/teach.js';
import type {Command, CommandContext} from './command.js';
import {planLoad} from './plans.js';

/** docker load's words: every image and tag the archive brought, one line each. */
async function load(context: CommandContext, file: string | undefined, quiet: boolean, platform?: string): Promise<void> {
	// `load < FILE`: stdin is the archive (read as a stream: a pipe or socket cannot be opened by name); a terminal there means none was given, as docker says.
	if (file === undefined && process.stdin.isTTY) {
		throw new DockyardError('requested load from stdin, but stdin is empty');
	}

	const source = file ?? process.stdin;
	const chosen = platform === undefined ? undefined : parsePlatform(platform, currentPlatform());

	const lines = await need(context.backend(), 'load', 'dockyard load')(source, chosen ? {platform: chosen} : {});
	if (!quiet) {
		lines.forEach(line => {
			context.out(line);
		});
	}

	context.explain(teach({kind: 'load', source: file ?? 'from stdin'}));
}

export const loadCommand: Command = {
	name: 'load',
	aliases: ['image load'],
	usage: `Usage: dockyard load [OPTIONS]

Load images from a tar archive or STDIN: a docker archive (docker save,
podman save, skopeo docker-archive:), gzip'd or not, an OCI archive
(oci-archive:, dockyard save) or an OCI layout directory (oci:). Every blob
is checked against its digest and every layer against its diff_id. Of a
multi-platform archive, only the host's platform (or --platform) is loaded.

Options:
  -i, --input string      Read from tar archive file, instead of STDIN
      --platform string   Load this platform of a multi-platform archive (os/arch[/variant])
  -q, --quiet             Suppress the load output`,
	options: {input: {type: 'string', short: 'i'}, quiet: {type: 'boolean', short: 'q'}, platform: {type: 'string'}},
	arity: [0, 0],
	async plan(context) {
		const file = context.flags['input'];
		return planLoad(context, typeof file === 'string' && file !== '' ? file : undefined);
	},
	async run(context) {
		const file = context.flags['input'];
		const platform = context.flags['platform'];
		await load(context, typeof file === 'string' && file !== '' ? file : undefined, context.flags['quiet'] === true, typeof platform === 'string' ? platform : undefined);
	},
};

export const importContainerImage: Command = {
	name: 'Import-ContainerImage',
	usage: 'Usage: dockyard Import-ContainerImage -Path FILE',
	powershell: {values: ['Path'], switches: ['Explain']},
	arity: [0, 0],
	async plan(context) {
		const file = context.flags['Path'];
		if (typeof file !== 'string' || file === '') {
			throw new DockyardError('Cannot process command because of one or more missing mandatory parameters: Path.');
		}

		return planLoad(context, file);
	},
	async run(context) {
		const file = context.flags['Path'];
		if (typeof file !== 'string' || file === '') {
			throw new DockyardError('Cannot process command because of one or more missing mandatory parameters: Path.');
		}

		await load(context, file, false);
	},
};
