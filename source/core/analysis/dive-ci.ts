import {readFileSync} from 'node:fs';
import {parse} from 'yaml';
import {DockyardError} from '../errors.js';
import type {ImageAnalysis} from './efficiency.js';
import {goFloat, parseHumanBytes} from './go-numbers.js';

/** dive's three CI rules, in the order dive's report sorts them. */
export const ciRuleNames = ['highestUserWastedPercent', 'highestWastedBytes', 'lowestEfficiency'] as const;
export type CiRuleName = typeof ciRuleNames[number];
export type CiRules = Record<CiRuleName, string>;

/** dive's defaults, for a rule neither a flag nor `.dive-ci` sets. */
export const defaultCiRules: CiRules = {highestUserWastedPercent: '0.1', highestWastedBytes: 'disabled', lowestEfficiency: '0.9'};

/**
 * The rules as dive settles them: a flag given on the command line, else
 * `rules.NAME` in the YAML file (`.dive-ci` in the working directory unless
 * `--ci-config` names another; keys in any case, as viper reads them), else
 * dive's default. A missing default file is no error, as in dive.
 */
export function settleCiRules(flags: Partial<CiRules>, file: string, fileNamed: boolean): CiRules {
	let fromFile: Record<string, unknown> = {};
	let text: string | undefined;
	try {
		text = readFileSync(file, 'utf8');
	} catch (error) {
		if (fileNamed || (error as NodeJS.ErrnoException).code !== 'ENOENT') {
			throw new DockyardError(`cannot read the CI config ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
		}
	}

	if (text !== undefined) {
		let document: unknown;
		try {
			document = parse(text);
		} catch (error) {
			throw new DockyardError(`the CI config ${file} is not YAML (${(error as Error).message.split('\n')[0]})`);
		}

		const rules = document && typeof document === 'object' ? Object.entries(document).find(([key]) => key.toLowerCase() === 'rules')?.[1] : undefined;
		if (rules && typeof rules === 'object') {
			fromFile = Object.fromEntries(Object.entries(rules).map(([key, value]) => [key.toLowerCase(), value]));
		}
	}

	const settled = {...defaultCiRules};
	for (const name of ciRuleNames) {
		const value = flags[name] ?? fromFile[name.toLowerCase()];
		if (value !== undefined && value !== null) {
			settled[name] = String(value);
		}
	}

	return settled;
}

export type CiStatus = 'PASS' | 'FAIL' | 'SKIP' | 'MISCONFIGURED' | 'CONFIGURED   ';
export type CiResult = {rule: CiRuleName; status: CiStatus; message: string};
export type CiVerdict = {results: CiResult[]; pass: boolean; misconfigured: boolean};

/** Go's ParseFloat for the plain decimal forms a `.dive-ci` or a flag holds. */
function parseGoFloat(value: string): number | undefined {
	return /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/.test(value) ? Number(value) : undefined;
}

function validate(rule: CiRuleName, value: string): string | undefined {
	if (rule === 'highestWastedBytes') {
		return parseHumanBytes(value) === undefined ? `invalid config value ('${value}')` : undefined;
	}

	const number = parseGoFloat(value);
	if (number === undefined) {
		return `invalid config value ('${value}')`;
	}

	return number < 0 || number > 1 ? `${rule} config value is outside allowed range (0-1), given '${value}'` : undefined;
}

function evaluate(rule: CiRuleName, value: string, analysis: ImageAnalysis): CiResult {
	switch (rule) {
		case 'lowestEfficiency': {
			const threshold = parseGoFloat(value)!;
			return threshold > analysis.efficiency
				? {rule, status: 'FAIL', message: `image efficiency is too low (efficiency=${goFloat(analysis.efficiency)} < threshold=${goFloat(threshold)})`}
				: {rule, status: 'PASS', message: ''};
		}

		case 'highestWastedBytes': {
			const threshold = parseHumanBytes(value)!;
			return analysis.wastedBytes > threshold
				? {rule, status: 'FAIL', message: `too many bytes wasted (wasted-bytes=${analysis.wastedBytes} > threshold=${threshold})`}
				: {rule, status: 'PASS', message: ''};
		}

		case 'highestUserWastedPercent': {
			const threshold = parseGoFloat(value)!;
			// NaN (no user bytes) compares false, so it passes, as in dive.
			return threshold < analysis.wastedUserPercent
				? {rule, status: 'FAIL', message: `too many bytes wasted, relative to the user bytes added (%-user-wasted-bytes=${goFloat(analysis.wastedUserPercent)} > threshold=${goFloat(threshold)})`}
				: {rule, status: 'PASS', message: ''};
		}
	}
}

/** dive's CI evaluation: a rule set to `disabled` is skipped; one that does not validate fails the run before any is evaluated. */
export function evaluateCi(rules: CiRules, analysis: ImageAnalysis): CiVerdict {
	const problems = ciRuleNames.map(rule => rules[rule] === 'disabled' ? undefined : validate(rule, rules[rule]));
	if (problems.some(Boolean)) {
		return {
			pass: false,
			misconfigured: true,
			results: ciRuleNames.map((rule, index) => rules[rule] === 'disabled'
				? {rule, status: 'CONFIGURED   ', message: 'rule disabled'}
				: problems[index] ? {rule, status: 'MISCONFIGURED', message: problems[index]} : {rule, status: 'CONFIGURED   ', message: 'test'}),
		};
	}

	const results = ciRuleNames.map((rule): CiResult => rules[rule] === 'disabled' ? {rule, status: 'SKIP', message: 'rule disabled'} : evaluate(rule, rules[rule], analysis));
	return {results, pass: results.every(result => result.status !== 'FAIL'), misconfigured: false};
}
