import path from 'node:path';
import {need} from '../core/backend/backend.js';
import {ciRuleNames, evaluateCi, settleCiRules, type CiRules} from '../core/analysis/dive-ci.js';
import {analyzeImage} from '../core/analysis/efficiency.js';
import {humanizeBytes} from '../core/analysis/go-numbers.js';
import {analysisFigures, ciReport, diveJson, inefficientFilesTable} from '../present/analysis.js';
import {teach} from '../core/teach.js';
import type {Command} from './command.js';

export const analyze: Command = {
	name: 'analyze',
	usage: `Usage: dockyard analyze [OPTIONS] IMAGE

Show how much of an image is wasted, as dive does: files written in one layer
and deleted or overwritten in a later one, the efficiency score, and the
inefficient files

Options:
      --ci                                 Check dive's CI rules; exit 1 when one fails
      --ci-config string                   The rules' YAML file (default ".dive-ci")
      --lowestEfficiency string            Lowest allowed efficiency, 0-1 (default "0.9")
      --highestWastedBytes string          Most wasted bytes allowed, e.g. 20MB (default "disabled")
      --highestUserWastedPercent string    Highest wasted share of the bytes above the base layer, 0-1 (default "0.1")
      --json                               Print dive's JSON export`,
	options: {
		ci: {type: 'boolean'},
		'ci-config': {type: 'string'},
		lowestEfficiency: {type: 'string'},
		highestWastedBytes: {type: 'string'},
		highestUserWastedPercent: {type: 'string'},
	},
	arity: [1, 1],
	async run({args, flags, backend, out, explain}) {
		// A progress line only where someone watches it: a pipe or a CI log gets the report alone.
		const progress = process.stderr.isTTY && !flags['json'];
		// Over an engine the image comes as one `images/get` stream: its bytes so far are the progress.
		const layers = await need(backend(), 'imageLayers', 'dockyard analyze')(args[0]!, {
			onProgress: progress ? bytes => {
				process.stderr.write(`\rReading the image: ${humanizeBytes(bytes)}\u001B[K`);
			} : undefined,
		});
		const analysis = await analyzeImage(layers, {
			onLayer: progress ? (index, count) => {
				process.stderr.write(`\rAnalyzing layer ${index + 1} of ${count}...\u001B[K`);
			} : undefined,
		});
		if (progress) {
			process.stderr.write('\r\u001B[K');
		}

		if (flags['json']) {
			out(diveJson(analysis));
			return;
		}

		for (const line of analysisFigures(analysis)) {
			out(line);
		}

		if (!flags['ci']) {
			for (const line of inefficientFilesTable(analysis)) {
				out(line);
			}

			explain(teach({kind: 'analyze', target: args[0]!}));
			return;
		}

		const given: Partial<CiRules> = {};
		for (const name of ciRuleNames) {
			if (typeof flags[name] === 'string') {
				given[name] = flags[name];
			}
		}

		const named = typeof flags['ci-config'] === 'string';
		const rules = settleCiRules(given, path.resolve(named ? flags['ci-config'] as string : '.dive-ci'), named);
		const verdict = evaluateCi(rules, analysis);
		for (const line of [...inefficientFilesTable(analysis), ...ciReport(verdict)]) {
			out(line);
		}

		return verdict.pass ? 0 : 1;
	},
};
