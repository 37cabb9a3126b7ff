import {Box, Text} from 'ink';
import {humanSize} from '../present/format.js';
import type {LayerProgress, PullState} from './state.js';
import {tint} from './theme.js';
import {clean, fit, truncate} from './text.js';

/** docker's progress bar: `[=====>      ]`, sized to the room there is. */
export function progressBar(current: number, total: number, width: number): string {
	const inner = Math.max(1, width - 2);
	const filled = total > 0 ? Math.min(inner, Math.floor(inner * current / total)) : 0;
	const arrow = filled > 0 && filled < inner ? '>' : '';
	return `[${'='.repeat(filled - arrow.length)}${arrow}${' '.repeat(inner - filled)}]`;
}

function layerLine(layer: LayerProgress, width: number): string {
	const downloading = layer.status === 'Downloading' || layer.status === 'Extracting' || layer.status === 'Pushing';
	if (!downloading || !layer.total) {
		// Whole, unpadded: push's words (`Layer already exists`, `Mounted from …`) are longer than the bar's column.
		return truncate(`${layer.id}: ${layer.status}`, width);
	}

	const head = `${layer.id}: ${fit(layer.status, 18)}`;

	const amounts = ` ${humanSize(layer.current ?? 0)}/${humanSize(layer.total)}`;
	const barWidth = Math.max(3, Math.min(40, width - head.length - amounts.length - 1));
	return truncate(`${head} ${progressBar(layer.current ?? 0, layer.total, barWidth)}${amounts}`, width);
}

function layerColor(layer: LayerProgress): string | undefined {
	if (layer.status === 'Pull complete' || layer.status === 'Already exists' || layer.status === 'Download complete' || layer.status === 'Pushed' || layer.status === 'Layer already exists' || layer.status.startsWith('Mounted from ')) {
		return tint('good');
	}

	return undefined;
}

/** One line per layer with docker's status word and a bar, then docker's status lines. */
export function PullProgress({pull, width, height}: {pull: PullState; width: number; height: number}) {
	const title = pull.verb === 'push'
		? (pull.failed ? `Push of ${pull.reference} failed` : (pull.done ? `Pushed ${pull.reference}` : `Pushing ${pull.reference}…`))
		: (pull.cancelled ? `Pull of ${pull.reference} cancelled` : pull.failed ? `Pull of ${pull.reference} failed` : (pull.done ? `Pulled ${pull.reference}` : `Pulling ${pull.reference}… (x cancels)`));
	const messages = pull.messages.filter(message => !/^\S+: Pulling from /.test(message) && !message.startsWith('The push refers to')).slice(-2);
	// Layers get what the title and the last status lines leave.
	const room = Math.max(0, height - 1 - (pull.failed ? 1 : Math.min(messages.length, 1)));
	// slice(-0) would be every layer: none when there is no room.
	const layers = room === 0 ? [] : (pull.layers.length > room ? pull.layers.slice(-room) : pull.layers);
	return (
		<Box flexDirection="column" height={height}>
			<Text bold color={pull.failed ? tint('bad') : tint('accent')} wrap="truncate">{truncate(title, width)}</Text>
			{layers.map(layer => <Text key={layer.id} color={layerColor(layer)} wrap="truncate">{layerLine(layer, width)}</Text>)}
			{pull.failed
				? <Text color={tint('bad')} wrap="truncate">{truncate(clean(pull.failed), width)}</Text>
				: messages.slice(-1).map(message => <Text key={message} dimColor wrap="truncate">{truncate(clean(message), width)}</Text>)}
		</Box>
	);
}
