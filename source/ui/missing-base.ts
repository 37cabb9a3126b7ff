/**
 * The base OS image a refused pull lacks, read from the core's refusal
 * ("… needs the base OS image NAME VERSION: …"), so that the TUI can offer to
 * install it there and then instead of naming a command to type elsewhere.
 */
export function missingBase(error: unknown): {name: string; version: string} | undefined {
	const message = error instanceof Error ? error.message : '';
	const match = /needs the base OS image (\S+) (\S+?):/.exec(message);
	return match ? {name: match[1]!, version: match[2]!} : undefined;
}
