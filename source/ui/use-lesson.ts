import {useCallback, useEffect, useState} from 'react';
import type {Snapshot} from '../core/backend/snapshot.js';
import type {Lesson} from '../core/lesson/lesson.js';
import {builtinLesson, seedLesson} from '../core/lesson/load-lesson.js';
import {advance, moveOn, startProgress, type Progress} from '../core/lesson/progress.js';
import {errorMessage} from '../core/errors.js';

/** What `dockyard lesson` hands the app: the lesson, when it began, and whether a presenter runs it. */
export type LessonSession = {
	lesson: Lesson;
	/** ISO time: journal entries before it never finish a step. */
	startedAt: string;
	/** Hide the store's path; show the last keys pressed (for a projector). */
	presenter?: boolean;
};

export type LessonControl = {
	session?: LessonSession;
	progress: Progress;
	visible: boolean;
	/** The last keys pressed, in presenter mode. */
	keys: string[];
	/** Why `w` could not open a lesson (the built-in one unreadable). */
	problem?: string;
	toggle: () => void;
	next: () => void;
	pressed: (token: string | undefined) => void;
};

const keyNames: Record<string, string> = {
	enter: 'Enter', esc: 'Esc', tab: 'Tab', 'shift-tab': 'S-Tab', space: 'Space', delete: 'Del',
	up: '↑', down: '↓', left: '←', right: '→', pageup: 'PgUp', pagedown: 'PgDn', home: 'Home', end: 'End', 'ctrl-c': 'C-c',
};

/** Keys a presenter's screen shows at once. */
const keysShown = 10;

/**
 * The lesson's state beside the app's: which step, noticed from every new
 * snapshot the backend's watch brings (this TUI's keys and another
 * terminal's CLI alike), the panel shown or hidden, and the presenter's
 * last keys. Without a session, `w` opens the seed's lesson from now on.
 */
export function useLesson(given: LessonSession | undefined, view: Snapshot | undefined): LessonControl {
	const [session, setSession] = useState(given);
	const [visible, setVisible] = useState(Boolean(given));
	const [progress, setProgress] = useState(() => startProgress(given?.startedAt ?? new Date().toISOString()));
	const [keys, setKeys] = useState<string[]>([]);
	const [problem, setProblem] = useState<string>();

	useEffect(() => {
		if (session && view) {
			setProgress(current => advance(session.lesson, current, view));
		}
	}, [session, view]);

	const toggle = useCallback(() => {
		if (session) {
			setVisible(shown => !shown);
			return;
		}

		try {
			const lesson = builtinLesson(seedLesson);
			if (!lesson) {
				setProblem(`the built-in lesson ${seedLesson} is missing`);
				return;
			}

			const startedAt = new Date().toISOString();
			setSession({lesson, startedAt});
			setProgress(startProgress(startedAt));
			setVisible(true);
		} catch (error) {
			setProblem(errorMessage(error));
		}
	}, [session]);

	const next = useCallback(() => {
		if (session && visible) {
			setProgress(current => {
				const moved = moveOn(session.lesson, current);
				return view ? advance(session.lesson, moved, view) : moved;
			});
		}
	}, [session, visible, view]);

	const pressed = useCallback((token: string | undefined) => {
		if (session?.presenter && token) {
			setKeys(shown => [...shown, keyNames[token] ?? token].slice(-keysShown));
		}
	}, [session]);

	return {session, progress, visible, keys, problem, toggle, next, pressed};
}
