/**
 * Colours, in one place so that NO_COLOR (https://no-color.org) turns every
 * one of them off. Bold and inverse stay: they carry the cursor and the
 * selection, and are not colours.
 */
const palette = {
	accent: 'cyan',
	muted: 'gray',
	good: 'green',
	warn: 'yellow',
	bad: 'red',
	base: 'magenta',
} as const;

export type Tint = keyof typeof palette;

export function colorEnabled(environment: NodeJS.ProcessEnv = process.env): boolean {
	// The spec: present and not empty disables colour.
	return !environment['NO_COLOR'];
}

/** The colour for a role, or undefined (the terminal's own) under NO_COLOR. */
export function tint(role: Tint, environment: NodeJS.ProcessEnv = process.env): string | undefined {
	return colorEnabled(environment) ? palette[role] : undefined;
}
