import {UsageError} from '../core/errors.js';
import {parseHubChoice} from '../core/settings.js';

/**
 * Flags before the verb that hold for the whole command: `--hub
 * offline|dockerhub` (or `--hub=…`) chooses where docker.io names go for this
 * command only, through DOCKYARD_HUB, which readSettings honours. Returns the
 * arguments without them.
 */
export function applyGlobalFlags(argv: string[], environment: NodeJS.ProcessEnv): string[] {
	const rest = [...argv];
	for (;;) {
		const first = rest[0];
		if (first === '--hub') {
			if (rest[1] === undefined) {
				throw new UsageError('flag needs an argument: --hub offline|dockerhub');
			}

			environment['DOCKYARD_HUB'] = parseHubChoice(rest[1]);
			rest.splice(0, 2);
		} else if (first?.startsWith('--hub=')) {
			environment['DOCKYARD_HUB'] = parseHubChoice(first.slice('--hub='.length));
			rest.splice(0, 1);
		} else {
			return rest;
		}
	}
}
