import {UsageError} from '../core/errors.js';
import {chooseTheme, themeNames, type ThemeName} from './theme.js';

/** What `dockyard` with no verb takes besides the global flags: `--no-mouse`, `--theme light|dark`. */
export type TuiFlags = {noMouse?: boolean; theme?: string};

/**
 * Takes the TUI's own flags out of argv, when what is left opens the TUI (no
 * verb, or `tui`); with a verb argv is left alone, and the verb says what it
 * does not know. A theme that is neither light nor dark is wrong usage.
 */
export function takeTuiFlags(argv: string[]): {argv: string[]; flags: TuiFlags} {
	const rest: string[] = [];
	const flags: TuiFlags = {};
	for (let index = 0; index < argv.length; index++) {
		const argument = argv[index]!;
		if (argument === '--no-mouse') {
			flags.noMouse = true;
		} else if (argument === '--theme' || argument.startsWith('--theme=')) {
			const value = argument === '--theme' ? argv[++index] : argument.slice('--theme='.length);
			if (value === undefined || !(themeNames as string[]).includes(value)) {
				throw new UsageError(`invalid value "${value ?? ''}" for --theme: use ${themeNames.join(' or ')}`);
			}

			flags.theme = value;
		} else {
			rest.push(argument);
		}
	}

	const opensTui = rest.length === 0 || (rest.length === 1 && rest[0] === 'tui');
	return opensTui ? {argv: rest, flags} : {argv, flags: {}};
}

export type TuiSettings = {mouse?: boolean; theme?: string};

/** Mouse reporting: on, unless --no-mouse, DOCKYARD_MOUSE=0 (or off/false/no), or `"mouse": false` in the settings file. */
export function mouseEnabled(flags: TuiFlags, settings: TuiSettings = {}, environment: NodeJS.ProcessEnv = process.env): boolean {
	if (flags.noMouse) {
		return false;
	}

	const variable = environment['DOCKYARD_MOUSE']?.trim().toLowerCase();
	if (variable) {
		return !['0', 'off', 'false', 'no'].includes(variable);
	}

	return settings.mouse !== false;
}

export function tuiTheme(flags: TuiFlags, settings: TuiSettings = {}, environment: NodeJS.ProcessEnv = process.env): ThemeName {
	return chooseTheme({flag: flags.theme, setting: settings.theme, environment});
}
