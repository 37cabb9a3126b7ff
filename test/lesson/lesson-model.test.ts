import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, test} from 'vitest';
import type {JournalEntry} from '../../source/core/backend/model.js';
import {Snapshot} from '../../source/core/backend/snapshot.js';
import {evaluate} from '../../source/core/lesson/conditions.js';
import type {Condition, Lesson} from '../../source/core/lesson/lesson.js';
import {builtinLesson, builtinLessonNames, findLesson, lessonFromFile, lessonFromText} from '../../source/core/lesson/load-lesson.js';
import {LessonError} from '../../source/core/lesson/parse-lesson.js';
import {advance, moveOn, startProgress} from '../../source/core/lesson/progress.js';
import {container, image} from '../backend/neutral.js';

function entry(time: string, action: string, ok: boolean, summary = ''): JournalEntry {
	return {time, action, summary, ok, docker: [], powershell: []};
}

/** nanoserver ← app (tagged team/app), a container of app; and a journal. */
function world(journal: JournalEntry[] = []) {
	const base = image('base', {tags: ['nanoserver:latest', 'nanoserver:10.0.10586.0']});
	const app = image('app', {parent: base.id, tags: ['team/app:latest']});
	const web = container('web', app.id);
	return {snapshot: Snapshot.of([base, app], [web], journal), base, app, web};
}

const empty = Snapshot.of([], []);

describe('each condition over a snapshot', () => {
	const {snapshot, base} = world();
	const met = (condition: Condition, on = snapshot, since = '') => evaluate(condition, on, since).met;

	test('image / noImage: a tag (docker.io names and the default tag as docker reads them), an id', () => {
		expect(met({image: 'nanoserver'})).toBe(true);
		expect(met({image: 'docker.io/library/nanoserver:10.0.10586.0'})).toBe(true);
		expect(met({image: base.id.slice(7, 19)})).toBe(true);
		expect(met({image: 'nanoserver:9'})).toBe(false);
		expect(met({image: 'nanoserver'}, empty)).toBe(false);
		expect(met({noImage: 'windowsservercore'})).toBe(true);
		expect(met({noImage: 'team/app'})).toBe(false);
	});

	test('container: of an image, or any', () => {
		expect(met({container: 'team/app'})).toBe(true);
		expect(met({container: 'nanoserver'})).toBe(false);
		expect(met({container: '*'})).toBe(true);
		expect(met({container: '*'}, empty)).toBe(false);
		expect(met({container: 'gone'})).toBe(false);
	});

	test('child: an image was created from it', () => {
		expect(met({child: 'nanoserver'})).toBe(true);
		expect(met({child: 'team/app'})).toBe(false);
		expect(met({child: 'gone'})).toBe(false);
	});

	test('journal: action, ok and summary words, newer than the step\'s start only', () => {
		const {snapshot: journalled} = world([entry('2026-01-01T10:00:00.000Z', 'pull', false, 'refused: microsoft/iis needs the base OS image WindowsServerCore'), entry('2026-01-01T10:01:00.000Z', 'rmi', true)]);
		expect(evaluate({journal: {action: 'pull', ok: false}}, journalled, '2026-01-01T09:00:00.000Z')).toEqual({met: true, at: '2026-01-01T10:00:00.000Z'});
		expect(met({journal: {action: 'pull', ok: false}}, journalled, '2026-01-01T10:00:00.000Z')).toBe(false);
		expect(met({journal: {action: 'pull', ok: true}}, journalled)).toBe(false);
		expect(met({journal: {action: 'pull'}}, journalled)).toBe(true);
		expect(met({journal: {action: 'pull', summary: 'WINDOWSSERVERCORE'}}, journalled)).toBe(true);
		expect(met({journal: {action: 'pull', summary: 'nanoserver'}}, journalled)).toBe(false);
		expect(met({journal: {action: 'rmi', ok: false}}, journalled)).toBe(false);
	});

	test('all and any', () => {
		expect(met({all: [{image: 'nanoserver'}, {child: 'nanoserver'}]})).toBe(true);
		expect(met({all: [{image: 'nanoserver'}, {child: 'team/app'}]})).toBe(false);
		expect(met({any: [{image: 'gone'}, {container: '*'}]})).toBe(true);
		expect(met({any: [{image: 'gone'}, {child: 'team/app'}]})).toBe(false);
	});
});

const three: Lesson = lessonFromText(`
title: Three steps
steps:
  - {title: Refuse a pull, do: d, why: w, teach: {action: pull, reference: x}, done: {journal: {action: pull, ok: false}}}
  - {title: Read, do: d, why: w, teach: {action: images}}
  - {title: Refuse a removal, do: d, why: w, teach: {action: rmi, target: x}, done: {journal: {action: rmi, ok: false}}}
  - {title: Remove, do: d, why: w, teach: {action: rmi, target: x}, done: {noImage: team/app}}
`, 'three');

describe('steps noticed in order', () => {
	const start = '2026-01-01T10:00:00.000Z';

	test('journal entries from before the lesson\'s start never finish a step', () => {
		const {snapshot} = world([entry('2026-01-01T09:59:59.000Z', 'pull', false)]);
		expect(advance(three, startProgress(start), snapshot).current).toBe(0);
	});

	test('a step to read waits for the student; the steps after it are checked only then, in order', () => {
		const journal = [entry('2026-01-01T10:00:01.000Z', 'pull', false)];
		let progress = advance(three, startProgress(start), world(journal).snapshot);
		expect(progress).toMatchObject({current: 1, ended: ['noticed']});
		// A refused removal while the class is still reading does not count for the step after it.
		journal.push(entry('2026-01-01T10:00:02.000Z', 'rmi', false));
		progress = advance(three, progress, world(journal).snapshot);
		expect(progress.current).toBe(1);
		progress = moveOn(three, progress);
		expect(progress).toMatchObject({current: 2, ended: ['noticed', 'moved on']});
		expect(advance(three, progress, world(journal).snapshot).current).toBe(2);
		// The removal refused again, now: noticed; and the image still there keeps the last step waiting.
		journal.push(entry('2026-01-01T10:00:03.000Z', 'rmi', false));
		progress = advance(three, progress, world(journal).snapshot);
		expect(progress.current).toBe(3);
		progress = advance(three, progress, Snapshot.of([image('base', {tags: ['nanoserver:latest']})], [], journal));
		expect(progress).toMatchObject({current: 4, ended: ['noticed', 'moved on', 'noticed', 'noticed']});
	});

	test('two steps done before one re-read are both noticed, and one entry never finishes two steps', () => {
		const twice: Lesson = {...three, steps: [three.steps[0]!, three.steps[0]!, three.steps[3]!]};
		const one = [entry('2026-01-01T10:00:01.000Z', 'pull', false)];
		expect(advance(twice, startProgress(start), world(one).snapshot).current).toBe(1);
		const two = [...one, entry('2026-01-01T10:00:02.000Z', 'pull', false)];
		expect(advance(twice, startProgress(start), Snapshot.of([], [], two)).current).toBe(3);
	});

	test('an unchanged snapshot gives the same progress back (no re-render)', () => {
		const progress = advance(three, startProgress(start), world().snapshot);
		expect(advance(three, progress, world().snapshot)).toBe(progress);
	});
});

describe('the loader: one line naming the file and the fault', () => {
	const directory = mkdtempSync(path.join(os.tmpdir(), 'dockyard-lesson-'));
	afterAll(() => {
		rmSync(directory, {recursive: true, force: true});
	});

	const step = '{title: S, do: d, why: w, teach: {action: images}}';
	const cases: Array<[string, string, RegExp]> = [
		['not YAML', 'title: [x\n', /^bad: not valid YAML or JSON: .*line 2, column 1$/],
		['a list, not a lesson', '- a\n', /^bad: a lesson is a mapping with title and steps, not a list$/],
		['no title', `steps: [${step}]`, /^bad: title: expected some text, not nothing \(missing\)$/],
		['no steps', 'title: T\nsteps: []', /^bad: steps: a lesson needs a list of at least one step, not a list$/],
		['an unknown lesson field', `title: T\nlevel: 2\nsteps: [${step}]`, /^bad: unknown field "level"/],
		['an unknown step field', 'title: T\nsteps: [{title: S, do: d, why: w, teach: {action: images}, when: z}]', /^bad: step 1 "S": unknown field "when"/],
		['a step without why', 'title: T\nsteps: [{title: S, do: d, teach: {action: images}}]', /^bad: step 1 "S": why: expected some text, not nothing \(missing\)$/],
		['command strings of its own', 'title: T\nsteps: [{title: S, do: d, why: w, docker: docker images}]', /^bad: step 1 "S": "docker" is no longer written by hand: name the action and its targets under teach/],
		['an unknown action', 'title: T\nsteps: [{title: S, do: d, why: w, teach: {action: run, image: x}}]', /^bad: step 1 "S": teach.action: unknown action "run" \(one of images, /],
		['an action without its target', 'title: T\nsteps: [{title: S, do: d, why: w, teach: [{action: images}, {action: pull}]}]', /^bad: step 1 "S": teach\[2\].reference: pull needs reference$/],
		['a field the action has not', 'title: T\nsteps: [{title: S, do: d, why: w, teach: {action: pull, reference: x, tag: y}}]', /^bad: step 1 "S": teach.tag: unknown field for pull \(it takes reference\)$/],
		['a version YAML reads as a number', 'title: T\nsteps: [{title: S, do: d, why: w, teach: {action: os-install, name: NanoServer, version: 1.0}}]', /^bad: step 1 "S": teach.version: 1 is read as a number: write it in quotes \('1.0'\)$/],
		['a base OS image the catalog has not', 'title: T\nsteps: [{title: S, do: d, why: w, teach: {action: os-install, name: Nano}}]', /^bad: step 1 "S": teach: no base OS image Nano \(there are /],
		['an unknown condition', `title: T\nsteps: [{title: S, do: d, why: w, teach: {action: images}, done: {imag: x}}]`, /^bad: step 1 "S": done: unknown condition "imag" \(one of image, noImage/],
		['two conditions in one', `title: T\nsteps: [{title: S, do: d, why: w, teach: {action: images}, done: {image: x, child: y}}]`, /^bad: step 1 "S": done: a condition is a mapping with exactly one of .*, not 2 fields$/],
		['a bad reference', `title: T\nsteps: [{title: S, do: d, why: w, teach: {action: images}, done: {all: [{image: x}, {image: "Bad Name"}]}}]`, /^bad: step 1 "S": done.all\[2\].image: "Bad Name" is not an image reference/],
		['a journal ok that is not a boolean', `title: T\nsteps: [{title: S, do: d, why: w, teach: {action: images}, done: {journal: {action: pull, ok: "no"}}}]`, /^bad: step 1 "S": done.journal.ok: expected true or false, not string "no"$/],
		['a duplicate key', `title: T\ntitle: U\nsteps: [${step}]`, /^bad: not valid YAML or JSON: Map keys must be unique/],
	];
	test.each(cases)('%s', (_name, text, message) => {
		let caught: unknown;
		try {
			lessonFromText(text, 'bad');
		} catch (error) {
			caught = error;
		}

		expect(caught).toBeInstanceOf(LessonError);
		expect((caught as Error).message).toMatch(message);
		expect((caught as Error).message).not.toContain('\n');
	});

	test('a file: missing, a directory, control characters in the name made printable; JSON is read as well', () => {
		expect(() => lessonFromFile(path.join(directory, 'none.yaml'))).toThrow(/none\.yaml: no such file$/);
		expect(() => lessonFromFile(directory)).toThrow(/: not a file$/);
		expect(() => findLesson('no-such-lesson')).toThrow('no lesson named "no-such-lesson": `dockyard lesson --list` lists the built-in ones, or give a lesson file');
		const json = path.join(directory, 'mine.json');
		writeFileSync(json, JSON.stringify({title: 'Mine', steps: [{title: 'S', do: 'd', why: 'w', teach: [{action: 'images'}], done: {container: '*'}}]}));
		expect(findLesson(json)).toMatchObject({name: json, title: 'Mine', steps: [{teach: [{kind: 'images'}], done: {container: '*'}}]});
		const hostile = path.join(directory, 'bad\u001B[2J.yaml');
		writeFileSync(hostile, 'title: [');
		expect(() => lessonFromFile(hostile)).toThrow(/bad\\u001b\[2J\.yaml: not valid YAML/);
	});

	test('the seed lesson is built in, first, and covers the seed in order', () => {
		expect(builtinLessonNames()[0]).toBe('container-images');
		const seed = builtinLesson('container-images')!;
		expect(seed.title).toBe('Container images');
		expect(seed.steps.map(step => step.done ? Object.keys(step.done)[0] : 'read')).toEqual(['image', 'read', 'read', 'journal', 'image', 'image', 'container', 'all', 'read', 'journal', 'noImage']);
		expect(findLesson(undefined).title).toBe('Container images');
	});
});
