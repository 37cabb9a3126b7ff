import type {ImageAnalysis} from '../core/analysis/efficiency.js';
import type {CiVerdict} from '../core/analysis/dive-ci.js';
import {goFixed4, humanizeBytes} from '../core/analysis/go-numbers.js';
import {printable} from '../core/text.js';

/** dive's three figure lines, as `dive --ci` prints them. */
export function analysisFigures(analysis: ImageAnalysis): string[] {
	return [
		`  efficiency: ${goFixed4(analysis.efficiency * 100)} %`,
		`  wastedBytes: ${analysis.wastedBytes} bytes (${humanizeBytes(analysis.wastedBytes)})`,
		`  userWastedPercent: ${goFixed4(analysis.wastedUserPercent * 100)} %`,
	];
}

function row(count: string, size: string, path: string): string {
	return `${count.padStart(5)}  ${size.padStart(12)}  ${path}`;
}

/** dive's "Inefficient Files" table: biggest first. */
export function inefficientFilesTable(analysis: ImageAnalysis): string[] {
	const lines = ['Inefficient Files:', row('Count', 'Wasted Space', 'File Path')];
	if (analysis.inefficientFiles.length === 0) {
		lines.push('None');
	}

	for (const file of analysis.inefficientFiles) {
		lines.push(row(String(file.count), humanizeBytes(file.size), printable(file.path)));
	}

	return lines;
}

/** dive's "Results" section and its summary line. */
export function ciReport(verdict: CiVerdict): string[] {
	const lines = ['Results:'];
	for (const result of verdict.results) {
		lines.push(result.message === '' ? `  ${result.status}: ${result.rule}` : `  ${result.status}: ${result.rule}: ${result.message}`);
	}

	if (verdict.misconfigured) {
		lines.push('CI Misconfigured');
	} else {
		const count = (status: string) => verdict.results.filter(result => result.status === status).length;
		const fail = count('FAIL');
		lines.push(`Result:${fail > 0 ? 'FAIL' : 'PASS'} [Total:${verdict.results.length}] [Passed:${count('PASS')}] [Failed:${fail}] [Warn:0] [Skipped:${count('SKIP')}]`);
	}

	return lines;
}

/** Go's encoding/json escapes these inside strings; scripts that compare bytes see the same. */
function goJsonEscapes(json: string): string {
	return json.replaceAll('<', String.raw`\u003c`).replaceAll('>', String.raw`\u003e`).replaceAll('&', String.raw`\u0026`).replaceAll('\u2028', String.raw`\u2028`).replaceAll('\u2029', String.raw`\u2029`);
}

/** `dive --json`'s document: `layer[]` then `image`, keys in dive's order, indented as Go's MarshalIndent. */
export function diveJson(analysis: ImageAnalysis): string {
	const document = {
		layer: analysis.layers.map(layer => ({
			index: layer.index,
			id: layer.digest.replace(/^sha256:/, ''),
			digestId: layer.diffId ?? '',
			sizeBytes: layer.size,
			command: layer.command,
		})),
		image: {
			sizeBytes: analysis.sizeBytes,
			inefficientBytes: analysis.wastedBytes,
			efficiencyScore: analysis.efficiency,
			fileReference: analysis.inefficientFiles.map(file => ({count: file.count, sizeBytes: file.size, file: file.path})),
		},
	};
	return goJsonEscapes(JSON.stringify(document, undefined, 2));
}
