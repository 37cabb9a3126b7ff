/** What went wrong with a file, in words, instead of errno text ("EACCES: permission denied, open '…'"). */
const words: Record<string, string> = {
	ENOENT: 'it does not exist',
	EACCES: 'permission denied',
	EPERM: 'operation not permitted',
	EROFS: 'the file system is read-only',
	ENOSPC: 'no space left on the device',
	EDQUOT: 'the disk quota is exceeded',
	EISDIR: 'it is a directory',
	ENOTDIR: 'a part of the path is not a directory',
	EEXIST: 'it already exists',
	ELOOP: 'it is a symbolic link, or a loop of them',
	ENAMETOOLONG: 'the name is too long',
	EMFILE: 'too many open files',
	EIO: 'an input/output error',
	EBUSY: 'it is busy',
	EINVAL: 'invalid argument',
};

export function isErrno(error: unknown): error is NodeJS.ErrnoException {
	return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}

/** "permission denied" for an EACCES, the code itself for one not listed. */
export function fsProblem(error: unknown): string {
	if (!isErrno(error)) {
		return error instanceof Error ? error.message.split('\n')[0]! : String(error);
	}

	return words[error.code!] ?? error.code!;
}
