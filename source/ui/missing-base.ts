import {MissingBaseError} from '../core/errors.js';

/**
 * The base OS image a refused pull lacks, from the core's typed refusal, so
 * that the TUI can offer to install it there and then instead of naming a
 * command to type elsewhere.
 */
export function missingBase(error: unknown): {name: string; version: string} | undefined {
	return error instanceof MissingBaseError ? error.base : undefined;
}
