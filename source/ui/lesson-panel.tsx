import {Box, Text} from 'ink';
import type {LessonLine} from './lesson-lines.js';
import {tint} from './theme.js';

/** The lesson panel: lines made by lessonLines (already wrapped to the width), one Text each. */
export function LessonPanel({lines}: {lines: LessonLine[]}) {
	return (
		<Box flexDirection="column">
			{lines.map((line, index) => (
				<Text
					// eslint-disable-next-line react/no-array-index-key
					key={index}
					wrap="truncate"
					bold={line.tone === 'title'}
					inverse={line.tone === 'title'}
					dimColor={line.tone === 'why' || line.tone === 'rule'}
					color={line.tone === 'command' ? tint('accent') : line.tone === 'waiting' ? tint('warn') : line.tone === 'done' ? tint('good') : undefined}
				>
					{line.text || ' '}
				</Text>
			))}
		</Box>
	);
}
