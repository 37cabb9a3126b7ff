/**
 * Docker Hub's search, as `docker search` asks it: `GET /v1/search?q=…&n=…`
 * on index.docker.io → `{results: [{name, description, star_count,
 * is_official, is_automated}]}`. It goes through the registry transport, so
 * it has the limits every other request has: plain http only where allowed,
 * redirects checked hop by hop, retries, the stall timeout and the minimum
 * rate. Names and descriptions come back cleaned (no escape sequences, no
 * control characters).
 */
import {RegistryError} from '../../errors.js';
import {cleanText} from '../../text.js';
import type {SearchResult} from '../hub.js';
import {BodyLostError, readLimited} from './body.js';
import type {Transport} from './transport.js';

/** A search answer larger than this is refused: 100 results are a few tens of KiB. */
export const searchBodyLimit = 4 * 1024 * 1024;

export type SearchOptions = {
	signal?: AbortSignal;
};

export async function searchDockerHub(transport: Transport, term: string, limit: number, options: SearchOptions = {}): Promise<SearchResult[]> {
	const {endpoint} = transport;
	if (!endpoint.search) {
		throw new RegistryError(`${endpoint.domain} has no Docker Hub search API`);
	}

	const n = Math.min(100, Math.max(1, Math.trunc(limit) || 25));
	const url = new URL('/v1/search', endpoint.search);
	url.searchParams.set('q', term);
	url.searchParams.set('n', String(n));
	const where = `${url.origin}${url.pathname}`;
	const fail = (reason: string) => new RegistryError(`cannot search ${endpoint.domain} (${where}): ${reason}`);
	let answer: {status: number; statusText: string; text: string};
	try {
		answer = await fetchAnswer(transport, url, `the search at ${where}`, options.signal);
	} catch (error) {
		throw options.signal?.aborted ? fail('cancelled') : error;
	}

	const {status, statusText, text} = answer;
	if (status < 200 || status > 299) {
		throw fail(`${status} ${statusText || 'error'}${errorDetail(text)}`);
	}

	let body: unknown;
	try {
		body = JSON.parse(text);
	} catch {
		throw fail('the answer is not JSON');
	}

	const results = (body as {results?: unknown})?.results;
	if (!Array.isArray(results)) {
		throw fail('the answer has no "results" list');
	}

	const found: SearchResult[] = [];
	for (const item of results) {
		if (typeof item !== 'object' || item === null) {
			continue;
		}

		const row = item as Record<string, unknown>;
		const name = typeof row['name'] === 'string' ? cleanText(row['name']) : '';
		if (name === '') {
			continue;
		}

		const stars = Number(row['star_count']);
		found.push({
			name,
			description: typeof row['description'] === 'string' ? cleanText(row['description']) : '',
			stars: Number.isFinite(stars) && stars > 0 ? Math.trunc(stars) : 0,
			official: row['is_official'] === true,
			automated: row['is_automated'] === true,
		});
		if (found.length === n) {
			break;
		}
	}

	return found;
}

/** The answer, read whole under the limit; a body lost midway (a reset, a stall, too slow) is asked for again. */
async function fetchAnswer(transport: Transport, url: URL, what: string, signal?: AbortSignal): Promise<{status: number; statusText: string; text: string}> {
	for (let attempt = 0; ; attempt++) {
		// eslint-disable-next-line no-await-in-loop
		const reply = await transport.send(url, {headers: {Accept: 'application/json'}, signal, what});
		try {
			// eslint-disable-next-line no-await-in-loop
			const bytes = await readLimited(reply, searchBodyLimit, what, transport.endpoint.domain);
			return {status: reply.response.status, statusText: reply.response.statusText, text: bytes.toString('utf8')};
		} catch (error) {
			if (!(error instanceof BodyLostError) || attempt >= transport.settings.retries || signal?.aborted) {
				throw error instanceof BodyLostError && attempt > 0 ? new RegistryError(`${error.message}, ${attempt + 1} attempts`) : error;
			}
		}

		// eslint-disable-next-line no-await-in-loop
		await transport.backoff(attempt, signal);
	}
}

/** A short, printable reason for a body that explains an error (Docker Hub sends JSON or text). */
function errorDetail(text: string): string {
	let detail = text;
	try {
		const parsed = JSON.parse(text) as {message?: unknown; detail?: unknown; errors?: Array<{message?: unknown}>};
		const message = parsed.message ?? parsed.detail ?? parsed.errors?.[0]?.message;
		detail = typeof message === 'string' ? message : '';
	} catch {}

	detail = cleanText(detail).slice(0, 200);
	return detail ? `: ${detail}` : '';
}
