import type {Commands, Condition} from './lesson.js';

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

/** A step's commands as the panel and `--list` show them: `$ docker …`, `PS> …`, or the reason there is none. */
export function commandLines(commands: Commands, prompt: '$' | 'PS>'): string[] {
	if ('none' in commands) {
		return [`${prompt === '$' ? 'docker' : 'PowerShell'}: no equivalent (${commands.none})`];
	}

	return commands.lines.map(line => `${prompt} ${line}`);
}
