import {existsSync, readdirSync, readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import {parseDocument} from 'yaml';
import {packageRoot} from '../package-root.js';
import type {Lesson} from './lesson.js';
import {LessonError, parseLesson} from './parse-lesson.js';

/**
 * Where the built-in lessons live: source/lessons/ in the package (shipped
 * with it, package.json `files`). Found from the package's root (package-root.ts):
 * from source/, dist/ or the bundle alike.
 */
export const builtinLessonsDirectory = path.join(packageRoot() ?? '.', 'source', 'lessons');

const extensions = ['.yaml', '.yml', '.json'];
/** A lesson is a page of text; anything far larger is not one. */
const largest = 1024 * 1024;

/** A lesson's text, YAML or JSON (JSON is YAML too), checked; `name` is what errors call it. */
export function lessonFromText(source: string, name: string): Lesson {
	const document = parseDocument(source, {prettyErrors: true, uniqueKeys: true});
	const problem = document.errors[0];
	if (problem) {
		// yaml's message is followed by the lines around the fault: the first line says it all.
		throw new LessonError(`${name}: not valid YAML or JSON: ${problem.message.split('\n')[0]!.replace(/:$/, '')}`);
	}

	return parseLesson(document.toJS({maxAliasCount: 100}) as unknown, name);
}

/** An instructor's own lesson file. */
export function lessonFromFile(file: string): Lesson {
	let source: string;
	try {
		const stat = statSync(file);
		if (!stat.isFile()) {
			throw new LessonError(`${file}: not a file`);
		}

		if (stat.size > largest) {
			throw new LessonError(`${file}: ${stat.size} bytes is too large for a lesson (at most ${largest})`);
		}

		source = readFileSync(file, 'utf8');
	} catch (error) {
		if (error instanceof LessonError) {
			throw error;
		}

		const code = (error as NodeJS.ErrnoException).code;
		throw new LessonError(`${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : `cannot be read (${code ?? (error as Error).message})`}`);
	}

	return lessonFromText(source, file);
}

/** The built-in lessons' names, the seed's own first (`dockyard lesson` with no name opens it). */
export function builtinLessonNames(): string[] {
	const names = readdirSync(builtinLessonsDirectory)
		.filter(file => extensions.includes(path.extname(file)))
		.map(file => path.basename(file, path.extname(file)))
		.sort();
	return [...names.filter(name => name === seedLesson), ...names.filter(name => name !== seedLesson)];
}

/** The seed document's own lesson. */
export const seedLesson = 'container-images';

export function builtinLesson(name: string): Lesson | undefined {
	const file = extensions.map(extension => path.join(builtinLessonsDirectory, `${name}${extension}`)).find(candidate => existsSync(candidate));
	return file ? {...lessonFromFile(file), name} : undefined;
}

/** `dockyard lesson ARG`: a built-in's name, else a file; neither is one line saying so. */
export function findLesson(nameOrFile: string | undefined): Lesson {
	const wanted = nameOrFile ?? seedLesson;
	const looksLikeFile = wanted.includes('/') || wanted.includes(path.sep) || extensions.includes(path.extname(wanted));
	if (!looksLikeFile && /^[\w-]+$/.test(wanted)) {
		const builtin = builtinLesson(wanted);
		if (builtin) {
			return builtin;
		}

		if (!existsSync(wanted)) {
			throw new LessonError(`no lesson named "${wanted}": \`dockyard lesson --list\` lists the built-in ones, or give a lesson file`);
		}
	}

	return lessonFromFile(wanted);
}
