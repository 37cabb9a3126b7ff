import type {ParseArgsOptionsConfig} from 'node:util';

/**
 * docker's and podman's flag parser (pflag) gives an option that takes a
 * value the next argument whatever it starts with: `--limit -1`, `-f
 * -dangling`. node's parseArgs calls that ambiguous; joined as `--limit=-1`
 * (or `-f-dangling`) it reads the same as pflag does.
 */
export function joinDashedValues(argv: string[], options: ParseArgsOptionsConfig): string[] {
	const takesValue = new Set<string>();
	for (const [name, option] of Object.entries(options)) {
		if (option.type === 'string') {
			takesValue.add(`--${name}`);
			if (option.short) {
				takesValue.add(`-${option.short}`);
			}
		}
	}

	const joined: string[] = [];
	for (let index = 0; index < argv.length; index++) {
		const argument = argv[index]!;
		if (argument === '--') {
			joined.push(...argv.slice(index));
			break;
		}

		const value = argv[index + 1];
		if (takesValue.has(argument) && value !== undefined && value.startsWith('-') && value !== '--') {
			joined.push(argument.startsWith('--') ? `${argument}=${value}` : `${argument}${value}`);
			index++;
		} else {
			joined.push(argument);
		}
	}

	return joined;
}
