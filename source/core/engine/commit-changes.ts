import {commitLabels, ownLabels} from '../backend/commit-labels.js';

/**
 * A commit's labels as the engine takes them, Dockerfile `LABEL`
 * instructions (`changes` of POST /commit): the ones given, and the parent's
 * own labels blanked, as the store leaves them off its child (an engine's
 * commit cannot remove a label, only set it).
 */
export function commitChanges(parentLabels: Record<string, string> | undefined, options: {publisher?: string; title?: string; version?: string}): string[] | undefined {
	const given = commitLabels(options);
	const blanked = ownLabels.filter(key => parentLabels?.[key] && given[key] === undefined);
	const changes = [
		...Object.entries(given).map(([key, value]) => `LABEL ${key}=${JSON.stringify(value)}`),
		...blanked.map(key => `LABEL ${key}=""`),
	];
	return changes.length > 0 ? changes : undefined;
}
