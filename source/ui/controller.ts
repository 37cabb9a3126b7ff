import {ConflictError, errorMessage} from '../core/errors.js';
import {findOsImage, osImages} from '../core/hub/catalog.js';
import type {Backend, BackendPullResult} from '../core/backend/backend.js';
import type {SendToEngine} from '../core/backend/backend-pair.js';
import type {BatchPlan} from '../core/backend/removal.js';
import type {PullEvent} from '../core/backend/model.js';
import type {Snapshot} from '../core/backend/snapshot.js';
import {asRefused, teach as teachAction, type Action as TeachAction, type Equivalents, type TeachContext, type TeachOutcome} from '../core/teach.js';
import {powershellNameOf, removalEffects} from '../core/backend/powershell-identity.js';
import {containerNameFor} from '../core/backend/container-name.js';
import {journalEntry} from '../core/journal.js';
import {resolveCursors, type Derived} from './derived.js';
import {switchHub} from './hub-switch.js';
import {writeJournalFile} from './journal-file.js';
import {containerRoot, referenceProblem} from './prompt-checks.js';
import {missingBase} from './missing-base.js';
import {removalPlanLines} from '../present/removal-plan.js';
import {firstDependent, focusDependent} from './dependent-focus.js';
import {sortOrder} from './image-rows.js';
import type {Action, Served} from './keymap.js';
import {moveCursor, type Move} from './list.js';
import {paletteAction} from './palette-action.js';
import {initialState, panes, type Dialog, type Outcome, type PullState, type UiState} from './state.js';

export type ControllerDeps = {
	backend: Backend;
	state: () => UiState;
	update: (change: (state: UiState) => UiState) => void;
	derived: () => Derived;
	/** Re-reads the store now (the watch would, a little later). */
	refresh: () => void;
	exit: () => void;
	helpLength: number;
	/** The help line where a pane's own keys begin: help opens there. */
	helpStart?: (pane: UiState['pane']) => number;
	/** Flips the app between the store and the engine, when both are there. */
	switchBackend?: () => void;
	/** Store images into the engine, when this backend is the store and an engine is configured. */
	send?: SendToEngine;
	/** The lesson panel's keys (use-lesson.ts): show or hide it, move on a step. */
	lesson?: {toggle: () => void; next: () => void};
	/** What the backend serves: the command palette offers only those actions. */
	served?: Served;
	/** Copies the command the teaching lines show (y). */
	copyCommand?: () => void;
};

const moves: Partial<Record<Action, Move>> = {up: 'up', down: 'down', pageUp: 'pageUp', pageDown: 'pageDown', first: 'first', last: 'last'};

/** Pull progress arrives per chunk; the screen is redrawn at most this often. */
const progressIntervalMs = 80;

/**
 * What each action does: the one place where a key becomes a change of
 * state or a call into the core. Every rule lives in the core; this only
 * asks it, shows its answer, and says what the equivalent commands are.
 */
export function createController(deps: ControllerDeps): (action: Action, input?: string) => void {
	const {backend, update, derived} = deps;
	// docker lines as the user types them against this backend.
	const teach = (action: TeachAction) => teachAction(action, backend.teaching);
	const set = (change: Partial<UiState>) => {
		update(state => ({...state, ...change}));
	};

	const cursors = () => resolveCursors(deps.state(), derived());
	const dialog = (next: Dialog | undefined) => {
		set({dialog: next});
	};

	/** Runs a core operation with a busy note; its outcome lands on the teaching line, a refusal or error in a dialog. */
	const run = async (busy: string, work: () => Promise<Outcome>, after?: () => void, tried?: Equivalents) => {
		set({busy});
		try {
			const outcome = await work();
			set({busy: undefined, last: {...outcome, fresh: true}});
			after?.();
		} catch (error) {
			const refused = error instanceof ConflictError;
			// The commands of what was tried stay on the teaching line, marked refused or failed, never "did".
			set({
				busy: undefined,
				last: {
					ok: false,
					outcome: refused ? 'refused' : 'error',
					summary: errorMessage(error),
					...(refused && error.details[0] ? {rule: error.details[0]} : {}),
					...(tried ? {equivalents: refused ? asRefused(tried) : tried, fresh: true} : {}),
				},
				dialog: {kind: 'message', title: refused ? 'Refused — nothing was changed' : 'Error', tone: 'bad', lines: [errorMessage(error), ...(refused ? error.details : [])]},
			});
		} finally {
			deps.refresh();
		}
	};

	/** A prompt whose `submit` may answer with an error: the prompt then stays open, the error under the text. */
	const prompt = (title: string, label: string, value: string, submit: (value: string) => string | void) => {
		dialog({kind: 'prompt', title, label, value, submit});
	};

	const move = (action: Action) => {
		const step = moves[action];
		if (!step) {
			return false;
		}

		const state = deps.state();
		const now = derived();
		const {page} = now;
		switch (state.pane) {
			case 'images': {
				const cursor = moveCursor(cursors().images, step, now.imageRows.length, page);
				update(s => ({...s, images: {...s.images, cursor, key: now.imageRows[cursor]?.key}}));
				break;
			}

			case 'containers': {
				const cursor = moveCursor(cursors().containers, step, now.containers.length, page);
				update(s => ({...s, containers: {cursor, key: now.containers[cursor]?.id}}));
				break;
			}

			case 'hub': {
				const cursor = moveCursor(cursors().hub, step, now.hubResults.length, page);
				update(s => ({...s, hub: {...s.hub, cursor, tagIndex: cursor === s.hub.cursor ? s.hub.tagIndex : -1}}));
				break;
			}

			case 'history': {
				if (state.history.tab === 'layers') {
					const cursor = moveCursor(cursors().history, step, now.historyRows?.length ?? 0, page);
					update(s => ({...s, history: {...s.history, cursor}}));
				} else {
					const journalCursor = moveCursor(cursors().journal, step, now.journal.length, page);
					update(s => ({...s, history: {...s.history, journalCursor}}));
				}

				break;
			}
		}

		return true;
	};

	// --- images ----------------------------------------------------------------

	const selectedRow = () => derived().imageRows[cursors().images];

	const remove = () => {
		const state = deps.state();
		const marked = [...state.images.marks.values()];
		const row = selectedRow();
		const targets = marked.length > 0 ? marked : (row ? [row.target] : []);
		if (targets.length === 0) {
			return;
		}

		// Get-ContainerImage | Remove-ContainerImage -Force removes the whole image: in the PowerShell view, an image named by
		// its id (no single tag names it) goes with every tag, as docker rmi -f does; one named by its one tag needs no -f.
		const force = state.images.powershell && targets.some(target => target.startsWith('sha256:'));
		// The plan is the core's, on a fresh snapshot; the teaching line names the images as the panes show them.
		const equivalents = removalEquivalents(derived().view, targets, force, backend.teaching);
		void backend.planRemoval(targets, {force}).then(plan => {
			offerRemoval(targets, plan, equivalents, force);
		}, (error: unknown) => {
			dialog({kind: 'message', title: 'Cannot remove', tone: 'bad', lines: [errorMessage(error)]});
		});
	};

	const offerRemoval = (targets: string[], plan: BatchPlan, equivalents: Equivalents, force: boolean) => {
		if (!plan.allowed) {
			// Taught as the plain attempt (no -f, no -Force: forcing would not change the answer), and journalled as refused.
			const action = removalAction(derived().view, targets, false);
			const refused = teachAction(action, backend.teaching, 'refused');
			const summary = plan.refusals.map(refusal => refusal.message).join('; ');
			const rule = [...new Set(plan.refusals.map(refusal => refusal.rule))].join(' ');
			set({
				dialog: {kind: 'refusal', title: `Refused: ${targets.join(', ')} cannot be removed`, refusals: plan.refusals},
				last: {ok: false, outcome: 'refused', rule, summary, equivalents: refused, fresh: true},
			});
			void backend.capabilities.journalWrite?.record(journalEntry(action, `refused: ${summary}`, 'refused', rule, teachAction(action, undefined, 'refused'))).catch(() => {});
			return;
		}

		// Said in the future: nothing is done until y (docker's Untagged:/Deleted: read as done).
		const lines = removalPlanLines(plan, 'will');
		const targetsToRemove = plan.targets;
		dialog({
			kind: 'confirm',
			title: `Remove ${targetsToRemove.length === 1 ? targetsToRemove[0] : `${targetsToRemove.length} images`}?`,
			lines,
			equivalents,
			run: async () => run(equivalents.docker[0]!, async () => {
				// One decision: re-planned on a fresh read; a refusal there changes nothing.
				const {untagged, deleted} = await backend.remove(targetsToRemove, {force});
				const summary = [...untagged.map(tag => `Untagged: ${tag}`), ...deleted.map(id => `Deleted: ${id.slice(0, 19)}…`)].join(', ');
				return {ok: true, summary, equivalents};
			}, () => {
				update(s => ({...s, images: {...s.images, marks: new Map()}}));
			}, equivalents),
		});
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
			const cursor = moveCursor(cursors().images, 'down', derived().imageRows.length, 1);
			return {...s, images: {...s.images, marks, cursor, key: derived().imageRows[cursor]?.key}};
		});
	};

	const createContainer = (image: string) => {
		// Named by dockyard (iis-1), so the docker and PowerShell lines name the container the pane then lists.
		const snapshot = derived().view;
		const from = resolves(snapshot, image);
		const name = snapshot && from ? containerNameFor(snapshot, from) : undefined;
		const action: TeachAction = {kind: 'create', image, name, psImage: from ? powershellNameOf(from) : undefined, psVersion: from?.version};
		void run(teach(action).docker[0]!, async () => {
			const container = await backend.createContainer(image, {name});
			return {ok: true, summary: `Created container ${container.name} (${container.id.slice(0, 12)}) from ${image}`, equivalents: teach({...action, name: container.name})};
		}, undefined, teach(action));
	};

	/** The marked images, else the highlighted one, as the engine's load should name them. */
	const sendToEngine = (send: SendToEngine) => {
		const marked = [...deps.state().images.marks.values()];
		const row = selectedRow();
		const targets = marked.length > 0 ? marked : (row ? [row.target] : []);
		if (targets.length === 0) {
			return;
		}

		const equivalents = teach({kind: 'send', targets, engine: send.docker});
		const busy = `sending ${targets.join(' ')} to the engine`;
		let shownPercent = -1;
		void run(busy, async () => {
			const loaded = await send.run(targets, {
				onProgress({sent, total}) {
					// Redrawn at each whole percent, not at each chunk.
					const percent = total > 0 ? Math.floor(sent * 100 / total) : 0;
					if (percent !== shownPercent) {
						shownPercent = percent;
						set({busy: `${busy}: ${percent}%`});
					}
				},
			});
			return {ok: true, summary: loaded.map(name => `Loaded image: ${name}`).join(', ') || 'The engine loaded nothing', equivalents};
		}, () => {
			update(s => ({...s, images: {...s.images, marks: new Map()}}));
		}, equivalents);
	};

	/** Onto the other backend: its own list from the top, no dialog, the view choices kept. */
	const switchBackend = (flip: () => void) => {
		const running = deps.state().hub.pull;
		if (running && !running.done) {
			set({last: {ok: false, summary: `A pull of ${running.reference} is running (x cancels it)`}});
			return;
		}

		update(s => {
			const fresh = initialState(s.pane);
			return {
				...fresh,
				images: {...fresh.images, powershell: s.images.powershell, sort: s.images.sort},
				hub: {...fresh.hub, query: s.hub.query, hubVersion: (s.hub.hubVersion ?? 0) + 1},
			};
		});
		flip();
	};

	// --- hub -------------------------------------------------------------------

	const startPull = async (reference: string, work: (onProgress: (event: PullEvent) => void, signal: AbortSignal) => Promise<BackendPullResult>, tried: Equivalents): Promise<boolean> => {
		const running = deps.state().hub.pull;
		if (running && !running.done) {
			set({last: {ok: false, summary: `A pull of ${running.reference} is running (x cancels it)`}});
			return false;
		}

		const pull: PullState = {reference, layers: [], messages: [], done: false, abort: new AbortController()};
		update(s => ({...s, hub: {...s.hub, pull}}));
		let timer: NodeJS.Timeout | undefined;
		const redraw = () => {
			timer = undefined;
			update(s => ({...s}));
		};

		const onProgress = (event: PullEvent) => {
			if (event.kind === 'status') {
				pull.messages.push(event.message);
			} else {
				const layer = pull.layers.find(entry => entry.id === event.id);
				if (layer) {
					Object.assign(layer, {status: event.status, current: event.current, total: event.total});
				} else {
					pull.layers.push({id: event.id, status: event.status, current: event.current, total: event.total});
				}
			}

			timer ??= setTimeout(redraw, progressIntervalMs);
		};

		await run(`pulling ${reference}`, async () => {
			try {
				const result = await work(onProgress, pull.abort.signal);
				const status = result.lines.find(line => line.startsWith('Status:')) ?? `Pulled ${result.reference}`;
				// A pull that found everything there downloaded nothing: no time to report.
				const downloaded = status.startsWith('Status: Image is up to date') ? undefined : result.lines.find(line => line.startsWith('Downloaded in'));
				return {ok: true, summary: downloaded ? `${status} · ${downloaded}` : status, equivalents: result.teach};
			} catch (error) {
				if (pull.abort.signal.aborted) {
					// Asked for with x: said in the pull's panel and the status line, not as an error.
					pull.failed = 'Cancelled: nothing was added to the store';
					pull.cancelled = true;
					return {ok: false, cancelled: true, summary: `Cancelled the pull of ${reference}: nothing was added to the store`};
				}

				pull.failed = errorMessage(error);
				const base = backend.capabilities.osImages ? missingBase(error) : undefined;
				if (base) {
					// The fix offered in place: y installs the base, then this pull goes on.
					offerBase(reference, base, work);
					return {ok: false, outcome: 'refused', summary: `Refused: ${reference} needs the base OS image ${base.name} ${base.version} (y installs it)`, equivalents: asRefused(tried), fresh: true};
				}

				throw error;
			} finally {
				clearTimeout(timer);
				pull.done = true;
			}
		}, undefined, tried);
		return pull.failed === undefined;
	};

	const offerBase = (reference: string, base: {name: string; version: string}, work: Parameters<typeof startPull>[1]) => {
		const osImages = backend.capabilities.osImages;
		const entry = findOsImage(base.name, base.version);
		if (!osImages || !entry) {
			return;
		}

		dialog({
			kind: 'confirm',
			title: `Refused: ${reference} needs the base OS image ${entry.name} ${entry.version}`,
			lines: [`Rule: an image from the hub is built on a base OS image, which must be installed first. Nothing was changed.`],
			equivalents: teach({kind: 'os-install', name: entry.name, version: entry.version, repository: entry.repository}),
			question: `Install ${entry.name} ${entry.version} now, then pull ${reference}? y/N`,
			async run() {
				if (await startPull(`${entry.name} ${entry.version}`, async (onProgress, signal) => osImages.install(entry.name, entry.version, {onProgress, signal}), teach({kind: 'os-install', name: entry.name, version: entry.version, repository: entry.repository}))) {
					await startPull(reference, work, teach({kind: 'pull', reference}));
				}
			},
		});
	};

	/** P on Local images: the highlighted tag to its registry, in the same per-layer view as a pull. */
	const pushHighlighted = () => {
		const push = backend.capabilities.push;
		const row = selectedRow();
		if (!push || !row) {
			return;
		}

		const running = deps.state().images.push;
		if (running && !running.done) {
			set({last: {ok: false, summary: `A push of ${running.reference} is running`}});
			return;
		}

		if (row.repository === '<none>' || row.tag === '<none>' || row.tag === '') {
			set({last: {ok: false, summary: 'push needs a tag: tag the image first (t)'}});
			return;
		}

		const reference = row.target;
		const progress: PullState = {reference, verb: 'push', layers: [], messages: [], done: false, abort: new AbortController()};
		update(s => ({...s, images: {...s.images, push: progress}}));
		const {onProgress, stop} = trackProgress(progress);
		void run(`pushing ${reference}`, async () => {
			try {
				const result = await push(reference, {onProgress, signal: progress.abort.signal});
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

	/** Progress events into a pull's (or push's) state, redrawn at most every progressIntervalMs. */
	const trackProgress = (progress: PullState) => {
		let timer: NodeJS.Timeout | undefined;
		const redraw = () => {
			timer = undefined;
			update(s => ({...s}));
		};

		return {
			onProgress(event: PullEvent) {
				if (event.kind === 'status') {
					progress.messages.push(event.message);
				} else {
					const layer = progress.layers.find(entry => entry.id === event.id);
					if (layer) {
						Object.assign(layer, {status: event.status, current: event.current, total: event.total});
					} else {
						progress.layers.push({id: event.id, status: event.status, current: event.current, total: event.total});
					}
				}

				timer ??= setTimeout(redraw, progressIntervalMs);
			},
			stop() {
				clearTimeout(timer);
			},
		};
	};

	const pullHighlighted = () => {
		const now = derived();
		const result = now.hubResults[cursors().hub];
		if (!result) {
			return;
		}

		const tag = now.hubTags?.[now.hubTagIndex] ?? 'latest';
		// Base OS images are installed as Install-ContainerImage does: latest unless a version is chosen.
		const osImage = backend.capabilities.osImages ? findOsImage(result.name, tag === 'latest' ? undefined : tag) : undefined;
		if (osImage) {
			install(osImage.name, tag === 'latest' ? undefined : osImage.version);
			return;
		}

		const reference = `${result.name}:${tag}`;
		void startPull(reference, async (onProgress, signal) => backend.pull(reference, {onProgress, signal}), teach({kind: 'pull', reference}));
	};

	const install = (name: string, version?: string) => {
		const osImages = backend.capabilities.osImages;
		if (!osImages) {
			return;
		}

		const repository = findOsImage(name, version)?.repository ?? name.toLowerCase();
		void startPull(`${name}${version ? ` ${version}` : ''}`, async (onProgress, signal) => osImages.install(name, version, {onProgress, signal}), teach({kind: 'os-install', name, version, repository}));
	};

	// --- containers ------------------------------------------------------------

	const selectedContainer = () => derived().containers[cursors().containers];

	const addFile = () => {
		const container = selectedContainer();
		if (!container) {
			return;
		}

		prompt(`Add a file to ${container.name} (docker cp)`, 'Path of a file on this machine:', '', source => {
			if (!source.trim()) {
				return;
			}

			prompt(`Add ${source} to ${container.name}`, 'Where in the container (a path ending in / is a directory):', containerRoot(derived().view, container.image), destination => {
				void run(teach({kind: 'cp', source, container: container.name, destination}).docker[0]!, async () => {
					const change = await backend.copyIntoContainer(container.id, source.trim(), destination.trim() || '/');
					return {ok: true, summary: `Copied ${change.size}B to ${container.name}:${change.path}`, equivalents: teach({kind: 'cp', source, container: container.name, destination})};
				}, undefined, teach({kind: 'cp', source, container: container.name, destination}));
			});
		});
	};

	const commit = () => {
		const container = selectedContainer();
		if (!container) {
			return;
		}

		prompt(`Commit ${container.name} to a new image (docker commit)`, 'Repository[:tag] for the new image (empty: untagged):', '', repository => {
			const name = repository.trim() || undefined;
			const problem = name ? referenceProblem(name) : undefined;
			if (problem) {
				return problem;
			}

			// Stored with the seed's Publisher and Version, as its New-ContainerImage line says, so the PowerShell columns show them.
			const stamp = name ? {publisher: 'Demo', version: '1.0'} : {};
			const action: TeachAction = {kind: 'commit', container: container.name, repository: name, psContainer: container.name, ...stamp};
			void run(teach(action).docker[0]!, async () => {
				const image = await backend.commit(container.id, {repository: name, ...stamp});
				return {ok: true, summary: `${image.id}${name ? ` (${name})` : ''}`, equivalents: teach(action)};
			}, undefined, teach(action));
		});
	};

	const removeContainer = () => {
		const container = selectedContainer();
		if (!container) {
			return;
		}

		const equivalents = teach({kind: 'rm', container: container.name});
		dialog({
			kind: 'confirm',
			title: `Remove container ${container.name}?`,
			lines: [`${container.shortId} from ${container.imageRef}, ${container.changes?.length ?? 0} file(s) added: they go with it.`],
			equivalents,
			run: async () => run(equivalents.docker[0]!, async () => {
				await backend.removeContainer(container.id);
				return {ok: true, summary: `Removed container ${container.name}`, equivalents};
			}, undefined, equivalents),
		});
	};

	/** J: the journal as a Markdown handout in a file; a message says where (or, in one line, why not). */
	const writeJournal = () => {
		void backend.snapshot().then(snapshot => {
			const file = writeJournalFile(snapshot.journal);
			dialog({kind: 'message', title: 'Journal written', tone: 'good', lines: [`${snapshot.journal.length} entries, as Markdown (dockyard journal):`, file]});
		}).catch((error: unknown) => {
			dialog({kind: 'message', title: 'The journal was not written', tone: 'bad', lines: [errorMessage(error)]});
		});
	};

	// --- the router --------------------------------------------------------------

	const goTo = (index: number) => {
		update(s => ({...s, pane: panes[(index + panes.length) % panes.length]!}));
	};

	const handle = (action: Action, input?: string): void => {
		if (action === 'copyCommand') {
			// Before the teaching lines go back to the highlighted row: what is on screen is copied.
			deps.copyCommand?.();
			return;
		}

		if (deps.state().last?.fresh) {
			// Any key after an action: the teaching lines go back to what is highlighted.
			update(s => ({...s, last: {...s.last!, fresh: false}}));
		}

		const state = deps.state();
		const current = state.dialog;
		// Ctrl-C reaches here as quit whatever has the keys: a dialog or a prompt does not hold it.
		if (current && action !== 'quit') {
			dialogAction(current, action);
			return;
		}

		if (move(action)) {
			return;
		}

		switch (action) {
			case 'quit': {
				state.hub.pull?.abort.abort();
				deps.exit();
				break;
			}

			case 'help': {
				dialog({kind: 'help', top: deps.helpStart?.(state.pane) ?? 0});
				break;
			}

			case 'lesson':
			case 'lessonNext': {
				deps.lesson?.[action === 'lesson' ? 'toggle' : 'next']();
				break;
			}

			case 'nextPane':
			case 'previousPane': {
				goTo(panes.indexOf(state.pane) + (action === 'nextPane' ? 1 : -1));
				break;
			}

			case 'paneImages':
			case 'paneHub':
			case 'paneHistory':
			case 'paneContainers': {
				goTo(['paneImages', 'paneHub', 'paneHistory', 'paneContainers'].indexOf(action));
				break;
			}

			case 'filter': {
				update(s => ({...s, images: {...s.images, editing: true}}));
				break;
			}

			case 'typeSearch': {
				// The Hub's typing rule (hub-typing.ts): the key typed is the new query's first.
				update(s => ({...s, hub: {...s.hub, editing: true, query: input ?? '', cursor: 0, tagIndex: -1}}));
				break;
			}

			case 'search': {
				// A fresh query each time: the old one is replaced, not added to.
				update(s => ({...s, hub: {...s.hub, editing: true, query: '', cursor: 0, tagIndex: -1}}));
				break;
			}

			case 'accept': {
				update(s => s.pane === 'hub' ? {...s, hub: {...s.hub, editing: false}} : {...s, images: {...s.images, editing: false}});
				break;
			}

			case 'clear': {
				update(s => s.pane === 'hub'
					? {...s, hub: {...s.hub, editing: false, query: '', cursor: 0, tagIndex: -1}}
					: {...s, images: {...s.images, editing: false, filter: '', marks: s.images.editing ? s.images.marks : new Map()}});
				break;
			}

			case 'sort': {
				update(s => ({...s, images: {...s.images, sort: sortOrder[(sortOrder.indexOf(s.images.sort) + 1) % sortOrder.length]!}}));
				break;
			}

			case 'powershell': {
				update(s => ({...s, images: {...s.images, powershell: !s.images.powershell, marks: new Map()}}));
				break;
			}

			case 'mark': {
				mark();
				break;
			}

			case 'remove': {
				if (state.pane === 'containers') {
					removeContainer();
				} else {
					remove();
				}

				break;
			}

			case 'createContainer': {
				const row = selectedRow();
				if (row) {
					createContainer(row.target);
				}

				break;
			}

			case 'tag': {
				const row = selectedRow();
				if (row) {
					prompt(`Tag ${row.target} (docker tag)`, 'New repository[:tag]:', '', target => {
						const problem = referenceProblem(target.trim());
						if (problem) {
							return problem;
						}

						if (target.trim()) {
							void run(teach({kind: 'tag', source: row.target, target: target.trim()}).docker[0]!, async () => {
								await backend.tag(row.target, target.trim());
								return {ok: true, summary: `Tagged ${row.image.shortId} as ${target.trim()}`, equivalents: teach({kind: 'tag', source: row.target, target: target.trim()})};
							}, undefined, teach({kind: 'tag', source: row.target, target: target.trim()}));
						}
					});
				}

				break;
			}

			case 'load': {
				const load = backend.capabilities.load;
				if (load) {
					prompt('Load images (docker load)', 'Path of a docker or OCI archive, or an OCI layout directory:', '', file => {
						const source = file.trim();
						if (source) {
							void run(teach({kind: 'load', source}).docker[0]!, async () => {
								const lines = await load(source);
								return {ok: true, summary: lines.join(', ') || 'Loaded nothing', equivalents: teach({kind: 'load', source})};
							}, undefined, teach({kind: 'load', source}));
						}
					});
				}

				break;
			}

			case 'showHistory': {
				update(s => ({...s, pane: 'history', history: {...s.history, tab: 'layers', cursor: 0}}));
				break;
			}

			case 'pull': {
				pullHighlighted();
				break;
			}

			case 'previousTag':
			case 'nextTag': {
				const now = derived();
				const count = now.hubTags?.length ?? 0;
				if (count > 0) {
					const tagIndex = (now.hubTagIndex + (action === 'nextTag' ? 1 : -1) + count) % count;
					update(s => ({...s, hub: {...s.hub, tagIndex}}));
				}

				break;
			}

			case 'installOs': {
				dialog({kind: 'install', cursor: 0});
				break;
			}

			case 'cancelPull': {
				state.hub.pull?.abort.abort();
				break;
			}

			case 'switchHub': {
				const settings = backend.capabilities.settings;
				if (!settings) {
					break;
				}

				void run('switching hub', async () => {
					const {label, command} = switchHub(settings);
					update(s => ({...s, hub: {...s.hub, cursor: 0, tagIndex: -1, hubVersion: (s.hub.hubVersion ?? 0) + 1}}));
					return {ok: true, summary: `Hub: ${label} (${command})`};
				});
				break;
			}

			case 'switchTab': {
				update(s => ({...s, history: {...s.history, tab: s.history.tab === 'layers' ? 'journal' : 'layers'}}));
				break;
			}

			case 'layerFiles': {
				// From the journal too: the layers come back, showing their files.
				update(s => ({...s, history: {...s.history, tab: 'layers', files: s.history.tab === 'layers' ? !s.history.files : true}}));
				break;
			}

			case 'newContainer': {
				const row = selectedRow();
				prompt('Create a container (docker create)', 'From image (reference or id):', row?.target ?? '', image => {
					if (image.trim()) {
						createContainer(image.trim());
					}
				});
				break;
			}

			case 'addFile': {
				addFile();
				break;
			}

			case 'switchBackend': {
				if (deps.switchBackend) {
					switchBackend(deps.switchBackend);
				}

				break;
			}

			case 'push': {
				pushHighlighted();
				break;
			}

			case 'sendToEngine': {
				if (deps.send) {
					sendToEngine(deps.send);
				}

				break;
			}

			case 'commit': {
				commit();
				break;
			}

			case 'writeJournal': {
				writeJournal();
				break;
			}

			case 'palette': {
				dialog({kind: 'palette', query: '', cursor: 0});
				break;
			}

			default: {
				break;
			}
		}
	};

	return handle;

	function dialogAction(current: Dialog, action: Action): void {
		switch (current.kind) {
			case 'help': {
				if (action === 'close') {
					dialog(undefined);
				} else {
					// No further than the last line at the bottom, so ↑ at the end moves at once.
					const room = derived().helpRoom;
					const step = {up: -1, down: 1, pageUp: -room, pageDown: room, first: -deps.helpLength, last: deps.helpLength}[action as 'up'];
					if (step !== undefined) {
						dialog({...current, top: Math.max(0, Math.min(deps.helpLength - room, current.top + step))});
					}
				}

				break;
			}

			case 'confirm': {
				if (action === 'yes') {
					dialog(undefined);
					void current.run();
				} else if (action === 'no') {
					set({dialog: undefined, last: {ok: true, cancelled: true, summary: 'Cancelled: nothing was changed'}});
				}

				break;
			}

			case 'prompt': {
				if (action === 'accept') {
					dialog(undefined);
					const problem = current.submit(current.value);
					if (typeof problem === 'string') {
						dialog({...current, error: problem});
					}
				} else if (action === 'close') {
					dialog(undefined);
				}

				break;
			}

			case 'install': {
				const entries = osImages();
				if (action === 'up' || action === 'down') {
					dialog({...current, cursor: moveCursor(current.cursor, action, entries.length, 1)});
				} else if (action === 'accept') {
					const entry = entries[current.cursor];
					dialog(undefined);
					if (entry) {
						update(s => ({...s, pane: 'hub'}));
						install(entry.name, entry.version);
					}
				} else if (action === 'close') {
					dialog(undefined);
				}

				break;
			}

			case 'refusal':
			case 'message': {
				const dependent = current.kind === 'refusal' && action === 'openDependent' ? firstDependent(current.refusals) : undefined;
				if (dependent) {
					update(s => focusDependent(s, derived(), dependent));
				} else if (action === 'close') {
					dialog(undefined);
				}

				break;
			}

			case 'palette': {
				paletteAction(current, action, {served: deps.served, update, dispatch: handle});
				break;
			}
		}
	}
}

/** Base OS images already in the store, as `repository:version`. */
export function installedOsImages(derived: Derived): Set<string> {
	const tags = new Set(derived.view?.images.flatMap(image => image.tags) ?? []);
	return new Set(osImages().map(entry => `${entry.repository}:${entry.version}`).filter(key => tags.has(key)));
}

/**
 * The commands of one removal: a single `docker rmi` naming every target, and
 * a Remove-ContainerImage for each image, named as Get-ContainerImage names it.
 */
export function removalEquivalents(view: Snapshot | undefined, targets: string[], force: boolean, context?: TeachContext, outcome?: TeachOutcome): Equivalents {
	return teachAction(removalAction(view, targets, force), context, outcome);
}

const highlightedRemovals = new WeakMap<Snapshot, Map<string, Equivalents>>();

/** The teaching pair of `d` on the highlighted row, drawn at every key: planned once per store read and row, not per frame. */
export function highlightedRemoval(view: Snapshot | undefined, target: string, force: boolean, context: TeachContext): Equivalents {
	if (!view) {
		return removalEquivalents(view, [target], force, context);
	}

	const cache = highlightedRemovals.get(view) ?? new Map<string, Equivalents>();
	highlightedRemovals.set(view, cache);
	const key = `${force ? 'f' : '-'} ${context.docker} ${target}`;
	const known = cache.get(key);
	if (known) {
		return known;
	}

	const equivalents = removalEquivalents(view, [target], force, context);
	cache.set(key, equivalents);
	return equivalents;
}

/** The removal as the teaching and the journal name it: what each target removes, planned on the snapshot (a tag alone, or the image). */
export function removalAction(view: Snapshot | undefined, targets: string[], force: boolean): Extract<TeachAction, {kind: 'rmi'}> {
	const [target = '', ...more] = targets;
	return {kind: 'rmi', target, ...(more.length > 0 ? {more} : {}), force, effects: removalEffects(view, targets, {force})};
}

/** The image a target names in this snapshot, or nothing (then the backend says why). */
function resolves(snapshot: Snapshot | undefined, target: string): ReturnType<Snapshot['image']> | undefined {
	try {
		return snapshot?.image(target);
	} catch {
		return undefined;
	}
}
