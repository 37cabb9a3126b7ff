import {DockyardError} from '../errors.js';
import {isIdPrefix, parseReference} from '../reference.js';
import type {Condition, Lesson, Step} from './lesson.js';
import {parseTeach} from './parse-teach.js';

/** A lesson file that cannot be used: one line naming the file and what is wrong where. */
export class LessonError extends DockyardError {
	constructor(message: string) {
		super(message);
		this.name = 'LessonError';
	}
}

const conditionKeys = ['image', 'noImage', 'container', 'child', 'journal', 'all', 'any'] as const;
const stepKeys = new Set(['title', 'do', 'why', 'teach', 'done']);
const lessonKeys = new Set(['title', 'summary', 'steps']);

type Json = unknown;

function isRecord(value: Json): value is Record<string, Json> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: Json): string {
	if (value === undefined || value === null) {
		return 'nothing (missing)';
	}

	return Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'a mapping' : `${typeof value} ${JSON.stringify(value)}`;
}

/**
 * Checks a parsed lesson document (from YAML or JSON) and gives the
 * lesson, or a LessonError whose one line says where the document is wrong
 * (`step 3 "Pull it": done.image: …`), so an instructor can fix it at once.
 */
export function parseLesson(document: Json, name: string): Lesson {
	const fail = (where: string, problem: string): never => {
		throw new LessonError(`${name}: ${where ? `${where}: ` : ''}${problem}`);
	};

	if (!isRecord(document)) {
		return fail('', `a lesson is a mapping with title and steps, not ${describe(document)}`);
	}

	for (const key of Object.keys(document)) {
		if (!lessonKeys.has(key)) {
			fail('', `unknown field "${key}" (a lesson has ${[...lessonKeys].join(', ')})`);
		}
	}

	const title = text(document['title'], 'title', fail);
	const summary = document['summary'] === undefined ? undefined : text(document['summary'], 'summary', fail);
	const steps = document['steps'];
	if (!Array.isArray(steps) || steps.length === 0) {
		return fail('steps', `a lesson needs a list of at least one step, not ${describe(steps)}`);
	}

	return {name, title, ...(summary === undefined ? {} : {summary}), steps: steps.map((step, index) => parseStep(step, `step ${index + 1}`, fail))};
}

type Fail = (where: string, problem: string) => never;

function text(value: Json, where: string, fail: Fail): string {
	if (typeof value !== 'string' || value.trim() === '') {
		return fail(where, `expected some text, not ${describe(value)}`);
	}

	return value.trim();
}

function parseStep(step: Json, where: string, fail: Fail): Step {
	if (!isRecord(step)) {
		return fail(where, `a step is a mapping with title, do, why, teach and done, not ${describe(step)}`);
	}

	const title = text(step['title'], `${where}: title`, fail);
	const named = `${where} "${title}"`;
	for (const key of Object.keys(step)) {
		if (key === 'docker' || key === 'powershell') {
			fail(named, `"${key}" is no longer written by hand: name the action and its targets under teach (teach: {action: pull, reference: microsoft/iis}), and dockyard writes its docker and PowerShell lines`);
		}

		if (!stepKeys.has(key)) {
			fail(named, `unknown field "${key}" (a step has ${[...stepKeys].join(', ')})`);
		}
	}

	return {
		title,
		do: text(step['do'], `${named}: do`, fail),
		why: text(step['why'], `${named}: why`, fail),
		teach: parseTeach(step['teach'], `${named}: teach`, fail),
		...(step['done'] === undefined ? {} : {done: condition(step['done'], `${named}: done`, fail)}),
	};
}

function condition(value: Json, where: string, fail: Fail): Condition {
	const keys = isRecord(value) ? Object.keys(value) : [];
	if (!isRecord(value) || keys.length !== 1) {
		return fail(where, `a condition is a mapping with exactly one of ${conditionKeys.join(', ')}, not ${isRecord(value) ? `${keys.length} fields` : describe(value)}`);
	}

	const key = keys[0]!;
	const inner = value[key];
	const at = `${where}.${key}`;
	switch (key) {
		case 'image':
		case 'noImage':
		case 'child': {
			return {[key]: reference(inner, at, fail)} as Condition;
		}

		case 'container': {
			return {container: inner === '*' ? '*' : reference(inner, at, fail)};
		}

		case 'journal': {
			return {journal: journalCondition(inner, at, fail)};
		}

		case 'all':
		case 'any': {
			if (!Array.isArray(inner) || inner.length === 0) {
				return fail(at, `expected a list of conditions, not ${describe(inner)}`);
			}

			return {[key]: inner.map((part, index) => condition(part, `${at}[${index + 1}]`, fail))} as Condition;
		}

		default: {
			return fail(where, `unknown condition "${key}" (one of ${conditionKeys.join(', ')})`);
		}
	}
}

/** An image reference as docker reads one (or an id): checked now, so a typo is named at load, not never met. */
function reference(value: Json, where: string, fail: Fail): string {
	const given = text(value, where, fail);
	if (isIdPrefix(given)) {
		return given;
	}

	try {
		parseReference(given);
	} catch (error) {
		return fail(where, `"${given}" is not an image reference (${(error as Error).message})`);
	}

	return given;
}

function journalCondition(value: Json, where: string, fail: Fail): {action: string; ok?: boolean; summary?: string} {
	if (!isRecord(value)) {
		return fail(where, `expected a mapping with action (and ok, summary), not ${describe(value)}`);
	}

	for (const key of Object.keys(value)) {
		if (!['action', 'ok', 'summary'].includes(key)) {
			fail(where, `unknown field "${key}" (a journal condition has action, ok, summary)`);
		}
	}

	const ok = value['ok'];
	if (ok !== undefined && typeof ok !== 'boolean') {
		fail(`${where}.ok`, `expected true or false, not ${describe(ok)}`);
	}

	return {
		action: text(value['action'], `${where}.action`, fail),
		...(ok === undefined ? {} : {ok: ok as boolean}),
		...(value['summary'] === undefined ? {} : {summary: text(value['summary'], `${where}.summary`, fail)}),
	};
}
