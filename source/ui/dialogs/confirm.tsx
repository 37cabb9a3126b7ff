import {Text} from 'ink';
import {powershellShown, type Equivalents} from '../../core/teach.js';
import {tint} from '../theme.js';
import {clean} from '../text.js';
import {wrapText} from '../teaching-rows.js';
import {Frame, innerWidth, titleRows} from './frame.js';

type Props = {title: string; lines: string[]; equivalents: Equivalents; question?: string; width: number; height: number};

/**
 * Asks before a change the rules allow, saying exactly what it will do. No
 * is the default. Everything wraps, nothing is cut: the question and the
 * commands always show; on a short body the blank line goes first, then the
 * last of the plan's lines, counted in an "… and N more".
 */
export function ConfirmDialog({title, lines, equivalents, question, width, height}: Props) {
	const room = innerWidth(width);
	const commands = [...equivalents.docker.map(command => `$ ${clean(command)}`), ...powershellShown(equivalents).map(line => clean(line))]
		.flatMap(command => wrapText(command, room, 2));
	const asked = wrapText(question ?? 'Proceed? [y/N]', room);
	const body = lines.flatMap(line => wrapText(clean(line), room, 2));
	// Borders, the title, the commands and the question; a blank line when there is room for it.
	const left = height - 2 - titleRows(title, width) - commands.length - asked.length;
	const blank = left - body.length >= 1;
	const max = Math.max(1, blank ? left - 1 : left);
	const shown = body.length > max ? [...body.slice(0, max - 1), `… and ${body.length - max + 1} more lines`] : body;
	return (
		<Frame title={title} tone="warn" width={width} height={height}>
			{shown.map((line, index) => <Text key={`${index}-${line}`}>{line}</Text>)}
			{blank ? <Text> </Text> : undefined}
			{commands.map((command, index) => <Text key={`${index}-${command}`} color={tint('accent')}>{command}</Text>)}
			{asked.map(line => <Text key={line} bold>{line}</Text>)}
		</Frame>
	);
}
