import {currentSettings} from '../core/settings.js';
import {parsePlace} from '../core/copy/place-names.js';
import {copyBetween} from '../core/copy/copy-between.js';
import {teach} from '../core/teach.js';
import type {Command} from './command.js';

export const copy: Command = {
	name: 'copy',
	usage: `Usage: dockyard copy [OPTIONS] SOURCE DESTINATION

Copy an image between two places, named as skopeo names them:
  docker://REF              a registry (streams blobs across, mounts, skips what is there)
  oci:DIR[:REF]             an OCI image layout directory
  oci-archive:PATH[:REF]    a tar of an OCI layout
  docker-archive:PATH[:REF] a docker save archive (written with an OCI layout beside it)
  docker-daemon:REF         the engine dockyard is pointed at (-H, --context, DOCKER_HOST)
  dockyard:REF              the embedded store

Options:
  -a, --all     Copy every platform of an index, digests unchanged
  -q, --quiet   Print only the digest of what was copied`,
	options: {all: {type: 'boolean', short: 'a'}, quiet: {type: 'boolean', short: 'q'}},
	arity: [2, 2],
	needsBackend: false,
	async plan({args, flags}) {
		// Both names checked as the copy would check them; nothing is read or written.
		parsePlace(args[0]!);
		parsePlace(args[1]!);
		const all = Boolean(flags['all']);
		return {would: [`Would copy ${args[0]!} to ${args[1]!}${all ? ', every platform of an index' : ''}`], equivalents: teach({kind: 'copy', source: args[0]!, destination: args[1]!, all})};
	},
	async run({args, flags, out, explain, environment, engineFlags}) {
		const from = parsePlace(args[0]!);
		const to = parsePlace(args[1]!);
		const settings = currentSettings(environment);
		const quiet = Boolean(flags['quiet']);
		const all = Boolean(flags['all']);
		const outcome = await copyBetween(from, to, {
			insecureRegistries: settings.insecureRegistries,
			environment,
			engineFlags,
			all,
			onBlob(descriptor, result) {
				if (!quiet) {
					out(`Copying blob ${descriptor.digest.slice(7, 19)} ${result === 'copied' ? 'done' : result === 'mounted' ? 'mounted' : 'skipped: already exists'}`);
				}
			},
		});
		if (!quiet) {
			out('Writing manifest to image destination');
		}

		out(outcome.digest);
		explain(teach({kind: 'copy', source: args[0]!, destination: args[1]!, all}));
	},
};
