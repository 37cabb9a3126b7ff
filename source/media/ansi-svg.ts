import stringWidth from 'string-width';

/**
 * A terminal screen as tmux prints it (`capture-pane -e -p`: text with SGR
 * escapes) drawn as an SVG: a monospace grid, each character placed in its
 * own cell, colours and attributes from the SGR codes. Enough of a terminal
 * for screenshots; not a terminal emulator (no cursor movement).
 */
export type Style = {
	fg?: string;
	bg?: string;
	bold?: boolean;
	dim?: boolean;
	italic?: boolean;
	underline?: boolean;
	inverse?: boolean;
	strike?: boolean;
};

export type Cell = {text: string; width: number; style: Style};

/** A dark theme: the xterm 16 colours as most terminal themes tone them. */
const dark = {
	background: '#1b1d23',
	foreground: '#d7dae0',
	ansi: [
		'#2e3440', '#e06c75', '#98c379', '#e5c07b', '#61afef', '#c678dd', '#56b6c2', '#d7dae0',
		'#5c6370', '#ff7b86', '#b5e890', '#ffd88a', '#82c4ff', '#dd9cf0', '#7fd6e0', '#ffffff',
	],
};

/** A light terminal's, for the screenshot of the light theme. */
const light = {
	background: '#fbfbfb',
	foreground: '#24292f',
	ansi: [
		'#24292f', '#c4262e', '#1a7f37', '#9a6700', '#0550ae', '#8250df', '#1b7c83', '#6e7781',
		'#57606a', '#e5534b', '#2da44e', '#bf8700', '#218bff', '#a475f9', '#3192aa', '#8c959f',
	],
};

/** The terminal theme of the screen being drawn (screenToSvg sets it). */
let theme = dark;

function xterm256(index: number): string {
	if (index < 16) {
		return theme.ansi[index]!;
	}

	if (index < 232) {
		const steps = [0, 95, 135, 175, 215, 255];
		const value = index - 16;
		const channel = (n: number) => steps[n]!.toString(16).padStart(2, '0');
		return `#${channel(Math.floor(value / 36))}${channel(Math.floor(value / 6) % 6)}${channel(value % 6)}`;
	}

	const grey = (8 + ((index - 232) * 10)).toString(16).padStart(2, '0');
	return `#${grey}${grey}${grey}`;
}

function rgb(red: number, green: number, blue: number): string {
	return `#${[red, green, blue].map(value => Math.max(0, Math.min(255, value)).toString(16).padStart(2, '0')).join('')}`;
}

/** SGR codes that switch attributes on or off. */
const attributeCodes: Record<number, Partial<Style>> = {
	1: {bold: true},
	2: {dim: true},
	3: {italic: true},
	4: {underline: true},
	7: {inverse: true},
	9: {strike: true},
	22: {bold: false, dim: false},
	23: {italic: false},
	24: {underline: false},
	27: {inverse: false},
	29: {strike: false},
};

/** Applies one SGR sequence's parameters to a style. */
export function applySgr(style: Style, parameters: string): Style {
	const codes = parameters === '' ? [0] : parameters.split(/[;:]/).map(Number);
	let next: Style = {...style};
	for (let index = 0; index < codes.length; index++) {
		const code = codes[index]!;
		const extended = (): string | undefined => {
			const mode = codes[index + 1];
			if (mode === 5) {
				index += 2;
				return xterm256(codes[index] ?? 0);
			}

			if (mode === 2) {
				index += 4;
				return rgb(codes[index - 2] ?? 0, codes[index - 1] ?? 0, codes[index] ?? 0);
			}

			index++;
			return undefined;
		};

		if (code === 0) {
			next = {};
		} else if (attributeCodes[code]) {
			next = {...next, ...attributeCodes[code]};
		} else if (code >= 30 && code <= 37) {
			next.fg = theme.ansi[code - 30];
		} else if (code === 38) {
			next.fg = extended();
		} else if (code === 39) {
			next.fg = undefined;
		} else if (code >= 40 && code <= 47) {
			next.bg = theme.ansi[code - 40];
		} else if (code === 48) {
			next.bg = extended();
		} else if (code === 49) {
			next.bg = undefined;
		} else if (code >= 90 && code <= 97) {
			next.fg = theme.ansi[code - 90 + 8];
		} else if (code >= 100 && code <= 107) {
			next.bg = theme.ansi[code - 100 + 8];
		}
	}

	return next;
}

const segmenter = new Intl.Segmenter('en', {granularity: 'grapheme'});

/** The screen as rows of cells; a wide character takes its cell and an empty one after it. */
export function parseScreen(capture: string, columns: number, rows: number): Cell[][] {
	const lines = capture.replace(/\n$/, '').split('\n');
	const screen: Cell[][] = [];
	let style: Style = {};
	for (let row = 0; row < rows; row++) {
		const cells: Cell[] = [];
		const line = lines[row] ?? '';
		// SGR sequences and the text between them; any other escape is dropped.
		for (const part of line.split(/(\u001B\[[\d;:]*m|\u001B\[[^@-~]*[@-~]|\u001B\][^\u0007\u001B]*(?:\u0007|\u001B\\))/)) {
			const sgr = /^\u001B\[([\d;:]*)m$/.exec(part);
			if (sgr) {
				style = applySgr(style, sgr[1]!);
				continue;
			}

			if (part.startsWith('\u001B')) {
				continue;
			}

			for (const {segment} of segmenter.segment(part)) {
				const width = stringWidth(segment);
				if (width === 0 || cells.length >= columns) {
					continue;
				}

				cells.push({text: segment, width, style});
				if (width === 2) {
					cells.push({text: '', width: 0, style});
				}
			}
		}

		while (cells.length < columns) {
			cells.push({text: ' ', width: 1, style: {}});
		}

		screen.push(cells.slice(0, columns));
	}

	return screen;
}

/** Box-drawing characters as the edges of their cell they join (left, right, up, down); `round` for ╭╮╰╯. */
const boxes: Record<string, {l?: boolean; r?: boolean; u?: boolean; d?: boolean; round?: boolean; heavy?: boolean}> = {
	'─': {l: true, r: true},
	'━': {l: true, r: true, heavy: true},
	'│': {u: true, d: true},
	'┃': {u: true, d: true, heavy: true},
	'┌': {r: true, d: true},
	'┐': {l: true, d: true},
	'└': {u: true, r: true},
	'┘': {u: true, l: true},
	'├': {u: true, d: true, r: true},
	'┤': {u: true, d: true, l: true},
	'┬': {l: true, r: true, d: true},
	'┴': {l: true, r: true, u: true},
	'┼': {l: true, r: true, u: true, d: true},
	'╭': {r: true, d: true, round: true},
	'╮': {l: true, d: true, round: true},
	'╰': {u: true, r: true, round: true},
	'╯': {u: true, l: true, round: true},
};

/**
 * A box-drawing character drawn as lines to the edges of its cell, so that
 * frames join up whatever the font's glyph height and the line spacing.
 */
function boxPath(character: string, left: number, top: number, width: number, height: number): string | undefined {
	const box = boxes[character];
	if (!box) {
		return undefined;
	}

	const round = (value: number) => Math.round(value * 100) / 100;
	// On a pixel's centre, so that a thin line stays crisp.
	const cx = Math.floor(left + (width / 2)) + 0.5;
	const cy = Math.floor(top + (height / 2)) + 0.5;
	const right = round(left + width);
	const bottom = round(top + height);
	if (box.round) {
		// One quarter arc from the vertical edge to the horizontal one.
		const radius = round(Math.min(width, height) / 2);
		const vertical = box.u ? `M${cx} ${top}V${round(cy - radius)}` : `M${cx} ${bottom}V${round(cy + radius)}`;
		const toward = box.r ? 1 : -1;
		const sweep = (box.u ? 0 : 1) ^ (box.r ? 0 : 1);
		const arc = `A${radius} ${radius} 0 0 ${sweep} ${round(cx + (toward * radius))} ${cy}`;
		const horizontal = box.r ? `H${right}` : `H${left}`;
		return vertical + arc + horizontal;
	}

	const parts: string[] = [];
	if (box.l || box.r) {
		parts.push(`M${box.l ? left : cx} ${cy}H${box.r ? right : cx}`);
	}

	if (box.u || box.d) {
		parts.push(`M${cx} ${box.u ? top : cy}V${box.d ? bottom : cy}`);
	}

	return parts.join('');
}

function escapeXml(text: string): string {
	return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

/** The colours a cell is drawn in, inverse and defaults resolved. */
function colours(style: Style): {fg: string; bg?: string} {
	const fg = style.fg ?? theme.foreground;
	if (style.inverse) {
		return {fg: style.bg ?? theme.background, bg: fg};
	}

	return {fg, bg: style.bg};
}

function sameLook(a: Style, b: Style): boolean {
	const ca = colours(a);
	const cb = colours(b);
	return ca.fg === cb.fg && Boolean(a.bold) === Boolean(b.bold) && Boolean(a.dim) === Boolean(b.dim)
		&& Boolean(a.italic) === Boolean(b.italic) && Boolean(a.underline) === Boolean(b.underline) && Boolean(a.strike) === Boolean(b.strike);
}

export type SvgOptions = {columns: number; rows: number; title?: string; fontSize?: number; /** A light terminal's colours. */ light?: boolean};

/**
 * The SVG of a captured screen. Every glyph has its own x, so the grid holds
 * whatever font the renderer picks for a missing glyph.
 */
export function screenToSvg(capture: string, options: SvgOptions): string {
	const {columns, rows} = options;
	theme = options.light ? light : dark;
	const fontSize = options.fontSize ?? 14;
	const cellWidth = Math.round(fontSize * 0.6021 * 100) / 100;
	const lineHeight = Math.round(fontSize * 1.2);
	const pad = 14;
	const titleHeight = options.title ? 30 : 0;
	const width = Math.ceil((columns * cellWidth) + (2 * pad));
	const height = Math.ceil((rows * lineHeight) + (2 * pad) + titleHeight);
	const baseline = Math.round(((lineHeight - (fontSize * 1.164)) / 2) + (fontSize * 0.928));
	const screen = parseScreen(capture, columns, rows);
	const out: string[] = [];
	out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`);
	out.push(`<rect width="${width}" height="${height}" rx="8" fill="${theme.background}"/>`);
	if (options.title) {
		out.push(`<rect width="${width}" height="${titleHeight}" rx="8" fill="#2a2d35"/>`, `<rect y="${titleHeight - 8}" width="${width}" height="8" fill="#2a2d35"/>`);
		for (const [index, colour] of ['#ff5f57', '#febc2e', '#28c840'].entries()) {
			out.push(`<circle cx="${pad + 6 + (index * 20)}" cy="${titleHeight / 2}" r="6" fill="${colour}"/>`);
		}

		out.push(`<text x="${width / 2}" y="${(titleHeight / 2) + 4.5}" text-anchor="middle" font-family="DejaVu Sans, sans-serif" font-size="13" fill="#9da5b4">${escapeXml(options.title)}</text>`);
	}

	out.push(`<g transform="translate(${pad} ${pad + titleHeight})" font-family="'DejaVu Sans Mono', 'Liberation Mono', Menlo, Consolas, monospace" font-size="${fontSize}">`);
	const x = (column: number) => Math.round(column * cellWidth * 100) / 100;
	for (const [row, cells] of screen.entries()) {
		const top = row * lineHeight;
		// Backgrounds: one rectangle per run of the same colour.
		for (let column = 0; column < cells.length;) {
			const {bg} = colours(cells[column]!.style);
			let end = column + 1;
			while (end < cells.length && colours(cells[end]!.style).bg === bg) {
				end++;
			}

			if (bg) {
				out.push(`<rect x="${x(column)}" y="${top}" width="${(x(end) - x(column)).toFixed(2)}" height="${lineHeight}" fill="${bg}"/>`);
			}

			column = end;
		}

		// Glyphs: one <text> per run of the same look, split at spaces, each glyph at its own x;
		// box drawing as one path per stroke style, so that its segments join without seams.
		const lines = new Map<string, string>();
		for (let column = 0; column < cells.length;) {
			const cell = cells[column]!;
			if (cell.text === ' ' || cell.text === '') {
				column++;
				continue;
			}

			const line = boxPath(cell.text, x(column), top, x(column + 1) - x(column), lineHeight);
			if (line) {
				const {style} = cell;
				const weight = boxes[cell.text]!.heavy || style.bold ? 2 : 1.2;
				const key = `stroke="${colours(style).fg}" stroke-width="${weight}"${style.dim ? ' stroke-opacity="0.6"' : ''}`;
				lines.set(key, (lines.get(key) ?? '') + line);
				column++;
				continue;
			}

			const glyphs: string[] = [];
			const xs: number[] = [];
			let end = column;
			while (end < cells.length && cells[end]!.text !== ' ' && !boxes[cells[end]!.text] && sameLook(cells[end]!.style, cell.style)) {
				if (cells[end]!.text !== '') {
					for (const character of cells[end]!.text) {
						glyphs.push(character);
						xs.push(x(end));
					}
				}

				end++;
			}

			const {style} = cell;
			const attributes = [
				`fill="${colours(style).fg}"`,
				style.bold ? 'font-weight="bold"' : '',
				style.dim ? 'fill-opacity="0.6"' : '',
				style.italic ? 'font-style="italic"' : '',
				style.underline || style.strike ? `text-decoration="${style.underline ? 'underline' : 'line-through'}"` : '',
			].filter(Boolean).join(' ');
			out.push(`<text x="${xs.join(' ')}" y="${top + baseline}" ${attributes}>${escapeXml(glyphs.join(''))}</text>`);
			column = end;
		}

		for (const [stroke, path] of lines) {
			out.push(`<path d="${path}" fill="none" ${stroke}/>`);
		}
	}

	out.push('</g>', '</svg>');
	return out.join('\n') + '\n';
}
