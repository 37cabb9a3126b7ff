import stringWidth from 'string-width';
import {describe, expect, test, vi} from 'vitest';
import {arrange} from '../../source/ui/layout.js';
import {keys, makeStore, renderApp, seeded} from './helpers.js';

/** The right-hand part of each line of a frame, from column `from`. */
function rightOf(screen: string, from: number): string {
	return screen.split('\n').map(line => [...line].slice(from).join('')).join('\n');
}

function leftOf(screen: string, upTo: number): string {
	return screen.split('\n').map(line => [...line].slice(0, upTo).join('')).join('\n');
}

/** The top lines of the right-hand pane, where History names its image. */
function historyTitle(screen: string): string {
	return rightOf(screen.split('\n').slice(1, 4).join('\n'), left140);
}

const left140 = arrange(140, 30, 'images').slots[0]!.width;

async function twoImages() {
	return makeStore(async s => {
		await seeded(s, {container: false});
		await s.tag('microsoft/iis', 'zz/second:two');
	});
}

describe('the wide layout', () => {
	test('at 140x40 Local images and the History of the highlighted row side by side, History following the cursor', async () => {
		const store = await twoImages();
		const app = renderApp(store.store, {columns: 140, rows: 40, terminal: true});
		let screen = await app.waitFor('zz/second');
		// Both panes, framed; Local images has the keys (the double frame).
		expect(leftOf(screen, left140)).toMatch(/Local images 1\/4/);
		expect(leftOf(screen, left140)).toContain('╔');
		expect(rightOf(screen, left140)).toContain('┌');
		screen = await app.waitFor(frame => historyTitle(frame).includes('microsoft/iis:latest'));
		expect(rightOf(screen, left140)).toMatch(/IMAGE\s+CREATED/);
		// The cursor moves in Local images; History follows it.
		await app.press('j');
		screen = await app.waitFor(frame => historyTitle(frame).includes('zz/second:two'));
		expect(historyTitle(screen)).not.toContain('microsoft/iis:latest');
		await app.press('G');
		screen = await app.waitFor(frame => historyTitle(frame).includes('windowsservercore:latest'));
		// The left pane's REPOSITORY column is cut to its width (windowsser…): the row is told by its tag and id.
		expect(app.highlighted().at(-1)).toMatch(/windowsser.*latest\s+b540987a449f/);
		for (const line of screen.split('\n')) {
			expect(stringWidth(line)).toBeLessThanOrEqual(140);
		}
	});

	test('focus moves with Tab and the number keys: the focused pane is double-framed, Hub and Containers take History\'s place', async () => {
		const store = await twoImages();
		const app = renderApp(store.store, {columns: 140, rows: 40, terminal: true});
		await app.waitFor('zz/second');
		await app.press(keys.tab);
		// Hub beside Local images, and it has the double frame now.
		let screen = await app.waitFor(frame => rightOf(frame, left140).includes('Search ('));
		expect(rightOf(screen, left140)).toContain('╔');
		expect(leftOf(screen, left140)).not.toContain('╔');
		expect(leftOf(screen, left140)).toContain('Local images');
		await app.press('4');
		screen = await app.waitFor(frame => rightOf(frame, left140).includes('CONTAINER ID'));
		await app.press('3');
		screen = await app.waitFor(frame => rightOf(frame, left140).includes('IMAGE') && rightOf(frame, left140).includes('╔'));
		// j moves History's own cursor now, not Local images'.
		await app.press('1');
		await app.waitFor(frame => leftOf(frame, left140).includes('╔'));
	});

	test('at 80x24 one pane at a time, as before', async () => {
		const store = await twoImages();
		const app = renderApp(store.store, {columns: 80, rows: 24});
		const screen = await app.waitFor('zz/second');
		expect(screen).not.toMatch(/[╔┌]/);
		expect(screen).not.toMatch(/IMAGE\s+CREATED\s+CREATED BY/);
		await app.press('3');
		await app.waitFor(/IMAGE\s+CREATED\s+CREATED BY/);
		expect(app.frame()).not.toContain('REPOSITORY');
	});

	test('a resize moves between the layouts live', async () => {
		const store = await twoImages();
		const app = renderApp(store.store, {columns: 80, rows: 24, terminal: true});
		await app.waitFor('zz/second');
		expect(app.frame()).not.toContain('╔');
		app.resize(140, 40);
		await app.waitFor(frame => frame.includes('╔') && rightOf(frame, left140).includes('microsoft/iis:latest'));
		app.resize(80, 24);
		await app.waitFor(frame => !frame.includes('╔') && frame.includes('REPOSITORY'));
		await vi.waitFor(() => {
			expect(app.frame()).not.toMatch(/IMAGE\s+CREATED\s+CREATED BY/);
		}, {timeout: 3000, interval: 10});
	});
});
