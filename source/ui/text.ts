import stringWidth from 'string-width';
import {cleanText} from '../core/text.js';

/** Hub and registry text made safe to draw: no escape sequences, no control characters. */
export function clean(text: string): string {
	return cleanText(text);
}

/**
 * Cuts text to at most `width` terminal cells, ending in '…' when cut. Wide
 * characters count twice, so a row of CJK text never spills over its column.
 */
export function truncate(text: string, width: number): string {
	if (width <= 0) {
		return '';
	}

	if (stringWidth(text) <= width) {
		return text;
	}

	let result = '';
	let used = 0;
	for (const character of text) {
		const cells = stringWidth(character);
		if (used + cells > width - 1) {
			break;
		}

		result += character;
		used += cells;
	}

	return result + '…';
}

/** Exactly `width` cells: truncated, then padded with spaces (on the left when `right`). */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
	const cut = truncate(text, width);
	const padding = ' '.repeat(Math.max(0, width - stringWidth(cut)));
	return align === 'right' ? padding + cut : cut + padding;
}

export {stringWidth};
