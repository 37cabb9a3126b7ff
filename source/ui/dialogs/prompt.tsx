import {Box, Text} from 'ink';
import {clean, truncate} from '../text.js';
import {tint} from '../theme.js';
import {Frame, innerWidth} from './frame.js';
import {TextBox} from '../text-box.js';

type Props = {title: string; label: string; value: string; error?: string; onChange: (value: string) => void; width: number; height: number};

/** One line of text (a tag, a path): Enter accepts, Esc cancels. */
export function PromptDialog({title, label, value, error, onChange, width, height}: Props) {
	return (
		<Frame title={title} width={width} height={Math.min(height, 8)}>
			<Text wrap="truncate">{truncate(label, innerWidth(width))}</Text>
			<Box>
				<Text>&gt; </Text>
				<TextBox value={value} onChange={onChange}/>
			</Box>
			{/* A refused value keeps the prompt open: the reason under the text, to fix it in place. */}
			{error ? <Text color={tint('bad')} wrap="wrap">{`✘ ${clean(error)}`}</Text> : undefined}
			<Text dimColor>Enter accepts · Esc cancels</Text>
		</Frame>
	);
}
