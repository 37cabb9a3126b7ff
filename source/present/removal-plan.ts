import type {RemovalPlan} from '../core/backend/removal.js';

/**
 * What an allowed removal will do, one line per tag and image, in the future:
 * the TUI's confirmation ("Will untag …", before anything is done) and
 * `rmi --explain` ("Would untag …", nothing is done) say the same plan.
 */
export function removalPlanLines(plan: Pick<Extract<RemovalPlan, {allowed: true}>, 'untagged' | 'deleted'>, mood: 'will' | 'would'): string[] {
	const verb = mood === 'will' ? 'Will' : 'Would';
	return [...plan.untagged.map(tag => `${verb} untag ${tag}`), ...plan.deleted.map(id => `${verb} delete ${id}`)];
}
