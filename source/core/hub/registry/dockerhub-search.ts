/**
 * Docker Hub's search, as `docker search` asks it: `GET /v1/search?q=…&n=…`
 * on index.docker.io → `{results: [{name, description, star_count,
 * is_official, is_automated}]}`. Names and descriptions come back cleaned
 * (no escape sequences, no control characters).
 */
import {RegistryError} from '../../errors.js';
import {cleanText} from '../../text.js';
import type {SearchResult} from '../hub.js';
import type {Endpoint} from './endpoint.js';

/** A search answer larger than this is refused: 100 results are a few tens of KiB. */
export const searchBodyLimit = 4 * 1024 * 1024;
const timeoutMs = 30_000;

export type SearchOptions = {
	signal?: AbortSignal;
	/** Whole request, answer included. */
	timeoutMs?: number;
};

export async function searchDockerHub(endpoint: Endpoint, term: string, limit: number, fetchImpl: typeof fetch = fetch, options: SearchOptions = {}): Promise<SearchResult[]> {
	if (!endpoint.search) {
		throw new RegistryError(`${endpoint.domain} has no Docker Hub search API`);
	}

	const n = Math.min(100, Math.max(1, Math.trunc(limit) || 25));
	const url = new URL('/v1/search', endpoint.search);
	url.searchParams.set('q', term);
	url.searchParams.set('n', String(n));
	const where = `${url.origin}${url.pathname}`;
	const fail = (reason: string) => new RegistryError(`cannot search ${endpoint.domain} (${where}): ${reason}`);
	if (url.protocol === 'http:' && !endpoint.allowsHttp(url)) {
		throw fail('plain http is only used for loopback and insecure registries');
	}

	const timeout = AbortSignal.timeout(options.timeoutMs ?? timeoutMs);
	const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
	let response: Response;
	let text: string;
	try {
		response = await fetchImpl(url, {headers: {accept: 'application/json'}, redirect: 'follow', signal});
		const final = new URL(response.url || url.href);
		if (final.protocol === 'http:' && !endpoint.allowsHttp(final)) {
			throw fail(`redirected to plain http (${final.host})`);
		}

		text = await readLimited(response, searchBodyLimit, signal, fail);
	} catch (error) {
		if (error instanceof RegistryError) {
			throw error;
		}

		if (options.signal?.aborted) {
			throw fail('cancelled');
		}

		if (timeout.aborted) {
			throw fail(`no answer within ${Math.round((options.timeoutMs ?? timeoutMs) / 1000)} s`);
		}

		throw fail(networkReason(error));
	}

	if (!response.ok) {
		throw fail(`${response.status} ${response.statusText || 'error'}${errorDetail(text)}`);
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

async function readLimited(response: Response, limit: number, signal: AbortSignal, fail: (reason: string) => RegistryError): Promise<string> {
	const declared = Number(response.headers.get('content-length'));
	if (Number.isFinite(declared) && declared > limit) {
		await response.body?.cancel().catch(() => undefined);
		throw fail(`the answer is ${declared} bytes, over the ${limit} byte limit`);
	}

	if (!response.body) {
		return '';
	}

	const reader = response.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	for (;;) {
		if (signal.aborted) {
			await reader.cancel().catch(() => undefined);
			throw signal.reason;
		}

		// eslint-disable-next-line no-await-in-loop
		const {done, value} = await reader.read();
		if (done) {
			break;
		}

		size += value.byteLength;
		if (size > limit) {
			await reader.cancel().catch(() => undefined);
			throw fail(`the answer is over the ${limit} byte limit`);
		}

		chunks.push(value);
	}

	return Buffer.concat(chunks).toString('utf8');
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

/** fetch's "fetch failed" hides the reason in `cause`. */
function networkReason(error: unknown): string {
	const cause = (error as {cause?: {code?: string; message?: string}})?.cause;
	const text = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
	return cleanText(String(text)) || 'the connection failed';
}
