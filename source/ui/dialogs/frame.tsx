import type {ReactNode} from 'react';
import {Box, Text} from 'ink';
import {tint, type Tint} from '../theme.js';
import {wrapText} from '../teaching-rows.js';

type Props = {title: string; tone?: Tint; width: number; height: number; children: ReactNode};

/** The box every dialog is drawn in: it takes the pane's place, so one thing at a time has the keys. */
export function Frame({title, tone = 'accent', width, height, children}: Props) {
	const frameWidth = Math.max(20, Math.min(width, 90));
	// The title wraps, never cut: it names what the dialog is about (a reference, a version).
	return (
		<Box flexDirection="column" height={height} width={frameWidth} borderStyle="round" borderColor={tint(tone)} paddingX={1} overflow="hidden">
			{/* Never squeezed: a body taller than the frame is clipped at its foot, not drawn over the title. */}
			<Box flexDirection="column" flexShrink={0}>
				{wrapText(title, frameWidth - 4, 2).map(line => <Text key={line} bold color={tint(tone)}>{line}</Text>)}
			</Box>
			{children}
		</Box>
	);
}

/** Room inside a frame for text lines, after borders, padding and the title. */
export function innerWidth(width: number): number {
	return Math.max(16, Math.min(width, 90)) - 4;
}

/** Rows the title takes, wrapped to the frame. */
export function titleRows(title: string, width: number): number {
	return wrapText(title, Math.max(20, Math.min(width, 90)) - 4, 2).length;
}
