/**
 * Colours, in one place so that NO_COLOR (https://no-color.org) turns every
 * one of them off. Bold and inverse stay: they carry the cursor and the
 * selection, and are not colours.
 *
 * Two palettes: the dark one (light text on a dark background, the default)
 * and a light one, where yellow and cyan would wash out on white. Which one:
 * `--theme light|dark`, else the settings file's `theme`, else a guess from
 * COLORFGBG (set by rxvt, Konsole and others as "fg;bg"), else dark.
 */
const palettes = {
	dark: {
		accent: 'cyan',
		muted: 'gray',
		good: 'green',
		warn: 'yellow',
		bad: 'red',
		base: 'magenta',
	},
	light: {
		accent: 'blue',
		muted: 'gray',
		good: '#006400',
		warn: '#8b4500',
		bad: '#b00000',
		base: '#7b1fa2',
	},
} as const;

export type ThemeName = keyof typeof palettes;

export type Tint = keyof typeof palettes.dark;

export const themeNames = Object.keys(palettes) as ThemeName[];

export function colorEnabled(environment: NodeJS.ProcessEnv = process.env): boolean {
	// The spec: present and not empty disables colour.
	return !environment['NO_COLOR'];
}

/**
 * The terminal's background from COLORFGBG ("15;0", or "default;default;0"):
 * its last field is an ANSI colour number; 7 (light grey) and 9–15 (the
 * bright ones) are light backgrounds. Undefined when it is not set or not a number.
 */
export function guessFromColorFgBg(environment: NodeJS.ProcessEnv = process.env): ThemeName | undefined {
	const value = environment['COLORFGBG'];
	const background = value?.split(';').at(-1);
	if (!background || !/^\d+$/.test(background)) {
		return undefined;
	}

	const number = Number(background);
	return number === 7 || (number >= 9 && number <= 15) ? 'light' : 'dark';
}

export function isThemeName(value: unknown): value is ThemeName {
	return typeof value === 'string' && (themeNames as string[]).includes(value);
}

/** The theme to use: the flag, else the setting, else the terminal's guess, else dark. */
export function chooseTheme(options: {flag?: string; setting?: string; environment?: NodeJS.ProcessEnv} = {}): ThemeName {
	for (const choice of [options.flag, options.setting]) {
		if (isThemeName(choice)) {
			return choice;
		}
	}

	return guessFromColorFgBg(options.environment) ?? 'dark';
}

let current: ThemeName = 'dark';

/** Chosen once at start (tui.tsx), before the first frame. */
export function setTheme(name: ThemeName): void {
	current = name;
}

export function currentTheme(): ThemeName {
	return current;
}

/** The colour for a role, or undefined (the terminal's own) under NO_COLOR. */
export function tint(role: Tint, environment: NodeJS.ProcessEnv = process.env, theme: ThemeName = current): string | undefined {
	return colorEnabled(environment) ? palettes[theme][role] : undefined;
}
