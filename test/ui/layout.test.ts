import {describe, expect, test} from 'vitest';
import {arrange, companionPane, layoutKind} from '../../source/ui/layout.js';

describe('layout', () => {
	test('one pane below 120 columns, two side by side from there', () => {
		expect(layoutKind(80, 19)).toBe('single');
		expect(layoutKind(119, 30)).toBe('single');
		expect(layoutKind(120, 30)).toBe('wide');
		expect(layoutKind(200, 60)).toBe('wide');
	});

	test('a narrow but tall terminal stacks them; a short one never splits', () => {
		expect(layoutKind(100, 45)).toBe('tall');
		expect(layoutKind(100, 39)).toBe('single');
		expect(layoutKind(160, 11)).toBe('single');
	});

	test('History beside Local images, or the focused Hub or Containers in its place', () => {
		expect(companionPane('images')).toBe('history');
		expect(companionPane('history')).toBe('history');
		expect(companionPane('hub')).toBe('hub');
		expect(companionPane('containers')).toBe('containers');
	});

	test('the slots fill the body exactly and only the focused one has focus', () => {
		for (const [columns, rows] of [[140, 30], [120, 20], [100, 48], [80, 19]] as const) {
			for (const focused of ['images', 'hub', 'history', 'containers'] as const) {
				const layout = arrange(columns, rows, focused);
				const slots = layout.slots;
				expect(slots.filter(slot => slot.focused).map(slot => slot.pane)).toEqual([focused]);
				if (layout.kind === 'wide') {
					expect(slots.reduce((sum, slot) => sum + slot.width, 0)).toBe(columns);
					expect(slots[0]!.pane).toBe('images');
				} else if (layout.kind === 'tall') {
					expect(slots.reduce((sum, slot) => sum + slot.height, 0)).toBe(rows);
				} else {
					expect(slots).toEqual([{pane: focused, width: columns, height: rows, focused: true}]);
				}
			}
		}
	});
});
