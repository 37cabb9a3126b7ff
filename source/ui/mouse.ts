/**
 * The mouse, as terminals report it in SGR mode (`CSI ? 1000 h` reports
 * presses, releases and the wheel; `CSI ? 1006 h` writes them as
 * `ESC [ < button ; column ; row M` for a press, `m` for a release). With
 * reporting on, terminals still select text when Shift is held.
 */
export const mouseOn = '\u001B[?1000h\u001B[?1006h';
export const mouseOff = '\u001B[?1006l\u001B[?1000l';

export type MouseEvent =
	| {kind: 'press'; button: 'left' | 'middle' | 'right'; x: number; y: number}
	| {kind: 'release'; x: number; y: number}
	| {kind: 'wheel'; direction: 'up' | 'down'; x: number; y: number};

const sgrMouse = /^\u001B\[<(\d+);(\d+);(\d+)([Mm])$/;

export function isMouseSequence(key: string): boolean {
	return sgrMouse.test(key);
}

/** One SGR report as an event, its cell 0-based; undefined for what is not one (or a drag, unused). */
export function parseMouse(key: string): MouseEvent | undefined {
	const match = sgrMouse.exec(key);
	if (!match) {
		return undefined;
	}

	const code = Number(match[1]);
	const x = Number(match[2]) - 1;
	const y = Number(match[3]) - 1;
	if (x < 0 || y < 0) {
		return undefined;
	}

	// Bits 2–4 are Shift, Meta and Ctrl; 32 is motion; 64 the wheel.
	if ((code & 32) !== 0) {
		return undefined;
	}

	if ((code & 64) !== 0) {
		const wheel = code & 3;
		return wheel === 0 || wheel === 1 ? {kind: 'wheel', direction: wheel === 0 ? 'up' : 'down', x, y} : undefined;
	}

	if (match[4] === 'm') {
		return {kind: 'release', x, y};
	}

	const button = (['left', 'middle', 'right'] as const)[code & 3];
	return button ? {kind: 'press', button, x, y} : undefined;
}

/** Two presses on the same cell within this long are a double click. */
export const doubleClickMs = 400;

/** Tells double clicks from single ones, given each press and when it came. */
export function clickCounter(): (x: number, y: number, at: number) => 1 | 2 {
	let last: {x: number; y: number; at: number} | undefined;
	return (x, y, at) => {
		const double = last !== undefined && last.x === x && last.y === y && at - last.at <= doubleClickMs;
		// A third click starts over, so three are a double click and a single one.
		last = double ? undefined : {x, y, at};
		return double ? 2 : 1;
	};
}

/** Where mouse events come from (the key stream, which keeps them from the keys); the listener is detached by the returned function. */
export type MouseSource = {subscribe: (listener: (event: MouseEvent) => void) => () => void};
