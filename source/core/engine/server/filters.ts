/**
 * docker's `filters=` query: a JSON map of a key to its values, sent in
 * either of docker's two forms (`{"reference":["x"]}` or, as the CLI sends
 * it, `{"reference":{"x":true}}`), and the `reference` patterns matched as
 * Go's `path.Match` does (`*` and `?` stop at `/`, `[a-z]` classes, `\`
 * escapes), against the familiar name and the familiar `name:tag`.
 */
import {HttpError} from './respond.js';
import {BadPatternError, pathMatch as matchPath} from '../../path-match.js';

export type Filters = Map<string, string[]>;

export function parseFilters(raw: string | null, known: readonly string[]): Filters {
	const filters: Filters = new Map();
	if (raw === null || raw.trim() === '') {
		return filters;
	}

	let parsed: unknown;
	try {
		parsed = JSON.parse(raw);
	} catch {
		throw new HttpError(400, 'invalid filter: the filters are not JSON');
	}

	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw new HttpError(400, 'invalid filter: the filters must be a JSON object');
	}

	for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
		if (!known.includes(key)) {
			throw new HttpError(400, `invalid filter '${key}'`);
		}

		const values = Array.isArray(value)
			? value.map(String)
			: value && typeof value === 'object' ? Object.entries(value as Record<string, unknown>).filter(([, on]) => on === true).map(([name]) => name) : [];
		filters.set(key, values);
	}

	return filters;
}

/** Go's path.Match (core/path-match.ts, the CLI's too); a malformed pattern is dockerd's 400. */
export function pathMatch(pattern: string, name: string): boolean {
	try {
		return matchPath(pattern, name);
	} catch (error) {
		throw error instanceof BadPatternError ? new HttpError(400, error.message) : error;
	}
}
