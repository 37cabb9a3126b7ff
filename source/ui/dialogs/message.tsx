import {Text} from 'ink';
import {clean, truncate} from '../text.js';
import {Frame, innerWidth} from './frame.js';

type Props = {title: string; lines: string[]; tone: 'bad' | 'good'; width: number; height: number};

/** An error or a result that needs reading: long lines wrap, within the frame. */
export function MessageDialog({title, lines, tone, width, height}: Props) {
	const room = innerWidth(width);
	const max = Math.max(1, height - 5);
	return (
		<Frame title={title} tone={tone} width={width} height={height}>
			{lines.slice(0, max).map(clean).map((line, index) => <Text key={`${index}-${line}`} wrap="wrap">{truncate(line, room * 3)}</Text>)}
			<Text> </Text>
			<Text dimColor>Esc or Enter closes</Text>
		</Frame>
	);
}
