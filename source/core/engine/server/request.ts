/**
 * What a handler gets of an HTTP request: the method, the path without the
 * version prefix (`/v1.41/images/json` and `/images/json` are one route),
 * the query, and the body when it is JSON.
 */
import type {IncomingMessage, ServerResponse} from 'node:http';
import {HttpError} from './respond.js';

export type ApiRequest = {
	method: string;
	/** Unversioned and percent-decoded per segment, e.g. `/images/microsoft/aspnet/json`. */
	path: string;
	/** The client's API version from the path, when it gave one. */
	version?: string;
	query: URLSearchParams;
	incoming: IncomingMessage;
	response: ServerResponse;
};

/** A JSON body is a container config or a commit's config: small; anything past this is refused. */
const maxJsonBody = 4 * 1024 * 1024;

/** `/v1.41/images/json?all=1` → its version, path and query; a malformed escape is a 400. */
export function parseTarget(url: string): {path: string; version?: string; query: URLSearchParams} {
	const parsed = new URL(url, 'http://dockyard');
	const versioned = /^\/v(\d+\.\d+)(\/.*)$/.exec(parsed.pathname);
	const raw = versioned ? versioned[2]! : parsed.pathname;
	let path: string;
	try {
		path = raw.split('/').map(segment => decodeURIComponent(segment)).join('/');
	} catch {
		throw new HttpError(400, `invalid path: ${raw}`);
	}

	return {path, version: versioned?.[1], query: parsed.searchParams};
}

/** The body parsed as JSON; an empty body (or `null`) is `{}`, as dockerd takes it. */
export async function jsonBody<T extends object>(request: ApiRequest): Promise<Partial<T>> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of request.incoming) {
		size += (chunk as Buffer).length;
		if (size > maxJsonBody) {
			throw new HttpError(413, `the request body is larger than ${maxJsonBody} bytes`);
		}

		chunks.push(chunk as Buffer);
	}

	const text = Buffer.concat(chunks).toString('utf8').trim();
	if (text === '') {
		return {};
	}

	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		throw new HttpError(400, 'invalid JSON in the request body');
	}

	if (value === null) {
		return {};
	}

	if (typeof value !== 'object' || Array.isArray(value)) {
		throw new HttpError(400, 'the request body must be a JSON object');
	}

	return value as Partial<T>;
}

/** docker's booleans in a query: `1`, `true`, `True`; anything else, or nothing, is false. */
export function queryFlag(query: URLSearchParams, name: string): boolean {
	const value = query.get(name)?.toLowerCase();
	return value === '1' || value === 'true';
}
