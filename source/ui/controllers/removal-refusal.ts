import type {Refusal} from '../../core/backend/removal.js';
import {journalEntry} from '../../core/journal.js';
import {teach, type Action} from '../../core/teach.js';
import type {Context} from './context.js';

/**
 * A removal the rules refuse, before anything was asked of the store: the
 * refusal dialog naming each dependent, the attempt on the teaching line
 * marked refused (taught as typed: forcing would not change the answer), and
 * the journal's entry of it.
 */
export function refuseRemoval(context: Context, action: Action, refusals: Refusal[], title: string): void {
	const summary = refusals.map(refusal => refusal.message).join('; ');
	const rule = [...new Set(refusals.map(refusal => refusal.rule))].join(' ');
	context.set({
		dialog: {kind: 'refusal', title, refusals},
		last: {ok: false, outcome: 'refused', rule, summary, equivalents: teach(action, context.backend.teaching, 'refused'), fresh: true},
	});
	void context.backend.capabilities.journalWrite?.record(journalEntry(action, `refused: ${summary}`, 'refused', rule, teach(action, undefined, 'refused'))).catch(() => {});
}
