import {printable} from './text.js';

/**
 * Errors that reach the user. Each carries the exit code the CLI returns and
 * a one-line message, so the CLI and the TUI can show the same words. The
 * message is made one line here, whatever it echoes (an argument, a name from
 * a registry): its control characters, newlines included, are escaped.
 */
export class DockyardError extends Error {
	readonly exitCode: number;

	constructor(message: string, exitCode = 1) {
		super(printable(message));
		this.name = 'DockyardError';
		this.exitCode = exitCode;
	}
}

/** A reference that does not follow docker's grammar. */
export class InvalidReferenceError extends DockyardError {
	constructor(readonly input: string, detail = 'invalid reference format') {
		super(detail);
		this.name = 'InvalidReferenceError';
	}
}

/** The user asked for an image, tag or container that is not there. */
export class NotFoundError extends DockyardError {
	constructor(message: string) {
		super(message);
		this.name = 'NotFoundError';
	}
}

/**
 * A rule refused the operation (dependents, a missing base image, …).
 * `dependents` lets the TUI list each one without parsing the message.
 */
export class ConflictError extends DockyardError {
	constructor(message: string, readonly details: string[] = []) {
		super(message);
		this.name = 'ConflictError';
	}
}

/** Rule 3's refusal: the image is built on a base OS image that is not installed; `base` names it, for an offer to install it. */
export class MissingBaseError extends ConflictError {
	constructor(message: string, details: string[], readonly base: {name: string; version: string}) {
		super(message, details);
		this.name = 'MissingBaseError';
	}
}

/** The store on disk cannot be read or trusted; nothing was changed. */
export class StoreError extends DockyardError {
	constructor(message: string) {
		super(message);
		this.name = 'StoreError';
	}
}

/** A registry answered with something dockyard will not accept. */
export class RegistryError extends DockyardError {
	constructor(message: string) {
		super(message);
		this.name = 'RegistryError';
	}
}

/**
 * No engine answers at the host dockyard was pointed at. The message is
 * docker's own sentence, so a user sees the same words from either tool.
 */
export class EngineUnreachableError extends DockyardError {
	constructor(readonly host: string, message = `Cannot connect to the Docker daemon at ${host}. Is the docker daemon running?`) {
		super(message);
		this.name = 'EngineUnreachableError';
	}
}

/** An engine refused or failed a request for a reason that is neither "not found" nor a conflict. */
export class EngineError extends DockyardError {
	constructor(message: string, readonly status?: number) {
		super(message);
		this.name = 'EngineError';
	}
}

/** Wrong use of a command: exit 2 and the verb's help. */
export class UsageError extends DockyardError {
	constructor(message: string) {
		super(message, 2);
		this.name = 'UsageError';
	}
}

export function errorMessage(error: unknown): string {
	if (error instanceof Error) {
		return error.message.split('\n')[0] ?? String(error);
	}

	return String(error);
}

/** The way out of an index that cannot be read: named by the error itself and by the TUI's screen for it. */
export const storeRecoveryHint = 'dockyard fsck --repair keeps a copy of the index and starts a new one (blobs stay); dockyard reset --yes empties the store';
