import path from 'node:path';
import envPaths from 'env-paths';

/**
 * Where the store lives: $DOCKYARD_HOME when set (tests always set it), else
 * the platform's data directory (~/.local/share/dockyard on Linux).
 */
export function storeHome(environment: NodeJS.ProcessEnv = process.env): string {
	const override = environment['DOCKYARD_HOME'];
	return override ? path.resolve(override) : envPaths('dockyard', {suffix: ''}).data;
}
