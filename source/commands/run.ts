import {joinDashedValues} from './dashed-values.js';
import {parseArgs} from 'node:util';
import {DockyardError, UsageError} from '../core/errors.js';
import type {Backend} from '../core/backend/backend.js';
import {daemonPrefix} from '../core/engine/errors.js';
import type {EngineFlags} from '../core/engine/host.js';
import {EngineUnreachableError} from '../core/errors.js';
import {inContext, powershellCommands, powershellReason, type Equivalents, type TeachContext} from '../core/teach.js';
import {printable} from '../core/text.js';
import {fsProblem, isErrno} from '../core/fs-errors.js';
import type {Command, CommandContext, Flags, Plan} from './command.js';
import {verbs} from './index.js';
import {parsePowershellArgs} from './powershell-args.js';

export type Io = {
	out: (line?: string) => void;
	err: (line: string) => void;
	environment?: NodeJS.ProcessEnv;
	/** -H / --context given before the verb. */
	engineFlags?: EngineFlags;
};

/** `dockyard --help`: every verb's line, from the verbs table (no verb is loaded for it). */
export function globalHelp(): string {
	return `Usage: dockyard [COMMAND] [OPTIONS]

A keyboard-driven terminal UI for container images; with no command it opens
the TUI. Every command also takes --explain (print the docker and PowerShell
equivalents) and --help; listing commands take --json.

Commands:
${verbs.map(verb => `  ${verb.name.padEnd(24)}${verb.summary}`).join('\n')}

Global options (before the command):
  --hub offline|dockerhub  where docker.io names go, for this command only
  -H, --host HOST          a Docker or Podman engine: unix:///path.sock, tcp://host:port,
                           ssh://user@host[/path.sock] (dockyard = the embedded store)
  -c, --context NAME       a docker context (docker context ls); dockyard = the store
  --tls, --tlsverify       TLS to a tcp:// engine (without, with checking its certificate)
  --tlscacert, --tlscert, --tlskey FILE   its CA, client certificate and key
                           (default: ca.pem, cert.pem, key.pem in DOCKER_CERT_PATH)

TUI options (with no command):
  --theme light|dark       colours for a light or a dark terminal (else a guess from COLORFGBG)
  --no-mouse               leave the mouse to the terminal (also DOCKYARD_MOUSE=0)

Without -H or --context: DOCKER_HOST, DOCKER_CONTEXT, currentContext in
docker's config.json, then the engine setting (dockyard engine), else the
embedded store, which lives in $DOCKYARD_HOME (default: ~/.local/share/dockyard).`;
}

/** Finds the verb: `images`, `image ls`, or a cmdlet name in any case; only that verb's module is loaded. */
export async function findCommand(argv: string[]): Promise<{command: Command; rest: string[]} | undefined> {
	const [first = '', second = ''] = argv;
	for (const verb of verbs) {
		if (verb.aliases?.includes(`${first} ${second}`)) {
			return {command: await verb.load(), rest: argv.slice(2)};
		}
	}

	const verb = verbs.find(candidate => candidate.name === first || (candidate.powershell && candidate.name.toLowerCase() === first.toLowerCase()));
	return verb ? {command: await verb.load(), rest: argv.slice(1)} : undefined;
}

function parse(command: Command, argv: string[]): {flags: Flags; args: string[]} {
	if (command.powershell) {
		return parsePowershellArgs(argv, command.powershell);
	}

	try {
		const options = {
			...command.options,
			explain: {type: 'boolean'},
			json: {type: 'boolean'},
			help: {type: 'boolean', short: 'h'},
		} as const;
		const {values, positionals} = parseArgs({
			args: joinDashedValues(argv, options),
			options,
			allowPositionals: true,
			strict: true,
		});
		return {flags: values as Flags, args: positionals};
	} catch (error) {
		throw new UsageError((error as Error).message.split('\n')[0]!.replace(/\. To specify a positional argument.*$/, ''));
	}
}

function printEquivalents(out: (line?: string) => void, given: Equivalents, context: TeachContext | undefined): void {
	// docker lines as the user would type them against this backend (`docker -H …`).
	const equivalents = context ? inContext(given, context) : given;
	out('');
	out('Equivalent commands:');
	// A command line echoes the arguments: one line each, whatever they hold.
	for (const line of equivalents.docker) {
		out(`  docker:     ${printable(line)}`);
	}

	for (const line of powershellCommands(equivalents)) {
		out(`  PowerShell: ${printable(line)}`);
	}

	// Where PowerShell has no cmdlet that does the same, the reason, in words (never a command that does something else).
	const reason = powershellReason(equivalents);
	if (reason) {
		out(`  PowerShell: (${printable(reason)})`);
	}
}

/** --explain's plan: what would be done (stdout), the refusal (stderr, exit 1), then the equivalents. Nothing was changed. */
function printPlan(io: Io, plan: Plan, context: TeachContext | undefined): number {
	for (const line of plan.would) {
		io.out(printable(line));
	}

	if (plan.refused) {
		io.err(`Error: ${printable(plan.refused.message)}`);
		for (const detail of plan.refused.details) {
			io.err(`  ${printable(detail)}`);
		}
	}

	printEquivalents(io.out, plan.equivalents, context);
	return plan.refused ? 1 : 0;
}

/** A verb's help, with what --explain does for it: a dry run for a verb that changes anything. */
export function helpOf(command: Command): string {
	if (command.usage.includes('--explain')) {
		return command.usage;
	}

	const flag = command.powershell ? '-Explain' : '--explain';
	const line = command.plan
		? `${flag.padEnd(command.powershell ? 11 : 13)}Change nothing: print what this would do and its docker and PowerShell
${' '.repeat(command.powershell ? 13 : 15)}equivalents; exit 1 where it would be refused`
		: `${flag.padEnd(command.powershell ? 11 : 13)}Also print the docker and PowerShell equivalents (it changes nothing)`;
	// Into the Options block, after its last option (a paragraph may follow it); a verb without one gets one.
	const options = command.usage.indexOf('Options:\n');
	if (options === -1) {
		return `${command.usage}\n\nOptions:\n  ${line}`;
	}

	const blockEnd = command.usage.indexOf('\n\n', options);
	return blockEnd === -1 ? `${command.usage}\n  ${line}` : `${command.usage.slice(0, blockEnd)}\n  ${line}${command.usage.slice(blockEnd)}`;
}

/** The backend of a verb that declared it needs none: asking for it anyway is a bug, said as one. */
function noBackend(verb: string): () => Backend {
	return () => {
		throw new DockyardError(`${verb} declares that it needs no backend, yet asked for one`);
	};
}

/**
 * Runs one verb and returns its exit code: 0, 1 for an error (one line on
 * stderr), 2 for wrong usage (the line and the verb's help). The backend
 * comes from `backendFactory`, asked once and only when the verb needs it:
 * the one place a choice of backend (-H, --context) plugs in.
 */
export async function runCommand(argv: string[], io: Io, backendFactory?: (environment: NodeJS.ProcessEnv) => Backend): Promise<number> {
	const found = await findCommand(argv);
	if (!found) {
		io.err(`Error: unknown command "${printable(argv[0] ?? '')}" for "dockyard"`);
		io.err('Run \'dockyard --help\' for a list of commands.');
		return 2;
	}

	const {command, rest} = found;
	try {
		const {flags, args} = parse(command, rest);
		if (flags['help'] || flags['Help']) {
			io.out(helpOf(command));
			return 0;
		}

		const [fewest, most] = command.arity ?? [0, Number.POSITIVE_INFINITY];
		if (args.length < fewest || args.length > most) {
			throw new UsageError(`"dockyard ${command.name}" requires ${fewest === most ? `exactly ${fewest}` : args.length < fewest ? `at least ${fewest}` : `at most ${most}`} argument${(args.length < fewest ? fewest : most) === 1 ? '' : 's'}`);
		}

		let backend: Backend | undefined;
		const environment = io.environment ?? process.env;
		// Only the chosen backend's code is loaded (the store's or an engine's), before the verb asks for it; none for a verb that asks for none.
		let openChosen: () => Backend;
		if (backendFactory) {
			openChosen = () => backendFactory(environment);
		} else if (command.needsBackend === false) {
			openChosen = noBackend(command.name);
		} else {
			const {backendOpener} = await import('../core/backend/open-backend.js');
			openChosen = await backendOpener(io.engineFlags ?? {}, environment, io.err);
		}

		const explain = Boolean(flags['explain'] || flags['Explain']);
		const context: CommandContext = {
			args,
			flags: {...flags, explain, json: Boolean(flags['json'] || flags['Json'])},
			backend: () => {
				backend ??= openChosen();
				return backend;
			},
			out: io.out,
			err: io.err,
			explain(equivalents) {
				if (explain) {
					printEquivalents(io.out, equivalents, backend?.teaching);
				}
			},
			environment,
			engineFlags: io.engineFlags ?? {},
		};
		const plan = explain ? await command.plan?.(context) : undefined;
		if (plan) {
			return printPlan(io, plan, backend?.teaching);
		}

		return (await command.run(context)) ?? 0;
	} catch (error) {
		if (error instanceof UsageError) {
			io.err(`Error: ${error.message}`);
			io.err('');
			io.err(helpOf(command));
			return 2;
		}

		if (error instanceof DockyardError) {
			// docker prints these two as they are: its sentence for no engine, and the engine's own answer.
			io.err(error instanceof EngineUnreachableError || error.message.startsWith(daemonPrefix) ? error.message : `Error: ${error.message}`);
			return error.exitCode;
		}

		// A file the store could not read or write, in words and with its path, not errno text.
		if (isErrno(error)) {
			io.err(`Error: ${error.path ? `${error.path}: ` : ''}${fsProblem(error)}`);
			return 1;
		}

		throw error;
	}
}
