/**
 * `npm run bench`: every benchmark in turn. Each prints its figures; none
 * asserts a time (speed is measured here, never in the tests).
 */
import {benchEngine} from './engine.js';
import {benchRegistry} from './registry.js';
import {benchStore} from './store.js';
import {benchTui} from './tui.js';

const only = process.argv[2];
const benches: Array<[string, () => Promise<void>]> = [
	['store', benchStore],
	['tui', benchTui],
	['registry', benchRegistry],
	['engine', async () => benchEngine()],
];

for (const [name, bench] of benches) {
	if (!only || only === name) {
		console.log(`\n== ${name} ==`);
		// eslint-disable-next-line no-await-in-loop
		await bench();
	}
}
