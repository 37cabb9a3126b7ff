import {errorMessage} from '../../core/errors.js';
import type {BatchPlan} from '../../core/backend/removal.js';
import type {SendToEngine} from '../../core/backend/backend-pair.js';
import type {Equivalents} from '../../core/teach.js';
import {sortOrder} from '../image-rows.js';
import {removalAction, removalEquivalents} from '../image-removal.js';
import {removalPlanLines} from '../../present/removal-plan.js';
import type {Action} from '../keymap.js';
import {moveCursor} from '../list.js';
import {referenceProblem} from '../prompt-checks.js';
import {listMove, movedInImages} from '../state/moves.js';
import {withImageSelected} from '../state/selection.js';
import type {PullState} from '../state.js';
import type {Context, PaneController} from './context.js';
import {createContainer} from './create-container.js';
import {checkHighlighted} from './outdated.js';
import {compareMarked} from './compare.js';
import {copyHighlighted} from './copy-image.js';
import {pruneWithPreview} from './prune.js';
import {refuseRemoval} from './removal-refusal.js';
import {notHeld, pullPlatform, removePlatform} from './platform-actions.js';
import {trackProgress} from './progress.js';

/** Keys that act on the highlighted row's own image: none on a platform not held. */
const needsImage = new Set<Action>(['mark', 'createContainer', 'tag', 'push', 'checkOutdated', 'copyTo']);

/** Local images' keys, its filter box's included. */
export function imagesController(context: Context): PaneController {
	const {backend, update, derived, teach} = context;
	const selectedRow = () => derived().imageRows[context.cursors().images];
	/** The marked images, else the highlighted one. */
	const targets = () => {
		const marked = [...context.state().images.marks.values()];
		const row = selectedRow();
		return marked.length > 0 ? marked : (row ? [row.target] : []);
	};

	const remove = () => {
		const chosen = targets();
		if (chosen.length === 0) {
			return;
		}

		// Get-ContainerImage | Remove-ContainerImage -Force removes the whole image: in the PowerShell view, an image named by
		// its id (no single tag names it) goes with every tag, as docker rmi -f does; one named by its one tag needs no -f.
		const force = context.state().images.powershell && chosen.some(target => target.startsWith('sha256:'));
		void planAndOffer(context, chosen, force, clearMarks);
	};

	const clearMarks = () => {
		update(s => ({...s, images: {...s.images, marks: new Map()}}));
	};

	const mark = () => {
		const row = selectedRow();
		if (!row) {
			return;
		}

		update(s => {
			const marks = new Map(s.images.marks);
			if (marks.has(row.key)) {
				marks.delete(row.key);
			} else {
				marks.set(row.key, row.target);
			}

			// Space also steps down, so a run of rows is marked key after key.
			const cursor = moveCursor(context.cursors().images, 'down', derived().imageRows.length, 1);
			return {...s, images: {...s.images, marks, cursor, key: derived().imageRows[cursor]?.key}};
		});
	};

	const sendToEngine = (send: SendToEngine) => {
		const chosen = targets();
		if (chosen.length === 0) {
			return;
		}

		const equivalents = teach({kind: 'send', targets: chosen, engine: send.docker});
		const busy = `sending ${chosen.join(' ')} to the engine`;
		let shownPercent = -1;
		void context.run(busy, async () => {
			const loaded = await send.run(chosen, {
				onProgress({sent, total}) {
					// Redrawn at each whole percent, not at each chunk.
					const percent = total > 0 ? Math.floor(sent * 100 / total) : 0;
					if (percent !== shownPercent) {
						shownPercent = percent;
						context.set({busy: `${busy}: ${percent}%`});
					}
				},
			});
			return {ok: true, summary: loaded.map(name => `Loaded image: ${name}`).join(', ') || 'The engine loaded nothing', equivalents};
		}, clearMarks, equivalents);
	};

	const tag = () => {
		const row = selectedRow();
		if (!row) {
			return;
		}

		// The highlight is this image's row from now on, whatever rows the new tag adds above it.
		update(s => withImageSelected(s, row.key));
		const equivalentsFor = (target: string) => teach({kind: 'tag', source: row.target, target});
		context.prompt(`Tag ${row.target} (docker tag)`, 'New repository[:tag]:', '', target => {
			const problem = referenceProblem(target.trim());
			if (problem) {
				return problem;
			}

			if (target.trim()) {
				void context.run(equivalentsFor(target.trim()).docker[0]!, async () => {
					await backend.tag(row.target, target.trim());
					return {ok: true, summary: `Tagged ${row.image.shortId} as ${target.trim()}`, equivalents: equivalentsFor(target.trim())};
				}, undefined, equivalentsFor(target.trim()));
			}
		}, value => ({label: 'Enter tags', equivalents: equivalentsFor(value.trim() || 'REPOSITORY[:TAG]')}));
	};

	const load = () => {
		const loadArchive = backend.capabilities.load;
		if (!loadArchive) {
			return;
		}

		context.prompt('Load images (docker load)', 'Path of a docker or OCI archive, or an OCI layout directory:', '', file => {
			const source = file.trim();
			if (source) {
				void context.run(teach({kind: 'load', source}).docker[0]!, async () => {
					const lines = await loadArchive(source);
					return {ok: true, summary: lines.join(', ') || 'Loaded nothing', equivalents: teach({kind: 'load', source})};
				}, undefined, teach({kind: 'load', source}));
			}
		}, value => ({label: 'Enter loads', equivalents: teach({kind: 'load', source: value.trim() || 'FILE'})}));
	};

	/** P: the highlighted tag to its registry, in the same per-layer view as a pull. */
	const push = () => {
		const pushTo = backend.capabilities.push;
		const row = selectedRow();
		if (!pushTo || !row) {
			return;
		}

		const running = context.state().images.push;
		if (running && !running.done) {
			context.set({last: {ok: false, summary: `A push of ${running.reference} is running`}});
			return;
		}

		if (row.repository === '<none>' || row.tag === '<none>' || row.tag === '') {
			context.set({last: {ok: false, summary: 'push needs a tag: tag the image first (t)'}});
			return;
		}

		const reference = row.target;
		const progress: PullState = {reference, verb: 'push', layers: [], messages: [], done: false, abort: new AbortController()};
		update(s => ({...s, images: {...s.images, push: progress}}));
		const {onProgress, stop} = trackProgress(progress, () => {
			update(s => ({...s}));
		});
		void context.run(`pushing ${reference}`, async () => {
			try {
				const result = await pushTo(reference, {onProgress, signal: progress.abort.signal});
				return {ok: true, summary: result.lines.at(-1) ?? `Pushed ${result.reference}`, equivalents: result.teach};
			} catch (error) {
				progress.failed = errorMessage(error);
				throw error;
			} finally {
				stop();
				progress.done = true;
			}
		}, undefined, teach({kind: 'push', reference}));
	};

	return (action: Action) => {
		const state = context.state();
		const step = listMove(action);
		if (step) {
			update(s => movedInImages(s, derived(), context.cursors(), step));
			return true;
		}

		// A platform's row (T): Enter pulls one not held, d removes a held one alone; a key that needs an image says it is not held.
		const platform = selectedRow()?.platform;
		const marked = state.images.marks.size > 0;
		if (platform && !platform.held && (needsImage.has(action) || (!marked && (action === 'remove' || action === 'sendToEngine')))) {
			context.set({last: {ok: false, summary: notHeld(platform)}});
			return true;
		}

		if (platform && action === 'showHistory' && !platform.held) {
			pullPlatform(context, platform);
			return true;
		}

		if (platform && action === 'remove' && !marked && backend.capabilities.platforms) {
			removePlatform(context, {...selectedRow()!, platform});
			return true;
		}

		switch (action) {
			case 'platformTree': {
				update(s => ({...s, images: {...s.images, tree: !s.images.tree}}));
				return true;
			}

			case 'checkOutdated': {
				checkHighlighted(context, selectedRow());
				return true;
			}

			case 'filter': {
				update(s => ({...s, images: {...s.images, editing: true}}));
				return true;
			}

			case 'accept': {
				update(s => ({...s, images: {...s.images, editing: false}}));
				return true;
			}

			case 'clear': {
				update(s => ({...s, images: {...s.images, editing: false, filter: '', marks: s.images.editing ? s.images.marks : new Map()}}));
				return true;
			}

			case 'sort': {
				update(s => ({...s, images: {...s.images, sort: sortOrder[(sortOrder.indexOf(s.images.sort) + 1) % sortOrder.length]!}}));
				return true;
			}

			case 'powershell': {
				update(s => ({...s, images: {...s.images, powershell: !s.images.powershell, marks: new Map()}}));
				return true;
			}

			case 'mark': {
				mark();
				return true;
			}

			case 'prune': {
				void pruneWithPreview(context);
				return true;
			}

			case 'compare': {
				void compareMarked(context);
				return true;
			}

			case 'remove': {
				remove();
				return true;
			}

			case 'createContainer': {
				const row = selectedRow();
				if (row) {
					createContainer(context, row.target);
				}

				return true;
			}

			case 'tag': {
				tag();
				return true;
			}

			case 'load': {
				load();
				return true;
			}

			case 'showHistory': {
				update(s => ({...s, pane: 'history', history: {...s.history, tab: 'layers', cursor: 0}}));
				return true;
			}

			case 'push': {
				push();
				return true;
			}

			case 'copyTo': {
				copyHighlighted(context, selectedRow());
				return true;
			}

			case 'sendToEngine': {
				if (context.send) {
					sendToEngine(context.send);
				}

				return true;
			}

			default: {
				return false;
			}
		}
	};
}

/** The open removal confirmation planned again on the store as it is now (another terminal changed it). */
export function replanRemoval(context: Context): void {
	const open = context.state().dialog;
	if (open?.kind !== 'confirm' || !open.replan) {
		return;
	}

	void planAndOffer(context, open.replan.targets, open.replan.force, () => {
		context.update(s => ({...s, images: {...s.images, marks: new Map()}}));
	}, true);
}

/** The plan is the core's, on a fresh snapshot; the teaching line names the images as the panes show them. */
async function planAndOffer(context: Context, chosen: string[], force: boolean, clearMarks: () => void, replacing?: true): Promise<void> {
	const {backend, derived} = context;
	const equivalents = removalEquivalents(derived().view, chosen, force, backend.teaching);
	try {
		const plan = await backend.planRemoval(chosen, {force});
		if (replacing && context.state().dialog?.kind !== 'confirm') {
			// Answered or closed while this plan was made: nothing to replace.
			return;
		}

		offerRemoval(context, chosen, plan, equivalents, force, clearMarks, replacing);
	} catch (error) {
		context.dialog({kind: 'message', title: 'Cannot remove', tone: 'bad', lines: [errorMessage(error)]});
	}
}

function offerRemoval(context: Context, chosen: string[], plan: BatchPlan, equivalents: Equivalents, force: boolean, clearMarks: () => void, replanned?: true): void {
	const {backend, derived} = context;
	if (!plan.allowed) {
		if (replanned) {
			// Nothing was asked of the store yet: the confirmation becomes the refusal it would now meet, unjournalled.
			context.set({dialog: {kind: 'refusal', title: `The store changed: ${chosen.join(', ')} can no longer be removed`, refusals: plan.refusals}});
			return;
		}

		// Taught as the plain attempt (no -f, no -Force: forcing would not change the answer), and journalled as refused.
		refuseRemoval(context, removalAction(derived().view, chosen, false), plan.refusals, `Refused: ${chosen.join(', ')} cannot be removed`);
		return;
	}

	// Said in the future: nothing is done until y (docker's Untagged:/Deleted: read as done).
	const lines = removalPlanLines(plan, 'will');
	const toRemove = plan.targets;
	context.dialog({
		kind: 'confirm',
		title: `Remove ${toRemove.length === 1 ? toRemove[0] : `${toRemove.length} images`}?`,
		lines,
		equivalents,
		// Planned again when the store changes while it is open (another terminal): never an old preview.
		replan: {targets: chosen, force},
		run: async () => context.run(equivalents.docker[0]!, async () => {
			// One decision: re-planned on a fresh read; a refusal there changes nothing.
			const {untagged, deleted} = await backend.remove(toRemove, {force});
			const summary = [...untagged.map(tag => `Untagged: ${tag}`), ...deleted.map(id => `Deleted: ${id.slice(0, 19)}…`)].join(', ');
			return {ok: true, summary, equivalents};
		}, clearMarks, equivalents),
	});
}
