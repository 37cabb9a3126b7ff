import {Text} from 'ink';
import {clean, truncate} from '../text.js';
import {Frame, innerWidth} from './frame.js';

type Props = {title: string; lines: string[]; tone: 'bad' | 'good'; more?: string; width: number; height: number};

/** An error or a result that needs reading: long lines wrap, within the frame. */
export function MessageDialog({title, lines, tone, more, width, height}: Props) {
	const room = innerWidth(width);
	const max = Math.max(1, height - 5);
	// Too long for the dialog: the last row says how many more, and where to read them all.
	const shown = lines.length <= max ? lines : [...lines.slice(0, max - 1), `… ${lines.length - max + 1} more lines${more ? ` (${more})` : ''}`];
	return (
		<Frame title={title} tone={tone} width={width} height={height}>
			{shown.map(clean).map((line, index) => <Text key={`${index}-${line}`} wrap="wrap">{truncate(line, room * 3)}</Text>)}
			<Text> </Text>
			<Text dimColor>Esc or Enter closes</Text>
		</Frame>
	);
}
