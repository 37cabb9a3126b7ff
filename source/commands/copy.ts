import {currentSettings} from '../core/settings.js';
import {openDestination, openSource, parsePlace} from '../core/copy/places.js';
import {copyImage} from '../core/copy/copy.js';
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
		// Loaded for --explain only: the plans and what they import are no part of a copy.
		const {ownPlan} = await import('./plans.js');
		return ownPlan(`Would copy ${args[0]!} to ${args[1]!}${flags['all'] ? ', every platform of an index' : ''}`);
	},
	async run({args, flags, out, environment, engineFlags}) {
		const from = parsePlace(args[0]!);
		const to = parsePlace(args[1]!);
		const settings = currentSettings(environment);
		const options = {insecureRegistries: settings.insecureRegistries, environment, engineFlags};
		const source = await openSource(from, options);
		let destination;
		try {
			destination = await openDestination(to, options);
		} catch (error) {
			await source.close?.();
			throw error;
		}

		const quiet = Boolean(flags['quiet']);
		const outcome = await copyImage(source, destination, {
			all: Boolean(flags['all']),
			onBlob(descriptor, result) {
				if (!quiet) {
					out(`Copying blob ${descriptor.digest.slice(7, 19)} ${result === 'copied' ? 'done' : result === 'mounted' ? 'mounted' : 'skipped: already exists'}`);
				}
			},
		}).finally(async () => {
			await source.close?.();
			await destination.close?.();
		});
		if (!quiet) {
			out('Writing manifest to image destination');
		}

		out(outcome.digest);
	},
};
