/**
 * `docker save` and `docker load` over the API: `GET /images/get?names=…`
 * (or `/images/{name}/get`) streams the archive the backend's save writes,
 * `POST /images/load` hands the request body to its load, which checks every
 * blob before anything is recorded; the answer is docker's NDJSON
 * `{"stream":"Loaded image: …\n"}` lines.
 */
import {createReadStream} from 'node:fs';
import {mkdtemp, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {pipeline} from 'node:stream/promises';
import type {Backend, Capabilities} from '../../backend/backend.js';
import {currentPlatform} from '../../hub/registry/platform.js';
import type {Platform} from '../../oci.js';
import {parsePlatform} from '../../platform.js';
import type {Handler} from './context.js';
import {HttpError} from './respond.js';

function capability<K extends 'save' | 'load'>(backend: Backend, name: K): NonNullable<Capabilities[K]> {
	const served = backend.capabilities[name];
	if (!served) {
		throw new HttpError(501, `this backend (${backend.label}) cannot ${name} images`);
	}

	return served as NonNullable<Capabilities[K]>;
}

export const saveImages: Handler = async ({query, response}, {backend}, [name]) => {
	const names = name === undefined ? query.getAll('names').filter(Boolean) : [name];
	if (names.length === 0) {
		throw new HttpError(400, 'names is required: the images to save');
	}

	const save = capability(backend, 'save');
	// Written whole first (save checks every blob as it goes, and a mismatch must be an error, not a cut stream).
	const folder = await mkdtemp(path.join(os.tmpdir(), 'dockyard-save-'));
	try {
		const file = path.join(folder, 'images.tar');
		await save(names, file);
		response.writeHead(200, {'Content-Type': 'application/x-tar'});
		await pipeline(createReadStream(file), response);
	} finally {
		await rm(folder, {recursive: true, force: true});
	}
};

/** docker load --platform (API 1.48+): a JSON OCI platform, or os/arch text; the first one when several are sent. */
function loadPlatform(values: string[]): Platform | undefined {
	const value = values.find(Boolean);
	if (!value) {
		return undefined;
	}

	let text = value;
	if (value.trim().startsWith('{')) {
		try {
			const parsed = JSON.parse(value) as {os?: unknown; architecture?: unknown; variant?: unknown};
			text = [parsed.os, parsed.architecture, parsed.variant].filter(part => typeof part === 'string' && part !== '').join('/');
		} catch {
			throw new HttpError(400, `invalid platform: ${value.slice(0, 100)}`);
		}
	}

	try {
		return parsePlatform(text, currentPlatform());
	} catch (error) {
		throw new HttpError(400, error instanceof Error ? error.message : String(error));
	}
}

export const loadImages: Handler = async ({incoming, query, response}, {backend}) => {
	const platform = loadPlatform(query.getAll('platform'));
	// The backend's own load (the store's, for the embedded store): a multi-platform archive keeps one platform there.
	const lines = await capability(backend, 'load')(incoming, platform ? {platform} : {});
	response.writeHead(200, {'Content-Type': 'application/json'});
	response.end(lines.map(line => `${JSON.stringify({stream: `${line}\n`})}\n`).join(''));
};

