import {Text} from 'ink';
import {containerStatusText} from '../../present/containers.js';
import {shortId} from '../../core/digest.js';
import type {Refusal} from '../../core/backend/removal.js';
import type {Dependent, SnapshotContainer} from '../../core/backend/snapshot.js';
import {tint} from '../theme.js';
import {truncate} from '../text.js';
import {Frame, innerWidth} from './frame.js';

type Props = {title: string; refusals: Refusal[]; containers: SnapshotContainer[]; width: number; height: number};

function describe(dependent: Dependent, containers: SnapshotContainer[]): string {
	if (dependent.kind === 'container') {
		const container = containers.find(candidate => candidate.id === dependent.id);
		const status = container ? `${containerStatusText(container)}, ` : '';
		return `• container ${shortId(dependent.id)} "${dependent.name}" (${status}${dependent.statusText})`;
	}

	return `• child image ${shortId(dependent.id)} ${dependent.tags.length > 0 ? dependent.tags.join(', ') : '<none>'}`;
}

/** Lines of a refusal: docker's conflict line, each dependent by name, then the rule. */
export function refusalLines(refusals: Refusal[], containers: SnapshotContainer[]): Array<{text: string; kind: 'head' | 'dependent' | 'rule'}> {
	return refusals.flatMap(refusal => [
		{text: `${refusal.target}: ${refusal.message}`, kind: 'head' as const},
		...refusal.dependents.map(dependent => ({text: `  ${describe(dependent, containers)}`, kind: 'dependent' as const})),
		{text: `  Rule: ${refusal.rule}`, kind: 'rule' as const},
	]);
}

/** No confirmation when dependents exist: who depends on it, and why that stops the removal. Nothing changed. */
export function RefusalDialog({title, refusals, containers, width, height}: Props) {
	const room = innerWidth(width);
	const lines = refusalLines(refusals, containers);
	const max = Math.max(1, height - 5);
	const shown = lines.length > max ? [...lines.slice(0, max - 1), {text: `… and ${lines.length - max + 1} more lines`, kind: 'rule' as const}] : lines;
	return (
		<Frame title={title} tone="bad" width={width} height={height}>
			{shown.map((line, index) => (
				<Text key={`${index}-${line.text}`} wrap="wrap" bold={line.kind === 'head'} color={line.kind === 'dependent' ? tint('warn') : undefined}>
					{truncate(line.text, room * 4)}
				</Text>
			))}
			<Text> </Text>
			<Text bold>{`Nothing was changed. (Esc closes${refusals.some(refusal => refusal.dependents.length > 0) ? ' · o goes to the first dependent' : ''})`}</Text>
		</Frame>
	);
}
