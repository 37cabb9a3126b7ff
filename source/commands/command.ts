import type {ParseArgsConfig} from 'node:util';
import type {Backend} from '../core/backend/backend.js';
import type {EngineFlags} from '../core/engine/host.js';
import type {Equivalents} from '../core/teach.js';

export type Flags = Record<string, string | boolean | string[] | undefined>;

export type CommandContext = {
	/** Positional arguments after the verb. */
	args: string[];
	flags: Flags;
	/** The backend (the embedded store unless chosen otherwise), opened on first use (so `--help` needs none). */
	backend: () => Backend;
	out: (line?: string) => void;
	err: (line: string) => void;
	/** `--explain`: also print the docker and PowerShell equivalents. */
	explain: (equivalents: Equivalents) => void;
	environment: NodeJS.ProcessEnv;
	/** -H / --context given before the verb (what `engine` and `send` resolve with). */
	engineFlags: EngineFlags;
};

/**
 * What a verb that changes something would do, for --explain, which changes
 * nothing: the plan in words ("Would untag …"), its docker and PowerShell
 * equivalents, and, where the rules would refuse it, the refusal.
 */
export type Plan = {
	would: string[];
	equivalents: Equivalents;
	/** docker's line and the rule's words: --explain exits 1 with them. */
	refused?: {message: string; details: string[]};
};

export type Command = {
	/** The verb, e.g. `images`, or a cmdlet name, e.g. `Get-ContainerImage`. */
	name: string;
	aliases?: string[];
	/** The verb's help: usage line and options. */
	usage: string;
	/** docker-style options, parsed with node's util.parseArgs (strict). */
	options?: ParseArgsConfig['options'];
	/** Parse PowerShell-style `-Name Value` / `-Force` instead (case-insensitive). */
	powershell?: {values: string[]; switches: string[]};
	/** Fewest and most positional arguments. */
	arity?: [number, number];
	/** false: the verb never calls `backend()` (copy opens the places it names), so no backend's code is loaded for it. */
	needsBackend?: false;
	run(context: CommandContext): Promise<number | void>;
	/** A verb that changes anything: what it would do, for --explain (run is then not called); undefined: this use changes nothing, run it. */
	plan?: (context: CommandContext) => Promise<Plan | undefined>;
};
