import {EventEmitter} from 'node:events';
import {execFileSync} from 'node:child_process';
import {rmSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import stripAnsi from 'strip-ansi';
import {StoreBackend} from '../core/backend/store-backend.js';
import {openStore} from '../core/store/store.js';
import {hasTmux, openTerminal, type Terminal} from '../media/tmux.js';
import {quick, report, skip} from './figures.js';
import {makeBigStore} from './big-store.js';
import {growYoungGenerationAgain, keepYoungGenerationSmall} from '../ui/young-generation.js';

/**
 * The TUI at 10,000 images: time to the first frame, keystroke to frame, and
 * memory. In process, the app renders to a fake 100x30 terminal and the clock
 * stops at the write that carries the new frame; then the real `dockyard` in
 * tmux, as a user starts it. Figures only, no assertions.
 */
const cli = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'cli.js');
const columns = 100;
const rows = 30;

const keys = {
	down: 'j',
	pageDown: '\u001B[6~',
	pageUp: '\u001B[5~',
	last: 'G',
	first: 'g',
	backspace: '\u007F',
	escape: '\u001B',
};

/** A terminal's output end: keeps the writes, and wakes whoever waits for the next one. */
class FakeStdout extends EventEmitter {
	readonly columns = columns;
	readonly rows = rows;
	readonly isTTY = true;
	/** Everything written since the last frame() call. */
	#pending = '';
	#waiters: Array<(text: string) => void> = [];
	writes = 0;

	write(chunk: string | Uint8Array): boolean {
		const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
		this.writes++;
		this.#pending += text;
		const waiters = this.#waiters;
		this.#waiters = [];
		for (const wake of waiters) {
			wake(text);
		}

		return true;
	}

	/** Resolves at the next write. */
	async next(timeoutMs = 5000): Promise<string | undefined> {
		return new Promise(resolve => {
			const timer = setTimeout(() => {
				resolve(undefined);
			}, timeoutMs);
			this.#waiters.push(text => {
				clearTimeout(timer);
				resolve(text);
			});
		});
	}

	take(): string {
		const text = this.#pending;
		this.#pending = '';
		return text;
	}
}

/** A terminal's input end: the bench emits keys as a terminal would send them. */
class FakeStdin extends EventEmitter {
	readonly isTTY = true;
	setRawMode() {
		return this;
	}

	setEncoding() {
		return this;
	}

	ref() {
		return this;
	}

	unref() {
		return this;
	}

	pause() {
		return this;
	}

	resume() {
		return this;
	}

	read() {
		return null;
	}
}

async function sleep(ms: number): Promise<void> {
	return new Promise(resolve => {
		setTimeout(resolve, ms);
	});
}

function percentile(values: number[], fraction: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

function mib(bytes: number): string {
	return `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
}

function memory(): string {
	const {rss, heapUsed} = process.memoryUsage();
	return `rss ${mib(rss)}, heap used ${mib(heapUsed)}`;
}

function figures(label: string, times: number[], missed: number): string {
	const median = percentile(times, 0.5);
	const p95 = percentile(times, 0.95);
	const worst = Math.max(...times);
	return `  ${label.padEnd(30)} median ${median.toFixed(1).padStart(5)} ms  p95 ${p95.toFixed(1).padStart(5)} ms  max ${worst.toFixed(1).padStart(5)} ms  (${times.length} keys${missed > 0 ? `, ${missed} drew nothing` : ''})`;
}

type Session = {
	firstFrameMs: number;
	/** Sends one key and resolves with the milliseconds until the frame it changed was written. */
	press: (key: string) => Promise<number | undefined>;
	frameRows: () => number;
	/** Sends `count` keys `intervalMs` apart, as a held key repeats; resolves with the ms from the last key until `done(frame)`. */
	hold: (key: string, count: number, intervalMs: number, done: (frame: string) => boolean) => Promise<number | undefined>;
	unmount: () => void;
};

/** The app in process on a fake 100x30 terminal, with the same key stream the real one reads. */
async function startInProcess(home: string): Promise<Session> {
	// Ink draws only the last frame when it believes it runs in CI; it reads that once, on import.
	delete process.env['CI'];
	delete process.env['CONTINUOUS_INTEGRATION'];
	// As cli.tsx runs the app: React's production build (read once, on import).
	process.env['NODE_ENV'] ??= 'production';
	const {createElement} = await import('react');
	const {render} = await import('ink');
	const {App} = await import('../ui/app.js');
	const {keyInput} = await import('../ui/key-stream.js');
	const stdout = new FakeStdout();
	const stdin = new FakeStdin();
	const input = keyInput(stdin as unknown as NodeJS.ReadStream);
	let lastFrame = '';
	const started = performance.now();
	const backend = new StoreBackend(openStore({home}));
	const instance = render(createElement(App, {backend, keyGate: input.gate}), {
		stdout: stdout as unknown as NodeJS.WriteStream,
		stdin: input,
		exitOnCtrlC: false,
		patchConsole: false,
	});
	// The first frame is written during render() (the store is read as the app mounts); wait if it was not.
	let seen = stdout.take();
	while (!seen.includes('team')) {
		// eslint-disable-next-line no-await-in-loop
		const text = await stdout.next();
		if (text === undefined) {
			throw new Error('the app drew no image list within 5 s');
		}

		seen += stdout.take();
	}

	const firstFrameMs = performance.now() - started;
	return {
		firstFrameMs,
		async press(key) {
			// Past Ink's 30 fps throttle, so the key's frame is drawn at once, as for a person typing.
			await sleep(40);
			stdout.take();
			const sent = performance.now();
			stdin.emit('data', key);
			const text = await stdout.next(2000);
			if (text === undefined) {
				return undefined;
			}

			const ms = performance.now() - sent;
			// The rest of the frame is written in the same turn.
			await new Promise(resolve => {
				setImmediate(resolve);
			});
			lastFrame = stdout.take();
			return ms;
		},
		frameRows: () => lastFrame.split('\n').length,
		async hold(key, count, intervalMs, done) {
			await sleep(100);
			stdout.take();
			for (let index = 0; index < count; index++) {
				stdin.emit('data', key);
				// eslint-disable-next-line no-await-in-loop
				await sleep(intervalMs);
			}

			const last = performance.now() - intervalMs;
			let frame = stripAnsi(stdout.take());
			while (!done(frame)) {
				// eslint-disable-next-line no-await-in-loop
				if (await stdout.next(5000) === undefined) {
					return undefined;
				}

				frame = stripAnsi(stdout.take());
			}

			return performance.now() - last;
		},
		unmount() {
			instance.unmount();
			input.detach();
		},
	};
}

/** Every key's time to its frame, for the table's p95. */
const everyKey: number[] = [];

async function measure(session: Session, label: string, sequence: string[]): Promise<string> {
	const times: number[] = [];
	let missed = 0;
	for (const key of sequence) {
		// eslint-disable-next-line no-await-in-loop
		const ms = await session.press(key);
		if (ms === undefined) {
			missed++;
		} else {
			times.push(ms);
			everyKey.push(ms);
		}
	}

	return figures(label, times, missed);
}

/** The filter box: `/`, then a few characters typed and taken back, ten times over; each key redraws the list. */
function filterKeys(): string[] {
	const typed = [...'app12'];
	const sequence: string[] = [];
	for (let round = 0; round < 10; round++) {
		sequence.push(...typed, ...typed.map(() => keys.backspace));
	}

	return sequence;
}

async function benchInProcess(home: string, count: number): Promise<void> {
	// As runTui does before its read: the keys' scavenges are then the app's.
	keepYoungGenerationSmall();
	const before = process.memoryUsage();
	const readStarted = performance.now();
	openStore({home}).read();
	const readMs = performance.now() - readStarted;
	const session = await startInProcess(home);
	console.log(`in process, ink rendering to a fake ${columns}x${rows} terminal, ${count} images`);
	console.log(`  store read alone:              ${readMs.toFixed(0)} ms`);
	console.log(`  render() to first frame:       ${session.firstFrameMs.toFixed(0)} ms (store read included)`);
	console.log(`  memory after start:            ${memory()} (heap +${mib(process.memoryUsage().heapUsed - before.heapUsed)} over the bench before the app)`);
	const lines: string[] = [];
	lines.push(await measure(session, 'j (down one row)', Array.from({length: 50}, () => keys.down)));
	lines.push(await measure(session, 'PgDn', Array.from({length: 50}, () => keys.pageDown)));
	lines.push(await measure(session, 'G / g (last, first row)', Array.from({length: 50}, (_, index) => (index % 2 === 0 ? keys.last : keys.first))));
	// A held j at 30 keys a second (a terminal's key repeat): does the list keep up, and how far behind is the last frame?
	const held = 60;
	const heldMs = await session.hold(keys.down, held, 33, frame => new RegExp(`Local images ${held + 1}/\\d+`).test(frame));
	lines.push(`  ${'held j, 30 keys/s, 60 keys'.padEnd(30)} last key to its frame ${heldMs === undefined ? 'never drawn' : `${heldMs.toFixed(0)} ms`}`);
	await session.press(keys.first);
	await session.press('/');
	lines.push(await measure(session, '/ filter: type app12, erase it', filterKeys()));
	await session.press(keys.escape);
	for (const line of lines) {
		console.log(line);
	}

	console.log(`  memory after scrolling:        ${memory()}`);
	report({what: `TUI keystroke → frame, ${count} images (in process; j, PgDn, G/g, filter)`, unit: 'ms', values: everyKey, target: 16, statistic: 'p95'});
	console.log(`  lines in a frame:              ${session.frameRows()} (the terminal has ${rows}: only the visible rows are drawn)`);
	session.unmount();
	// V8's default again, for the benches after this one in the same process.
	growYoungGenerationAgain();
}

/** Resident memory of the processes under the tmux pane's shell, in MiB. */
function paneRss(shell: string): number | undefined {
	try {
		const kib = execFileSync('ps', ['-o', 'rss=', '--ppid', shell], {encoding: 'utf8'}).trim().split('\n').map(Number).reduce((a, b) => a + b, 0);
		return kib / 1024;
	} catch {
		return undefined;
	}
}

/** Polls the screen every 5 ms (capture-pane itself takes a few) until `pattern` shows; the ms since `started`. */
async function firstSight(terminal: Terminal, pattern: RegExp, started: number, timeoutMs = 30_000): Promise<number> {
	while (!pattern.test(terminal.capture())) {
		if (performance.now() - started > timeoutMs) {
			throw new Error(`nothing matching ${String(pattern)} on the screen within ${timeoutMs} ms`);
		}

		// eslint-disable-next-line no-await-in-loop
		await sleep(5);
	}

	return performance.now() - started;
}

/**
 * The real `dockyard` in tmux, a fresh process each round: from the tmux
 * session's start to the first screen with the image list, and its resident
 * memory after scrolling and a filter. A shell that only prints a line, in
 * the same tmux, is the floor (tmux's own start and the polling).
 */
async function benchTmux(home: string, count: number, rounds: number): Promise<void> {
	const what = `TUI first frame in tmux, ${count} images`;
	if (!hasTmux()) {
		skip(what, 'tmux is not installed; apt-get install tmux', 'ms', 250);
		skip(`TUI RSS in tmux, ${count} images`, 'tmux is not installed', 'MiB', 120);
		return;
	}

	const quote = (value: string) => `'${value.replaceAll('\'', '\'\\\'\'')}'`;
	const frames: number[] = [];
	const floors: number[] = [];
	const rss: number[] = [];
	for (let round = 0; round < rounds; round++) {
		const floorStarted = performance.now();
		const floor = openTerminal('echo team0/app0', {columns, rows});
		try {
			// eslint-disable-next-line no-await-in-loop
			floors.push(await firstSight(floor, /team\d+\/app\d+/, floorStarted));
		} finally {
			floor.close();
		}

		const started = performance.now();
		const terminal = openTerminal(`env -u CI -u CONTINUOUS_INTEGRATION DOCKYARD_HOME=${quote(home)} ${quote(process.execPath)} ${quote(cli)}`, {columns, rows});
		try {
			// eslint-disable-next-line no-await-in-loop
			frames.push(await firstSight(terminal, /team\d+\/app\d+/, started));
			const shell = terminal.format('#{pane_pid}');
			for (let index = 0; index < 30; index++) {
				terminal.send(index % 3 === 0 ? 'NPage' : (index % 3 === 1 ? 'G' : 'g'));
				// eslint-disable-next-line no-await-in-loop
				await sleep(20);
			}

			terminal.send('/');
			terminal.type('app12');
			// eslint-disable-next-line no-await-in-loop
			await terminal.waitFor(/filter: app12/, 10_000);
			// eslint-disable-next-line no-await-in-loop
			await sleep(200);
			const resident = paneRss(shell);
			if (resident !== undefined) {
				rss.push(resident);
			}

			terminal.send('Escape', 'q');
		} finally {
			terminal.close();
		}
	}

	console.log(`real process (node dist/cli.js) in tmux ${columns}x${rows}, ${count} images, ${rounds} rounds; tmux printing one line takes median ${percentile(floors, 0.5).toFixed(0)} ms (included below)`);
	report({what, unit: 'ms', values: frames, target: 250});
	report({what: `TUI RSS in tmux after scrolling and a filter, ${count} images`, unit: 'MiB', values: rss, target: 120});
}

export async function benchTui(count = 10_000): Promise<void> {
	const home = await makeBigStore(count);
	try {
		await benchInProcess(home, count);
		await benchTmux(home, count, quick ? 3 : 7);
	} finally {
		rmSync(home, {recursive: true, force: true});
	}
}
