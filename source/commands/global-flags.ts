import {UsageError} from '../core/errors.js';
import type {EngineFlags} from '../core/engine/host.js';
import {parseHubChoice} from '../core/settings.js';

/** docker's flags before the verb that choose the engine, and the files of TLS to it. */
const engineFlagNames: Record<string, 'host' | 'context' | 'tlscacert' | 'tlscert' | 'tlskey'> = {
	'-H': 'host',
	'--host': 'host',
	'-c': 'context',
	'--context': 'context',
	'--tlscacert': 'tlscacert',
	'--tlscert': 'tlscert',
	'--tlskey': 'tlskey',
};

/** docker's switches before the verb: `--tls`, `--tlsverify`, or `--tlsverify=false`. */
const engineSwitches: Record<string, 'tls' | 'tlsverify'> = {'--tls': 'tls', '--tlsverify': 'tlsverify'};

/**
 * Flags before the verb that hold for the whole command: `--hub
 * offline|dockerhub` (or `--hub=…`) chooses where docker.io names go for this
 * command only, through DOCKYARD_HUB, which readSettings honours; `-H`/`--host`
 * and `-c`/`--context` (or `--host=…`, `--context=…`) choose the engine, as in
 * docker, and are put in `engine`. Returns the arguments without them.
 */
export function applyGlobalFlags(argv: string[], environment: NodeJS.ProcessEnv, engine: EngineFlags = {}): string[] {
	const rest = [...argv];
	for (;;) {
		const first = rest[0];
		const [name = '', inline] = first?.startsWith('--') && first.includes('=') ? [first.slice(0, first.indexOf('=')), first.slice(first.indexOf('=') + 1)] : [first ?? ''];
		const engineKey = engineFlagNames[name];
		const switchKey = engineSwitches[name];
		if (switchKey !== undefined) {
			engine[switchKey] = switchValue(name, inline);
			rest.splice(0, 1);
			continue;
		}

		if (name !== '--hub' && engineKey === undefined) {
			return rest;
		}

		const value = inline ?? rest[1];
		if (value === undefined) {
			throw new UsageError(name === '--hub' ? 'flag needs an argument: --hub offline|dockerhub' : `flag needs an argument: ${name}`);
		}

		if (engineKey === undefined) {
			environment['DOCKYARD_HUB'] = parseHubChoice(value);
		} else {
			engine[engineKey] = value;
		}

		rest.splice(0, inline === undefined ? 2 : 1);
	}
}

/** A boolean flag as Go's flag package reads one: bare is true, `=true|false|1|0…` as said. */
function switchValue(name: string, inline: string | undefined): boolean {
	if (inline === undefined) {
		return true;
	}

	const value = inline.toLowerCase();
	if (['1', 't', 'true'].includes(value)) {
		return true;
	}

	if (['0', 'f', 'false'].includes(value)) {
		return false;
	}

	throw new UsageError(`invalid argument "${inline}" for "${name}" flag: strconv.ParseBool: parsing "${inline}": invalid syntax`);
}
