/**
 * The container endpoints docker's `create`, `ps -a`, `cp`, `commit` and
 * `rm` use. The store's containers run no process: they hold an image and
 * the files `cp` added, which is all the seed's workflow needs.
 */
import {createWriteStream} from 'node:fs';
import {mkdtemp, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {pipeline} from 'node:stream/promises';
import tar from 'tar-stream';
import type {Container} from '../../backend/model.js';
import type {ContainerCreateRequest, ContainerPathStat} from '../engine-types.js';
import {containerInspectOf, containerSummaryOf} from '../engine-model.js';
import type {Handler} from './context.js';
import {parseFilters} from './filters.js';
import {jsonBody, queryFlag} from './request.js';
import {HttpError, sendEmpty, sendJson} from './respond.js';
import {noteLookedAt, refuseDetachedRun} from './no-process.js';

/** `GET /containers/json`: running ones only unless `all=1` (the store's never run: so none); newest first. */
export const listContainers: Handler = async ({query, response}, {backend}) => {
	const filters = parseFilters(query.get('filters'), ['status', 'name', 'id', 'ancestor']);
	const snapshot = await backend.snapshot();
	const matches = (container: Container & {shortId: string}) => {
		const status = filters.get('status');
		const names = filters.get('name');
		const ids = filters.get('id');
		const ancestors = filters.get('ancestor');
		return (!status || status.includes(container.status))
			&& (!names || names.some(name => container.name.includes(name.replace(/^\//, ''))))
			&& (!ids || ids.some(id => container.id.startsWith(id)))
			&& (!ancestors || ancestors.some(ancestor => {
				try {
					return snapshot.image(ancestor).id === container.image;
				} catch {
					return false;
				}
			}));
	};

	const all = queryFlag(query, 'all') || filters.has('status');
	const rows = snapshot.containers.filter(container => (all || container.status === 'running') && matches(container));
	sendJson(response, 200, rows.map(container => containerSummaryOf(container)));
};

/** `POST /containers/create?name=`: the image as the user named it (what ps shows), 201 `{Id, Warnings}`. */
export const createContainer: Handler = async (request, {backend, runs}) => {
	const body = await jsonBody<ContainerCreateRequest>(request);
	if (typeof body.Image !== 'string' || body.Image === '') {
		throw new HttpError(400, 'config cannot be empty in order to create a container');
	}

	refuseDetachedRun(body);
	const name = request.query.get('name') ?? '';
	const container = await backend.createContainer(body.Image, {name: name === '' ? undefined : name.replace(/^\//, '')});
	// Until something looks at it, it may be docker run's (no-process.ts).
	runs.fresh.add(container.id);
	sendJson(request.response, 201, {Id: container.id, Warnings: []});
};

export const inspectContainer: Handler = async ({response}, {backend, runs}, [id]) => {
	const container = (await backend.snapshot()).container(id!);
	noteLookedAt(runs, container.id);
	sendJson(response, 200, containerInspectOf(container));
};

/** `DELETE /containers/{id}` → 204. */
export const removeContainer: Handler = async ({response}, {backend}, [id]) => {
	await backend.removeContainer(id!);
	sendEmpty(response, 204);
};

/** A path in the container as the store keeps it: `/`-separated, no drive, no trailing slash. */
function containerPathOf(raw: string): string {
	const parts = raw.replaceAll('\\', '/').replace(/^[a-zA-Z]:/, '').split('/').filter(part => part !== '' && part !== '.');
	return `/${parts.join('/')}`;
}

/** Go's os.ModeDir, as the stat header carries it. */
const modeDir = 0x80_00_00_00;

/**
 * `HEAD /containers/{id}/archive?path=`: what docker cp asks before it copies.
 * A file cp added is a file; a directory above one, the root, or a path the
 * user ends with `/` is a directory (the store keeps no image file tree, and
 * its cp makes the directories a file needs); anything else is not there.
 */
export const statContainerPath: Handler = async ({query, response}, {backend}, [id]) => {
	const container = (await backend.snapshot()).container(id!);
	const raw = query.get('path') ?? '';
	const wanted = containerPathOf(raw);
	const changes = container.changes ?? [];
	const file = changes.find(change => change.path === wanted);
	let stat: ContainerPathStat | undefined;
	if (file) {
		stat = {name: path.posix.basename(wanted), size: file.size, mode: 0o644, mtime: container.created, linkTarget: ''};
	} else if (wanted === '/' || /[\\/]$/.test(raw) || changes.some(change => change.path.startsWith(`${wanted}/`))) {
		stat = {name: path.posix.basename(wanted) || '/', size: 4096, mode: modeDir + 0o755, mtime: container.created, linkTarget: ''};
	}

	if (!stat) {
		response.writeHead(404, {'Content-Length': 0});
		response.end();
		return;
	}

	response.writeHead(200, {'X-Docker-Container-Path-Stat': Buffer.from(JSON.stringify(stat)).toString('base64'), 'Content-Length': 0});
	response.end();
};

/**
 * `PUT /containers/{id}/archive?path=DIR`: docker cp's tar, each regular file
 * put at DIR/NAME through the backend's cp (its destination rules); a link or
 * a device is refused, a directory entry only says where files go.
 */
export const putContainerArchive: Handler = async ({query, incoming, response}, {backend}, [id]) => {
	const container = (await backend.snapshot()).container(id!);
	const directory = containerPathOf(query.get('path') ?? '/');
	const temporary = await mkdtemp(path.join(os.tmpdir(), 'dockyard-cp-'));
	const files: Array<{file: string; destination: string}> = [];
	try {
		const extract = tar.extract();
		extract.on('entry', (header, stream, next) => {
			const done = (error?: Error) => {
				if (error) {
					extract.destroy(error);
				} else {
					next();
				}
			};

			if (header.type === 'directory') {
				stream.resume();
				stream.on('end', () => done());
				return;
			}

			if (header.type !== 'file') {
				stream.resume();
				done(new HttpError(400, `dockyard cp copies regular files only: ${header.name} is a ${header.type ?? 'special file'}`));
				return;
			}

			const file = path.join(temporary, String(files.length));
			files.push({file, destination: path.posix.join(directory, header.name)});
			// Streamed to disk, not held: a big file costs no memory.
			pipeline(stream, createWriteStream(file, {mode: (header.mode ?? 0o644) & 0o777})).then(() => {
				done();
			}, done);
		});
		try {
			await pipeline(incoming, extract);
		} catch (error) {
			throw error instanceof HttpError ? error : new HttpError(400, `the archive could not be read: ${error instanceof Error ? error.message : String(error)}`);
		}

		// Only once the whole archive is read: a broken one adds nothing.
		for (const {file, destination} of files) {
			// eslint-disable-next-line no-await-in-loop
			await backend.copyIntoContainer(container.id, file, destination);
		}
	} finally {
		await rm(temporary, {recursive: true, force: true});
	}

	sendEmpty(response, 200);
};

/** `POST /commit?container=&repo=&tag=&comment=&author=` → 201 `{Id}`. */
export const commitContainer: Handler = async (request, {backend}) => {
	const {query, response} = request;
	await jsonBody(request);
	if ((query.get('changes') ?? '') !== '') {
		throw new HttpError(400, 'dockyard serve does not apply Dockerfile instructions on commit (docker commit --change)');
	}

	const repo = query.get('repo') ?? '';
	const tag = query.get('tag') ?? '';
	const image = await backend.commit(query.get('container') ?? '', {
		repository: repo === '' ? undefined : `${repo}:${tag || 'latest'}`,
		message: query.get('comment') || undefined,
		author: query.get('author') || undefined,
	});
	sendJson(response, 201, {Id: image.id});
};
