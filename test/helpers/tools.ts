import {spawnSync} from 'node:child_process';

/**
 * Whether an outside tool (skopeo, tmux, …) is on this machine. A test that
 * needs it skips with a clear reason where it is absent — except under CI,
 * where `.ci/run` installed it, so its absence is a failure.
 */
export function hasTool(name: string, why: string): boolean {
	const found = spawnSync('sh', ['-c', `command -v ${name}`], {encoding: 'utf8'}).status === 0;
	if (!found) {
		if (process.env['CI'] === 'true') {
			throw new Error(`${name} is not installed, and CI must run ${why}: .ci/run installs it`);
		}

		console.warn(`skipping ${why}: ${name} is not installed (apt-get install ${name})`);
	}

	return found;
}

/** Every tool checked (no short-circuit, so each missing one is named); true when all are present. */
export function hasTools(names: string[], why: string): boolean {
	return names.map(name => hasTool(name, why)).every(Boolean);
}
