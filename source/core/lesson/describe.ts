import {powershellShown, teach, type Equivalents} from '../teach.js';
import type {Condition, Step} from './lesson.js';

/** A condition in words, for the panel's "waiting for" line. */
export function describeCondition(condition: Condition): string {
	if ('image' in condition) {
		return `the image ${condition.image}`;
	}

	if ('noImage' in condition) {
		return `no image ${condition.noImage}`;
	}

	if ('container' in condition) {
		return condition.container === '*' ? 'a container' : `a container from ${condition.container}`;
	}

	if ('child' in condition) {
		return `an image created from ${condition.child}`;
	}

	if ('journal' in condition) {
		const {action, ok, summary} = condition.journal;
		const what = ok === false ? `a refused ${action}` : ok === true ? `a ${action} done` : `a ${action}`;
		return `${what}${summary ? ` saying "${summary}"` : ''} in the journal`;
	}

	if ('all' in condition) {
		return condition.all.map(part => describeCondition(part)).join(' and ');
	}

	return condition.any.map(part => describeCondition(part)).join(' or ');
}

/** A step's actions as one set of equivalents, each line once: core/teach's, as the TUI and the journal show them. */
export function stepEquivalents(step: Pick<Step, 'teach'>): Equivalents {
	const all = step.teach.map(action => teach(action));
	const docker = [...new Set(all.flatMap(equivalents => equivalents.docker))];
	const commands = [...new Set(all.flatMap(equivalents => 'commands' in equivalents.powershell ? equivalents.powershell.commands : []))];
	const reasons = [...new Set(all.flatMap(equivalents => 'none' in equivalents.powershell ? [equivalents.powershell.none] : equivalents.powershell.note ? [equivalents.powershell.note] : []))];
	if (commands.length === 0) {
		return {docker, powershell: {none: reasons.join('; ')}};
	}

	return {docker, powershell: reasons.length > 0 ? {commands, note: reasons.join('; ')} : {commands}};
}

/** A step's commands as the panel shows them: `$ docker …`, `PS> …`, and in words what PowerShell has not (`PS: …`). */
export function stepLines(step: Pick<Step, 'teach'>): string[] {
	const equivalents = stepEquivalents(step);
	return [...equivalents.docker.map(line => `$ ${line}`), ...powershellShown(equivalents)];
}
