import {afterEach, expect, test} from 'vitest';
import {openStore} from '../source/core/store/store.js';
import {tempHome} from './helpers/cli.js';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

// The TUI's x: a pull cancelled while a layer downloads fails with AbortError, adds nothing,
// and leaves no stream behind that throws later (an uncaught error would crash the app).
test('a pull cancelled mid-layer rejects, adds nothing and throws nothing later', async () => {
	const temp = tempHome();
	cleanup = temp.cleanup;
	await openStore({home: temp.home}).installOs('WindowsServerCore', '10.0.10586.0');
	// Paced, so that the abort lands while a layer is on its way.
	const store = openStore({home: temp.home, offlineBytesPerSecond: 100_000});
	const before = store.read().images.length;
	const uncaught: unknown[] = [];
	const onUncaught = (error: unknown) => uncaught.push(error);
	process.on('uncaughtException', onUncaught);
	try {
		const abort = new AbortController();
		const pull = store.pull('microsoft/iis:latest', {
			signal: abort.signal,
			onProgress(event) {
				if (event.kind === 'layer' && event.status === 'Downloading' && (event.current ?? 0) > 0) {
					abort.abort();
				}
			},
		});
		await expect(pull).rejects.toThrow(/aborted/);
		// Two turns of the event loop: a destroyed stream emits 'error' on the tick after it closes.
		await new Promise(resolve => {
			setImmediate(() => setImmediate(resolve));
		});
		expect(uncaught).toEqual([]);
		expect(store.read().images).toHaveLength(before);
	} finally {
		process.off('uncaughtException', onUncaught);
	}
});

