/**
 * `npm run bench`: every benchmark in turn, then the table (each row a
 * figure over rounds, min / median / max, and its target). None asserts a
 * time: speed is measured here, never in the tests.
 *
 * `npm run bench -- pull` runs one (`pull gzip-8`: words after its name go
 * to it), `npm run bench -- startup tui` several; `--quick` makes the rounds
 * few and the images small, to try a change.
 */
import {benchAnalyze} from './analyze.js';
import {benchCopy} from './copy.js';
import {benchEngine} from './engine.js';
import {printTable} from './figures.js';
import {benchPull} from './pull.js';
import {benchRegistry} from './registry.js';
import {benchStartup} from './startup.js';
import {benchStore} from './store.js';
import {benchTui} from './tui.js';

// The registry breakdown (where a pull's time goes, piece by piece) runs only when named.
const onlyWhenNamed = new Set(['registry']);
const benches: Array<[string, (words: string[]) => Promise<void>]> = [
	['startup', async () => benchStartup()],
	['tui', async () => benchTui()],
	['pull', benchPull],
	['engine', async () => benchEngine()],
	['store', async () => benchStore()],
	['copy', async () => benchCopy()],
	['registry', async () => benchRegistry()],
	['analyze', async () => benchAnalyze()],
];

const words = process.argv.slice(2).filter(word => word !== '--quick');
const names = new Set(benches.map(([name]) => name));
const chosen = words.filter(word => names.has(word));
for (const [name, bench] of benches) {
	if (chosen.length === 0 ? !onlyWhenNamed.has(name) : chosen.includes(name)) {
		console.log(`\n== ${name} ==`);
		// The words after a bench's name, up to the next bench's, are its own.
		const own = words.slice(words.indexOf(name) + 1);
		const next = own.findIndex(word => names.has(word));
		// eslint-disable-next-line no-await-in-loop
		await bench(chosen.includes(name) ? own.slice(0, next === -1 ? undefined : next) : []);
	}
}

printTable();
