import {stat} from 'node:fs/promises';
import type {Stats} from 'node:fs';
import {DockyardError, NotFoundError, UsageError} from './errors.js';
import {hasControls} from './text.js';

/**
 * What `docker cp HOSTPATH CONTAINER:DEST` accepts, the same over every
 * backend: one regular file on the host, and a destination inside the
 * container that cannot climb out of it or carry control characters.
 */

/** The host file to copy, or one line saying why it cannot be. */
export async function hostFile(hostPath: string): Promise<Stats> {
	let info;
	try {
		info = await stat(hostPath);
	} catch {
		throw new NotFoundError(`could not find the file ${hostPath} in the host`);
	}

	if (!info.isFile()) {
		throw new UsageError(`${hostPath} is not a regular file: dockyard cp copies one file at a time`);
	}

	return info;
}

/** Where `cp` puts a file: a destination ending in / (or a bare drive like C:\) is a directory. */
export function containerPath(destination: string, hostPath: string): string {
	let path = destination.replaceAll('\\', '/').replace(/^[a-zA-Z]:/, '');
	if (!path.startsWith('/')) {
		path = `/${path}`;
	}

	if (path.endsWith('/')) {
		path += hostPath.split(/[\\/]/).pop();
	}

	if (hasControls(path)) {
		throw new DockyardError(`invalid destination path in the container: ${path} holds a control character`);
	}

	const parts = path.split('/').filter(part => part && part !== '.');
	if (parts.includes('..') || parts.length === 0) {
		throw new UsageError(`invalid destination path in the container: ${destination}`);
	}

	return `/${parts.join('/')}`;
}

