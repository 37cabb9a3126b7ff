/**
 * Opens a store file for reading without following a symbolic link planted
 * in its place. POSIX systems have O_NOFOLLOW; Windows has no such flag
 * (`fs.constants.O_NOFOLLOW` is undefined there, and OR-ing it in silently
 * follows links), so there the file is lstat-ed first, refused when it is a
 * link, and the opened handle's identity (device and file index) checked
 * against that lstat: a link swapped in between is refused too. The platform
 * is a parameter so that the Windows branch runs in tests on any system.
 */
import {constants} from 'node:fs';
import {lstat, open, type FileHandle} from 'node:fs/promises';

export async function openNoFollow(file: string, platform: NodeJS.Platform = process.platform): Promise<FileHandle> {
	if (platform !== 'win32' && constants.O_NOFOLLOW !== undefined) {
		return open(file, constants.O_RDONLY | constants.O_NOFOLLOW);
	}

	const before = await lstat(file, {bigint: true});
	if (before.isSymbolicLink()) {
		throw loopError(file);
	}

	const handle = await open(file, 'r');
	try {
		const after = await handle.stat({bigint: true});
		if (after.ino !== before.ino || after.dev !== before.dev) {
			throw loopError(file);
		}
	} catch (error) {
		await handle.close();
		throw error;
	}

	return handle;
}

/** The error O_NOFOLLOW gives, so that callers treat both branches alike. */
function loopError(file: string): NodeJS.ErrnoException {
	const error: NodeJS.ErrnoException = new Error(`ELOOP: too many symbolic links encountered, open '${file}'`);
	error.code = 'ELOOP';
	error.path = file;
	return error;
}
