import {UsageError} from '../core/errors.js';
import type {Flags} from './command.js';

/**
 * PowerShell's parameter syntax: `-Name Value`, `-Name:Value`, switches like
 * `-Force`, names case-insensitive and unambiguous prefixes allowed, as the
 * shell does. `--parents` style is accepted too, for people coming from docker.
 */
export function parsePowershellArgs(argv: string[], spec: {values: string[]; switches: string[]}): {flags: Flags; args: string[]} {
	const flags: Flags = {};
	const args: string[] = [];
	const all = [...spec.values, ...spec.switches];
	for (let index = 0; index < argv.length; index++) {
		const token = argv[index]!;
		// `[\s\S]`, not `.`: a value given inline may hold a newline, and is still the value.
		const match = /^--?([A-Za-z][\w-]*)(?::([\s\S]*))?$/.exec(token);
		if (!match) {
			args.push(token);
			continue;
		}

		const [, given, inline] = match;
		const candidates = all.filter(name => name.toLowerCase().startsWith(given!.toLowerCase()));
		const exact = all.find(name => name.toLowerCase() === given!.toLowerCase());
		const name = exact ?? (candidates.length === 1 ? candidates[0] : undefined);
		if (!name) {
			throw new UsageError(candidates.length > 1
				? `Parameter cannot be processed because the parameter name '${given}' is ambiguous. Possible matches include: ${candidates.map(candidate => `-${candidate}`).join(' ')}.`
				: `A parameter cannot be found that matches parameter name '${given}'.`);
		}

		if (spec.switches.includes(name)) {
			flags[name] = inline === undefined ? true : !/^\$?false$/i.test(inline);
			continue;
		}

		const value = inline ?? argv[++index];
		if (value === undefined) {
			throw new UsageError(`Missing an argument for parameter '${name}'. Specify a parameter of type 'System.String' and try again.`);
		}

		flags[name] = value;
	}

	return {flags, args};
}
