import {describe, expect, test} from 'vitest';
import {builtinLesson, lessonFromText} from '../../source/core/lesson/load-lesson.js';
import {openStore} from '../../source/core/store/store.js';
import {lessonLines} from '../../source/ui/lesson-lines.js';
import {startProgress} from '../../source/core/lesson/progress.js';
import {makeStore, renderApp} from './helpers.js';

const seed = builtinLesson('container-images')!;

/** What another terminal's store sees and changes: the same home, its own Store. */
function elsewhere(home: string) {
	return openStore({home, offlineBytesPerSecond: 0});
}

describe('the lesson panel', () => {
	test('opens on the first step, notices a change made elsewhere, moves on with W, hides and shows with w', async () => {
		const {store, home} = await makeStore();
		const app = renderApp(store, {lesson: {lesson: seed, startedAt: new Date().toISOString()}});
		let screen = await app.waitFor('step 1 of 11: Find and install a base OS image');
		expect(screen).toContain('w hides · W next step');
		expect(screen).toMatch(/^Do: Press \[2\] for the Hub, then \[i\]\./m);
		expect(screen).toContain('PS> Install-ContainerImage -Name NanoServer');
		expect(screen).toContain('$ docker pull nanoserver');
		expect(screen).toContain('◌ waiting for the image nanoserver:latest');
		// The frame keeps to the terminal's rows: the pane gives up what the panel takes.
		expect(screen.split('\n').length).toBeLessThanOrEqual(30);

		await elsewhere(home).installOs('NanoServer');
		screen = await app.waitFor('step 2 of 11: List the images both ways', 3000);
		expect(screen).toContain('✔ step 1 done. → W when you are ready');
		expect(screen).toMatch(/nanoserver\s+latest/);

		// A step to read: W moves on; the next one says there is no PowerShell equivalent, in words.
		await app.press('W');
		screen = await app.waitFor('step 3 of 11: Search the hub');
		// In core/teach's words, as the TUI's own teaching line says it for a search.
		expect(screen).toContain('PS: no PowerShell equivalent: Find-ContainerImage lists only the base OS images');

		await app.press('w');
		screen = await app.waitFor(frame => !frame.includes('Lesson ·'));
		expect(screen).toMatch(/nanoserver\s+latest/);
		await app.press('w');
		await app.waitFor('step 3 of 11');
	});

	test('presenter: the store path is hidden and the last keys are shown', async () => {
		const {store, home} = await makeStore();
		const app = renderApp(store, {lesson: {lesson: seed, startedAt: new Date().toISOString(), presenter: true}});
		await app.waitFor('step 1 of 11');
		await app.press('2', 'j', 'k', '1');
		const screen = await app.waitFor('keys: 2 j k 1');
		expect(screen).not.toContain(home);
	});

	test('without a lesson, w opens the seed lesson and the title keeps the store path', async () => {
		const {store, home} = await makeStore();
		const app = renderApp(store);
		let screen = await app.waitFor('No images yet');
		expect(screen).not.toContain('Lesson ·');
		expect(screen).toContain(home.slice(0, 20));
		await app.press('w');
		screen = await app.waitFor('step 1 of 11');
		await app.press('W');
		await app.waitFor('step 2 of 11');
	});

	test('the last step done says the lesson is over', async () => {
		const {store, home} = await makeStore();
		const lesson = lessonFromText('title: One\nsteps: [{title: Make a container, do: d, why: w, teach: {action: create, image: nanoserver}, done: {image: nanoserver}}]', 'one');
		const app = renderApp(store, {lesson: {lesson, startedAt: new Date().toISOString()}});
		await app.waitFor('step 1 of 1: Make a container');
		await elsewhere(home).installOs('NanoServer');
		await app.waitFor('Lesson · One · done: 1 of 1 steps (1 noticed in the store)', 3000);
	});
});

describe('the panel\'s lines', () => {
	test('wrapped to the width, commands never cut; why gives way first when rows are short', () => {
		const wide = lessonLines(seed, startProgress(''), 100, 20);
		const narrow = lessonLines(seed, {...startProgress(''), current: 7}, 60, 20);
		for (const line of [...wide, ...narrow]) {
			expect(line.text.length).toBeLessThanOrEqual(100);
		}

		expect(narrow.every(line => line.text.length <= 60)).toBe(true);
		const commands = narrow.filter(line => line.tone === 'command').map(line => line.text).join(' ');
		// -ContainerName and the name dockyard gave the container, as the TUI's c and the journal teach it.
		expect(commands).toContain('$ docker commit iis-1 windowsservercoreiis');
		expect(commands).toContain('PS> New-ContainerImage -ContainerName iis-1 -Name windowsservercoreiis -Publisher Demo -Version 1.0');
		expect(commands).not.toContain('…');
		const short = lessonLines(seed, {...startProgress(''), current: 7}, 60, 7);
		expect(short.filter(line => line.tone === 'command')).toEqual(narrow.filter(line => line.tone === 'command'));
		expect(short.filter(line => line.tone === 'why').length).toBeLessThan(narrow.filter(line => line.tone === 'why').length);
	});
});
