import {compareImages} from '../../core/analysis/compare-images.js';
import {errorMessage} from '../../core/errors.js';
import {comparisonLines} from '../../present/comparison.js';
import type {Context} from './context.js';

/**
 * `dockyard compare A B` on the two marked images: their layers read one at
 * a time, the result in a dialog with compare's own text. Two marks and no
 * other number: the dialog says how to mark them.
 */
export async function compareMarked(context: Context): Promise<void> {
	const marked = [...context.state().images.marks.values()];
	const layers = context.backend.capabilities.imageLayers;
	if (!layers) {
		return;
	}

	if (marked.length !== 2) {
		context.dialog({kind: 'message', title: 'Compare two images', tone: 'bad', lines: [`Mark exactly two images with Space to compare them (${marked.length} marked).`]});
		return;
	}

	const [a, b] = marked as [string, string];
	const equivalents = context.teach({kind: 'compare', a, b});
	context.set({busy: `comparing ${a} with ${b}`});
	try {
		const comparison = await compareImages(await layers(a), await layers(b));
		context.set({
			busy: undefined,
			last: {ok: true, summary: `compared ${a} with ${b}`, equivalents, fresh: true},
			dialog: {kind: 'message', title: `Compare ${a} → ${b}`, tone: 'good', lines: comparisonLines(comparison, {a, b}), more: `dockyard compare ${a} ${b}`},
		});
	} catch (error) {
		context.set({busy: undefined, dialog: {kind: 'message', title: 'Error', tone: 'bad', lines: [errorMessage(error)]}});
	}
}
