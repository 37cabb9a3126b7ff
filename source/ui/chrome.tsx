import {Box, Text} from 'ink';
import {powershellShown, type Equivalents} from '../core/teach.js';
import {footerBindings, type Binding, type Pane, type Scope, type Served} from './keymap.js';
import {panes, paneTitles, type Outcome} from './state.js';
import {tint} from './theme.js';
import {truncate, stringWidth} from './text.js';
import {teachingRows} from './teaching-rows.js';

/** The pane tabs, numbered as their keys; the focused one inverse. */
export function TabBar({pane, width, note}: {pane: Pane; width: number; note: string}) {
	const tabs = panes.map((name, index) => ` ${index + 1} ${paneTitles[name]} `);
	const used = tabs.reduce((sum, tab) => sum + tab.length + 1, 0) + 9;
	return (
		<Box>
			<Text bold color={tint('accent')}>dockyard </Text>
			{tabs.map((tab, index) => (
				<Box key={tab} marginRight={1}>
					<Text inverse={panes[index] === pane} bold={panes[index] === pane}>{tab}</Text>
				</Box>
			))}
			<Text dimColor wrap="truncate">{truncate(note, Math.max(0, width - used))}</Text>
		</Box>
	);
}

const separator = ' · ';

/** Scopes in which q types a letter rather than quitting. */
const typingScopes = new Set<Scope>(['hub', 'search', 'filter', 'prompt']);

/**
 * The footer's lines: every footer key of the focused scope, then the global
 * ones, wrapped at a separator onto as many lines as they need, at most
 * `maxLines`. Only when even that is too narrow are the scope's last keys
 * left out (the global ones stay); a part wider than a line is cut.
 */
export function footerLines(scopes: Scope[], width: number, maxLines = 3, served?: Served): string[] {
	// Each part measured once: a line's width is the sum of its parts' and separators' (they start and end
	// with a space, so no character joins across them). Measuring every line again as it grew, for each
	// count of parts tried, cost ~10 ms a frame: the '·' takes string-width's slow, grapheme by grapheme path.
	const part = (binding: Binding) => {
		const text = `${binding.label} ${binding.footer}`;
		return {text, width: stringWidth(text)};
	};

	// Where q is a letter (the Hub, a search, a prompt), the footer names the quit key that works there.
	const typing = scopes.some(scope => typingScopes.has(scope));
	const always = footerBindings(scopes.filter(scope => scope === 'global'), served).map(binding => part(binding.action === 'quit' ? {...binding, label: typing ? 'C-c' : 'q'} : binding));
	const own = footerBindings(scopes.filter(scope => scope !== 'global'), served).map(part);
	const separatorWidth = stringWidth(separator);
	const wrap = (parts: Array<{text: string; width: number}>) => {
		const lines: Array<{text: string; width: number}> = [];
		for (const {text, width: cells} of parts) {
			const last = lines.at(-1);
			if (last !== undefined && last.width + separatorWidth + cells <= width) {
				last.text += separator + text;
				last.width += separatorWidth + cells;
			} else {
				lines.push({text, width: cells});
			}
		}

		return lines.map(line => (line.width <= width ? line.text : truncate(line.text, width)));
	};

	for (let count = own.length; count > 0; count--) {
		const lines = wrap([...own.slice(0, count), ...always]);
		if (lines.length <= maxLines) {
			return lines;
		}
	}

	return wrap(always).slice(0, maxLines);
}

/** The keys that work right now, from the keymap: the focused scope's first, the global ones always (footerLines). */
export function Footer({lines}: {lines: string[]}) {
	return (
		<Box flexDirection="column">
			{lines.map((line, index) => <Text key={`${index}-${line}`} dimColor wrap="truncate">{line}</Text>)}
		</Box>
	);
}

/**
 * The teaching lines: how the last action went; then its docker and
 * PowerShell commands, until the next key, after which they are those of
 * what the highlighted thing invites. Wrapped, never cut (teachingRows).
 */
export function TeachingLines({now, last, busy, width}: {now?: {label: string; equivalents: Equivalents}; last?: Outcome; busy?: string; width: number}) {
	const statusColor = busy ? tint('warn') : (last?.ok === false ? tint('bad') : tint('good'));
	return (
		<Box flexDirection="column">
			{teachingRows({now, last, busy, width}).map((row, index) => (
				// eslint-disable-next-line react/no-array-index-key
				<Text key={index} color={row.kind === 'status' ? statusColor : tint('accent')} wrap="truncate">{row.text || ' '}</Text>
			))}
		</Box>
	);
}

