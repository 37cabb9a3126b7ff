/**
 * docker's `filters=` query: a JSON map of a key to its values, sent in
 * either of docker's two forms (`{"reference":["x"]}` or, as the CLI sends
 * it, `{"reference":{"x":true}}`), and the `reference` patterns matched as
 * Go's `path.Match` does (`*` and `?` stop at `/`, `[a-z]` classes, `\`
 * escapes), against the familiar name and the familiar `name:tag`.
 */
import {HttpError} from './respond.js';

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

/** Go's `path.Match`; a malformed pattern (an unclosed class) is docker's `syntax error in pattern`. */
export function pathMatch(pattern: string, name: string): boolean {
	return new RegExp(`^${patternSource(pattern)}$`).test(name);
}

function patternSource(pattern: string): string {
	let source = '';
	for (let index = 0; index < pattern.length; index++) {
		const char = pattern[index]!;
		if (char === '*') {
			source += '[^/]*';
		} else if (char === '?') {
			source += '[^/]';
		} else if (char === '\\') {
			index++;
			if (index >= pattern.length) {
				throw syntaxError();
			}

			source += escape(pattern[index]!);
		} else if (char === '[') {
			const end = classEnd(pattern, index);
			let body = pattern.slice(index + 1, end);
			const negated = body.startsWith('^');
			if (negated) {
				body = body.slice(1);
			}

			if (body === '') {
				throw syntaxError();
			}

			// Ranges stay ranges; every other character is literal, `\` escapes one.
			const cls = body.replaceAll(/\\(.)|([\]\\^[])|(.)/gs, (_match, escaped?: string, special?: string, plain?: string) => escaped === undefined ? (special === undefined ? plain! : `\\${special}`) : escape(escaped));
			source += `(?![/])[${negated ? '^' : ''}${cls}]`;
			index = end;
		} else {
			source += escape(char);
		}
	}

	return source;
}

function classEnd(pattern: string, start: number): number {
	for (let index = start + 1; index < pattern.length; index++) {
		if (pattern[index] === '\\') {
			index++;
		} else if (pattern[index] === ']' && index > start + 1) {
			return index;
		}
	}

	throw syntaxError();
}

function escape(char: string): string {
	return char.replaceAll(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

function syntaxError(): HttpError {
	return new HttpError(400, 'syntax error in pattern');
}
