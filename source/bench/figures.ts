/**
 * What every bench shares: rounds with the order of the tools rotated (so a
 * drift of a busy machine's speed falls on all of them), whole processes
 * timed as a user waits for them, and the rows of the table, each a
 * figure over rounds with min / median / max beside its target.
 */
import {spawn, spawnSync} from 'node:child_process';
import os from 'node:os';
import path from 'node:path';

/** `npm run bench -- --quick`: few rounds and small images, to try a change; the table says so. */
export const quick = process.argv.includes('--quick') || process.env['DOCKYARD_BENCH_QUICK'] === '1';

export function hasCommand(name: string): boolean {
	return spawnSync('sh', ['-c', 'command -v "$0"', name], {stdio: 'ignore'}).status === 0;
}

export function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)]!;
}

export function percentile(values: number[], fraction: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))]!;
}

/** The list turned by `round` places: round 0 as given, round 1 starting from the second… */
export function rotated<T>(list: T[], round: number): T[] {
	const shift = round % list.length;
	return [...list.slice(shift), ...list.slice(0, shift)];
}

/** Runs a command to its end (bounded), returning its wall time in ms; a failure is thrown with the end of its stderr. */
export async function timedProcess(command: string, args: string[], options: {env?: NodeJS.ProcessEnv; timeoutMs?: number} = {}): Promise<number> {
	const started = performance.now();
	await new Promise<void>((resolve, reject) => {
		const child = spawn(command, args, {env: options.env ?? process.env, stdio: ['ignore', 'ignore', 'pipe']});
		let stderr = '';
		child.stderr.on('data', (chunk: Buffer) => {
			stderr = (stderr + chunk.toString()).slice(-4000);
		});
		const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 600_000);
		child.once('error', reject);
		child.once('close', code => {
			clearTimeout(timer);
			if (code === 0) {
				resolve();
			} else {
				reject(new Error(`${path.basename(command)} ${args.join(' ')} exited ${code ?? 'on a signal'}: ${stderr.trim().split('\n').at(-1) ?? ''}`));
			}
		});
	});
	return performance.now() - started;
}

/** One row of the table: a ratio between two tools (pair by pair, one per round), or a figure in ms or MiB. */
export type Row = {
	what: string;
	unit: '×' | 'ms' | 'MiB';
	values: number[];
	/** At most this. */
	target: number;
	/** What is compared with the target: the median of the values (default) or their 95th percentile. */
	statistic?: 'median' | 'p95';
	/** Why there is no figure (a tool missing, a failure). */
	skipped?: string;
};

const rows: Row[] = [];

function format(value: number, unit: Row['unit']): string {
	return unit === '×' ? `${value.toFixed(2)}×` : `${value.toFixed(unit === 'ms' ? 1 : 0)} ${unit}`;
}

/** Records a row for the table at the end, and prints it at once. */
export function report(row: Row): void {
	rows.push(row);
	console.log(`  ${describe(row)}`);
}

export function skip(what: string, why: string, unit: Row['unit'], target: number): void {
	report({what, unit, values: [], target, skipped: why});
}

function figure(row: Row): number {
	return row.statistic === 'p95' ? percentile(row.values, 0.95) : median(row.values);
}

function describe(row: Row): string {
	const target = `target ≤ ${format(row.target, row.unit)}`;
	if (row.skipped || row.values.length === 0) {
		return `${row.what}: skipped (${row.skipped ?? 'no figure'}); ${target}`;
	}

	const middle = figure(row);
	const verdict = middle <= row.target ? 'met' : 'NOT met';
	return `${row.what}: ${row.statistic ?? 'median'} ${format(middle, row.unit)} (min ${format(Math.min(...row.values), row.unit)}, max ${format(Math.max(...row.values), row.unit)}, ${row.values.length} ${row.statistic === 'p95' ? 'keys' : 'rounds'}); ${target}: ${verdict}`;
}

/** The whole table, after every bench ran: what the readme's figures are copied from. */
export function printTable(): void {
	if (rows.length === 0) {
		return;
	}

	console.log(`\n== the table (${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${os.availableParallelism()} CPUs, load average ${os.loadavg().map(load => load.toFixed(1)).join(' ')}${quick ? ', QUICK mode: few rounds, small images' : ''}) ==`);
	console.log('| what | figure | min | max | rounds | target | met |');
	console.log('|---|---|---|---|---|---|---|');
	for (const row of rows) {
		if (row.skipped || row.values.length === 0) {
			console.log(`| ${row.what} | skipped: ${row.skipped ?? 'no figure'} | | | 0 | ≤ ${format(row.target, row.unit)} | |`);
			continue;
		}

		const middle = figure(row);
		console.log(`| ${row.what} | ${row.statistic ?? 'median'} ${format(middle, row.unit)} | ${format(Math.min(...row.values), row.unit)} | ${format(Math.max(...row.values), row.unit)} | ${row.values.length} | ≤ ${format(row.target, row.unit)} | ${middle <= row.target ? 'yes' : 'no'} |`);
	}
}
