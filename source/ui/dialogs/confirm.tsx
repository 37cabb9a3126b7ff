import {Text} from 'ink';
import {powershellShown, type Equivalents} from '../../core/teach.js';
import {tint} from '../theme.js';
import {clean, truncate} from '../text.js';
import {Frame, innerWidth} from './frame.js';

type Props = {title: string; lines: string[]; equivalents: Equivalents; question?: string; width: number; height: number};

/** Asks before a change the rules allow, saying exactly what it will do. No is the default. */
export function ConfirmDialog({title, lines, equivalents, question, width, height}: Props) {
	const room = innerWidth(width);
	const commands = [...equivalents.docker.map(command => `$ ${clean(command)}`), ...powershellShown(equivalents).map(line => clean(line))];
	// Borders, title, blank, commands, question.
	const max = Math.max(1, height - 5 - commands.length);
	const shown = lines.length > max ? [...lines.slice(0, max - 1), `… and ${lines.length - max + 1} more`] : lines;
	return (
		<Frame title={title} tone="warn" width={width} height={height}>
			{shown.map((line, index) => <Text key={`${index}-${line}`} wrap="truncate">{truncate(clean(line), room)}</Text>)}
			<Text> </Text>
			{commands.map(command => <Text key={command} color={tint('accent')} wrap="wrap">{truncate(command, room * 2)}</Text>)}
			<Text bold>{question ?? 'Proceed? [y/N]'}</Text>
		</Frame>
	);
}
