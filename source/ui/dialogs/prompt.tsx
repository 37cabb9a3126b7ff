import {Box, Text} from 'ink';
import {truncate} from '../text.js';
import {Frame, innerWidth} from './frame.js';
import {TextBox} from '../text-box.js';

type Props = {title: string; label: string; value: string; onChange: (value: string) => void; width: number; height: number};

/** One line of text (a tag, a path): Enter accepts, Esc cancels. */
export function PromptDialog({title, label, value, onChange, width, height}: Props) {
	return (
		<Frame title={title} width={width} height={Math.min(height, 8)}>
			<Text wrap="truncate">{truncate(label, innerWidth(width))}</Text>
			<Box>
				<Text>&gt; </Text>
				<TextBox value={value} onChange={onChange}/>
			</Box>
			<Text dimColor>Enter accepts · Esc cancels</Text>
		</Frame>
	);
}
