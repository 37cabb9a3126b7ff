import type {Action} from '../teach.js';

/**
 * A lesson: steps a class walks through, each with what to do and why, the
 * commands that do it, and the store's state that says it is done. Lessons
 * are data (YAML or JSON, see the readme's "For instructors"); this is their
 * shape once loaded and checked.
 */

/** What the store must show for a step to be done: one predicate over a Backend snapshot. */
export type Condition =
	/** An image answers to this reference (a tag, a digest or an id). */
	| {image: string}
	/** No image answers to it. */
	| {noImage: string}
	/** A container exists, created from this image; `*`: any container. */
	| {container: string}
	/** This image has a child image (one was created from it). */
	| {child: string}
	/** A journal entry newer than the step's start, with this action (and `ok`, and words of its summary, when given). */
	| {journal: {action: string; ok?: boolean; summary?: string}}
	| {all: Condition[]}
	| {any: Condition[]};

export type Step = {
	title: string;
	/** What to do, in words (keys in the TUI, verbs in a terminal). */
	do: string;
	why: string;
	/** The actions the step teaches, with their targets: core/teach makes their docker and PowerShell lines. */
	teach: Action[];
	/** Without one, the step is read, not done: the student moves on with a key. */
	done?: Condition;
};

export type Lesson = {
	/** What `dockyard lesson NAME` calls it: a built-in's file name, or the file given. */
	name: string;
	title: string;
	summary?: string;
	steps: Step[];
};
