import type {ReactNode} from 'react';
import {Box, Text} from 'ink';
import {tint, type Tint} from '../theme.js';
import {truncate} from '../text.js';

type Props = {title: string; tone?: Tint; width: number; height: number; children: ReactNode};

/** The box every dialog is drawn in: it takes the pane's place, so one thing at a time has the keys. */
export function Frame({title, tone = 'accent', width, height, children}: Props) {
	const frameWidth = Math.max(20, Math.min(width, 90));
	return (
		<Box flexDirection="column" height={height} width={frameWidth} borderStyle="round" borderColor={tint(tone)} paddingX={1} overflow="hidden">
			<Text bold color={tint(tone)} wrap="truncate">{truncate(title, frameWidth - 4)}</Text>
			{children}
		</Box>
	);
}

/** Room inside a frame for text lines, after borders, padding and the title. */
export function innerWidth(width: number): number {
	return Math.max(16, Math.min(width, 90)) - 4;
}
