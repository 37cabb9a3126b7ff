import process from 'node:process';
import {need} from '../core/backend/backend.js';
import {DockyardError} from '../core/errors.js';
import {emptyStoreForLesson, storeContents} from '../core/lesson/fresh-store.js';
import {table} from '../present/format.js';
import {ownPlan} from './plans.js';
import {confirm} from './confirm.js';
import type {Command} from './command.js';

/**
 * `dockyard lesson [NAME|FILE]`: the TUI with the lesson panel, on a fresh
 * store. The lesson is checked first (a bad file is one line, exit 1), the
 * store next (not empty: refused without --yes), the terminal last, so
 * nothing is emptied for a lesson that cannot open.
 */
export const lesson: Command = {
	name: 'lesson',
	usage: `Usage: dockyard lesson [NAME|FILE] [--yes] [--presenter]
       dockyard lesson --list [--json]

Open the TUI with the lesson panel: each step says what to do and why, shows
the docker and PowerShell commands, and moves on when the store shows the
step done (by keys in the TUI or by the CLI in another terminal). w shows or
hides the panel, W goes on from a step that changes nothing. Without NAME,
the seed's own lesson (container-images). FILE is an instructor's own lesson
(YAML or JSON; the readme's "For instructors" describes the format).

A lesson starts on a fresh store: when the store holds images or containers
it asks y/N before emptying it (without a terminal it is refused), and --yes
empties it without asking.

Options:
      --list        List the built-in lessons
      --yes         Empty a store that is not empty, then start
      --presenter   For a projector: hide the store's path, show the last keys pressed
      --json        With --list: print JSON`,
	options: {
		list: {type: 'boolean'},
		yes: {type: 'boolean', short: 'y'},
		presenter: {type: 'boolean'},
	},
	arity: [0, 1],
	async plan({args, flags}) {
		return flags['list'] ? undefined : ownPlan(`Would open the lesson ${args[0] ?? 'container-images'} in the TUI, on a fresh store (a store that holds anything is emptied first, after y or --yes)`);
	},
	async run({args, flags, backend, out, err}) {
		// Loaded only for this verb: the YAML parser is no cost to the others' start.
		const {builtinLesson, builtinLessonNames, findLesson} = await import('../core/lesson/load-lesson.js');
		if (flags['list']) {
			const lessons = builtinLessonNames().map(name => builtinLesson(name)!);
			if (flags['json']) {
				out(JSON.stringify(lessons.map(({name, title, summary, steps}) => ({name, title, summary, steps: steps.map(step => step.title)})), undefined, 2));
			} else {
				table(['NAME', 'STEPS', 'TITLE'], lessons.map(({name, title, steps}) => [name, String(steps.length), title])).forEach(line => {
					out(line);
				});
			}

			return 0;
		}

		const chosen = findLesson(args[0]);
		const store = backend();
		need(store, 'journal', 'lesson');
		const contents = storeContents(await store.snapshot());
		const where = store.capabilities.files?.home ?? store.label;
		const terminal = Boolean(process.stdin.isTTY && process.stdout.isTTY);
		const refusal = `the store ${where} is not empty (${contents}); a lesson starts on a fresh store: run \`dockyard reset --yes\` first, or add --yes to empty it`;
		if (contents && !flags['yes'] && !terminal) {
			throw new DockyardError(refusal);
		}

		if (!terminal) {
			err('Error: the lesson opens the dockyard TUI, which needs a terminal');
			return 2;
		}

		if (contents && !flags['yes'] && !await confirm(`The store ${where} is not empty (${contents}). Empty it for the lesson? [y/N] `)) {
			throw new DockyardError(refusal);
		}

		if (contents) {
			await emptyStoreForLesson(store);
		}

		// As cli.tsx does for the TUI: React's production build, loaded only now.
		process.env['NODE_ENV'] ??= 'production';
		const {runTui} = await import('../tui.js');
		// The y/N's readline paused stdin on closing: a paused stdin would give the TUI no keys, and Node nothing to wait for.
		process.stdin.resume();
		return runTui({backends: {backend: store}, lesson: {lesson: chosen, startedAt: new Date().toISOString(), presenter: Boolean(flags['presenter'])}});
	},
};
