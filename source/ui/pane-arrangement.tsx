import type {ReactNode} from 'react';
import {Box} from 'ink';
import {SlotContext} from './geometry.js';
import type {Pane} from './keymap.js';
import type {Layout, Slot} from './layout.js';
import {tint} from './theme.js';

/** Draws one pane of the given inner size. */
export type RenderPane = (pane: Pane, width: number, height: number) => ReactNode;

/**
 * The body's panes as layout.ts arranged them. One pane alone is drawn as it
 * always was, edge to edge; split, each pane has a frame, the focused one
 * double-lined (plain to see without colour, NO_COLOR) and in the accent colour.
 */
export function PaneArrangement({layout, renderPane}: {layout: Layout; renderPane: RenderPane}) {
	if (layout.kind === 'single') {
		const [slot] = layout.slots;
		return <PaneSlot slot={slot!} framed={false} renderPane={renderPane}/>;
	}

	return (
		<Box flexDirection={layout.kind === 'wide' ? 'row' : 'column'}>
			{layout.slots.map(slot => <PaneSlot key={slot.pane} slot={slot} framed renderPane={renderPane}/>)}
		</Box>
	);
}

function PaneSlot({slot, framed, renderPane}: {slot: Slot; framed: boolean; renderPane: RenderPane}) {
	if (!framed) {
		// Alone, as it always was: no clipping box, which would cost every line drawn a pass through Ink's clip.
		return (
			<SlotContext.Provider value={slot.pane}>
				<Box flexDirection="column" width={slot.width} height={slot.height}>{renderPane(slot.pane, slot.width, slot.height)}</Box>
			</SlotContext.Provider>
		);
	}

	const width = slot.width - 2;
	const height = slot.height - 2;
	return (
		<SlotContext.Provider value={slot.pane}>
			<Box
				flexDirection="column"
				width={slot.width}
				height={slot.height}
				flexShrink={0}
				borderStyle={slot.focused ? 'double' : 'single'}
				borderColor={slot.focused ? tint('accent') : undefined}
				borderDimColor={!slot.focused}
			>
				<Box flexDirection="column" width={width} height={height} overflow="hidden">{renderPane(slot.pane, width, height)}</Box>
			</Box>
		</SlotContext.Provider>
	);
}
