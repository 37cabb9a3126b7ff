/**
 * A small fuzzy match, as command palettes do it: every character of the
 * query appears in the text in order (case ignored), and a match scores
 * higher when its characters run together and start words. Undefined when
 * the text does not match at all.
 */
export function fuzzyScore(query: string, text: string): number | undefined {
	const wanted = [...query.toLowerCase()].filter(character => character !== ' ');
	if (wanted.length === 0) {
		return 0;
	}

	const haystack = [...text.toLowerCase()];
	let score = 0;
	let at = -1;
	let run = 0;
	for (const character of wanted) {
		const found = haystack.indexOf(character, at + 1);
		if (found === -1) {
			return undefined;
		}

		run = found === at + 1 ? run + 1 : 0;
		const wordStart = found === 0 || /[\s:/(·-]/.test(haystack[found - 1]!);
		// Runs count most, word starts next; a match far into the text a little less.
		score += 1 + (run * 3) + (wordStart ? 2 : 0) - (found / 1000);
		at = found;
	}

	return score;
}
