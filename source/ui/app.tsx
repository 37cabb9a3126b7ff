import {useCallback, useEffect, useMemo, useRef, useState, type ReactNode} from 'react';
import {Box, Text, useApp, useInput, useStdout, type Key} from 'ink';
import {capabilitySet, type Backend, type Searcher} from '../core/backend/backend.js';
import type {SendToEngine} from '../core/backend/backend-pair.js';
import {dependentsTree} from '../core/backend/dependents-tree.js';
import {findOsImage, osImages} from '../core/hub/catalog.js';
import {storeRecoveryHint} from '../core/errors.js';
import {teach as teachAction, type Action, type Equivalents, type TeachContext} from '../core/teach.js';
import {Footer, footerLines, TabBar, TeachingLines} from './chrome.js';
import {ContainersPane} from './containers-pane.js';
import {createController} from './controller.js';
import {makeContext, type ControllerDeps} from './controllers/context.js';
import {replanRemoval} from './controllers/images.js';
import {withHubQuery, withImageFilter, withPaletteQuery, withPromptValue} from './state/text-boxes.js';
import {defaultTagIndex, installedOsImages, resolveCursors, type Cursors, type Derived} from './derived.js';
import {highlightedRemoval} from './image-removal.js';
import {useStateFollowsScreen} from './state/follow-screen.js';
import {ConfirmDialog} from './dialogs/confirm.js';
import {HelpDialog, helpLength, helpRoom, helpStart} from './dialogs/help.js';
import {InstallDialog} from './dialogs/install.js';
import {PaletteDialog} from './dialogs/palette.js';
import {MessageDialog} from './dialogs/message.js';
import {PromptDialog} from './dialogs/prompt.js';
import {RefusalDialog} from './dialogs/refusal.js';
import {HistoryPane} from './history-pane.js';
import {HubPane} from './hub-pane.js';
import {countRows, filterImageRows, sortedImageRows, type ImageRow} from './image-rows.js';
import {ImagesPane} from './images-pane.js';
import type {KeyGate} from './key-stream.js';
import {keyToken, lookup, type Feature, type Pane} from './keymap.js';
import {lessonLines, type LessonLine} from './lesson-lines.js';
import {LessonPanel} from './lesson-panel.js';
import {arrange, layoutKind, placeSlots} from './layout.js';
import {clamp, followKey} from './list.js';
import {emptyGeometry, GeometryContext} from './geometry.js';
import type {MouseSource} from './mouse.js';
import {mouseAction} from './mouse-action.js';
import {PaneArrangement} from './pane-arrangement.js';
import {useMouse} from './use-mouse.js';
import {initialState, scopesFor, type UiState} from './state.js';
import {clean} from './text.js';
import {teachingInFront} from './teaching-in-front.js';
import {startsHubSearch} from './hub-typing.js';
import {shownTeaching, teachingRows} from './teaching-rows.js';
import {commandsToCopy, osc52} from './clipboard.js';
import {tint} from './theme.js';
import {useHistoryRows} from './use-history-rows.js';
import {useLayerFiles} from './use-layer-files.js';
import {useImageAnalysis} from './use-image-analysis.js';
import {useMarkedFreed} from './use-marked-freed.js';
import {layerTree, treeRows} from './layer-tree.js';
import {treeStateFor} from './controllers/history.js';
import {useHub} from './use-hub.js';
import {usePlatformTree} from './use-platform-tree.js';
import {withPlatformRows} from './platform-rows.js';
import {browsedRegistry, useRegistryBrowser} from './use-registry-browser.js';
import {tagDetailLines, tagPlatformsLine} from './tag-details.js';
import {useTagDetails} from './use-tag-details.js';
import {browserFor, type RegistryBrowser} from '../core/hub/registry/browse.js';
import {currentSettings, splitSearchTerm} from '../core/hub/route.js';
import {useLesson, type LessonSession} from './use-lesson.js';
import {useRefState} from './use-ref-state.js';
import {useSnapshot} from './use-snapshot.js';
import {useTerminalSize, type Size} from './use-terminal-size.js';
import {useMinuteTick} from './use-minute-tick.js';

export type AppProps = {
	/** Where images live at the start: the embedded store, or an engine. */
	backend: Backend;
	/** The other side of the store ↔ engine switch, when one is configured. */
	other?: Backend;
	/** Store images into the engine, when there are both. */
	send?: SendToEngine;
	/** A fixed size instead of the terminal's (tests). */
	size?: Size;
	pane?: Pane;
	/** The hub to search; by default the one the backend chooses. */
	hub?: () => Searcher;
	/** The registry browser for `HOST/` in the Hub's box; by default one over the client pulls use. */
	browser?: (domain: string) => RegistryBrowser;
	/** From the key stream: settles React before each key (see key-stream.ts). */
	keyGate?: KeyGate;
	/** `dockyard lesson`: the lesson panel open on this lesson from the start. */
	lesson?: LessonSession;
	/** Mouse events (from the key stream), when mouse reporting is on. */
	mouse?: MouseSource;
	/** How often the idle screen is drawn again for its ages (tests make it short). */
	ageRefreshMs?: number;
};

/**
 * Renders nothing; each tick is the trivial update that makes React flush
 * pending effects before a key, and its effect says when that has happened.
 */
function KeyGateTicker({gate}: {gate: KeyGate}) {
	const [tick, setTick] = useState(0);
	const waiting = useRef<Array<() => void>>([]);
	useEffect(() => {
		const detach = gate.attach(done => {
			waiting.current.push(done);
			setTick(count => count + 1);
		});
		return () => {
			detach();
			// Whatever still waits is let through: no key is held for a ticker that is gone.
			for (const done of waiting.current.splice(0)) {
				done();
			}
		};
	}, [gate]);
	useEffect(() => {
		for (const done of waiting.current.splice(0)) {
			done();
		}
	}, [tick]);
	return null;
}

/** Rows above and below the pane besides the footer: tab bar, three teaching lines; and the line Ink keeps after its output. */
const chromeRows = 5;

/** The root: one key handler, one layout, the panes and whichever dialog is open. */
export function App({backend: first, other, send, size: fixedSize, pane = 'images', hub, browser, keyGate, lesson: lessonSession, mouse, ageRefreshMs}: AppProps) {
	const {exit} = useApp();
	const {stdout} = useStdout();
	// The switch key flips between the backend the app started on and the other one.
	const [onOther, setOnOther] = useState(false);
	const backend = onOther && other ? other : first;
	const size = useTerminalSize(fixedSize);
	useMinuteTick(ageRefreshMs);
	const width = Math.max(40, size.columns);
	const [stateRef, update] = useRefState<UiState>(() => initialState(pane));
	const state = stateRef.current;
	const scopes = scopesFor(state);
	// The footer takes the lines its keys need (two for some panes at 80 columns); the pane the rest.
	// Keys the backend cannot serve are neither bound nor shown.
	const served = useMemo(() => {
		const features: Feature[] = [...(other ? ['otherBackend' as const] : []), ...(send?.from === backend ? ['sendToEngine' as const] : [])];
		return new Set([...capabilitySet(backend), ...features]);
	}, [backend, other, send]);
	// The same keys for the same scopes and width: wrapped once, not on every key.
	const scopesKey = scopes.join(' ');
	const footer = useMemo(() => footerLines(scopes, width, 3, served), [scopesKey, width, served]);
	const helpTotal = useMemo(() => helpLength(served, width), [served, width]);
	const {view, error, refresh} = useSnapshot(backend);
	const lesson = useLesson(lessonSession, view);
	const lessonRef = useRef(lesson);
	lessonRef.current = lesson;
	const lessonPanel = lessonPanelLines(lesson, width, size.rows, state.dialog !== undefined);
	// A search term naming a registry (`127.0.0.1:5000/term`) goes to that registry, whatever the chosen hub.
	const hubState = useHub(backend, hub ?? (() => backend.searchHub()), state.hub.query, state.hub.hubVersion, registry => backend.searchHub({registry}));

	const allImages = view?.images;
	// Sorted once per read, sort or view; each key typed in the filter only filters.
	const sortedRows = useMemo(
		() => sortedImageRows(allImages ?? [], {powershell: state.images.powershell, sort: state.images.sort}),
		[allImages, state.images.powershell, state.images.sort],
	);
	// T: every platform of an index as a row under its image (platform-rows.ts), read while shown.
	const platformTree = usePlatformTree(backend, view, state.images.tree === true);
	const filteredRows = useMemo(() => filterImageRows(sortedRows, state.images.filter), [sortedRows, state.images.filter]);
	const imageRows = useMemo(() => withPlatformRows(filteredRows, platformTree, allImages ?? []), [filteredRows, platformTree, allImages]);
	const allRows = useMemo(() => withPlatformRows(sortedRows, platformTree, allImages ?? []), [sortedRows, platformTree, allImages]);
	const knownRows = useMemo(() => new Set(allRows.map(row => row.key)), [allRows]);
	const rowsCounted = useMemo(() => countRows(allImages ?? [], state.images.powershell), [allImages, state.images.powershell]);
	const unfilteredTotal = platformTree ? allRows.length : rowsCounted;
	const imagesCursor = followKey(imageRows, state.images.key, state.images.cursor);
	const selectedRow = imageRows[imagesCursor];
	// A platform not held has no image of its own: History shows nothing for it.
	const selectedImage = selectedRow?.platform?.held === false ? undefined : selectedRow?.image;
	const containers = view?.containers ?? [];
	// `HOST/` in the box browses that registry: its repositories, then a repository's tags (use-registry-browser.ts).
	const browsedDomain = browsedRegistry(state.hub.query);
	const pageRowsRef = useRef(10);
	const browse = state.hub.browse?.query === state.hub.query ? state.hub.browse : undefined;
	const registryBrowser = browser ?? (domain => browserFor(domain, (backend.capabilities.settings?.read() ?? currentSettings()).insecureRegistries));
	const browserView = useRegistryBrowser(
		registryBrowser,
		browsedDomain,
		browse?.repository,
		state.hub.cursor,
		state.hub.key,
		// A screenful below the cursor is fetched ahead: the rows a page moves, as the last render laid them out.
		pageRowsRef.current,
	);
	const hubResults = (browsedDomain ? browserView.rows : hubState.results) ?? [];
	const highlighted = hubResults[followKey(hubResults.map(result => ({key: result.name})), state.hub.key, state.hub.cursor)];
	// Browsing, a row is a repository or a tag: no tags line to wait for.
	const hubTags = browsedDomain ? [] : hubState.tags(highlighted?.name);
	// A search of a registry (`HOST/term`): the platforms the chosen tag offers, from its manifest, without pulling.
	const searchedRegistry = browsedDomain ? undefined : splitSearchTerm(state.hub.query.trim()).registry;
	const chosenTag = hubTags?.[defaultTagIndex(hubTags, state.hub.tagIndex)];
	const resultPlatforms = useTagDetails(registryBrowser, searchedRegistry && chosenTag && highlighted?.name.startsWith(`${searchedRegistry}/`)
		? {domain: searchedRegistry, path: highlighted.name.slice(searchedRegistry.length + 1), tag: chosenTag}
		: undefined);
	const {rows: historyRows, error: historyError} = useHistoryRows(backend, view, selectedImage?.id);
	// The highlighted layer as a step of the config (oldest first): the rows are newest first.
	// A layer is one of an image's (derived.ts): for another image, the top one.
	const historyCursor = state.history.image === selectedImage?.id ? state.history.cursor : 0;
	const historyStep = historyRows && historyRows.length > 0 ? historyRows.length - 1 - clamp(historyCursor, 0, historyRows.length - 1) : undefined;
	// History is on screen when focused, or beside Local images in the wide and tall layouts (the rows a rough count: it only gates work).
	const historyShown = state.pane === 'history' || (state.pane === 'images' && layoutKind(width, size.rows - chromeRows - footer.length - lessonPanel.length) !== 'single');
	// Built while History shows it, once per read and image: a base image may have thousands of children.
	const historyTree = useMemo(() => (historyShown && selectedImage && view ? dependentsTree(view, selectedImage.id) : []), [historyShown, view, selectedImage]);
	const markedFreed = useMarkedFreed(backend, [...state.images.marks.values()].sort(), view);
	const filesShown = historyShown && state.history.tab === 'layers' && Boolean(state.history.files) && Boolean(backend.capabilities.layerFiles);
	const treeKey = selectedImage && historyStep !== undefined ? `${selectedImage.id}@${historyStep}` : undefined;
	const treeState = treeKey ? treeStateFor(state, treeKey) : undefined;
	const layerFiles = useLayerFiles(backend, selectedImage?.id, historyStep, filesShown, treeState?.page ?? 0);
	const imageAnalysis = useImageAnalysis(backend, selectedImage?.id, filesShown);
	const layerEntries = layerFiles.files?.entries;
	const folded = treeState?.folded;
	const changedOnly = treeState?.changedOnly ?? false;
	const layerTreeRows = useMemo(() => (layerEntries ? treeRows(layerTree(layerEntries), new Set(folded), changedOnly) : []), [layerEntries, folded, changedOnly]);
	const journal = view?.journal ?? [];

	const derived: Derived = {
		view,
		imageRows,
		knownRow: key => knownRows.has(key),
		imagesTotal: unfilteredTotal,
		containers,
		hubResults,
		hubPending: browsedDomain ? browserView.rows === undefined : hubState.answered !== state.hub.query,
		hubTags,
		hubTagIndex: defaultTagIndex(hubTags, state.hub.tagIndex),
		...(browsedDomain ? {hubBrowsing: {domain: browsedDomain, ...(browse ? {repository: browse.repository} : {})}} : {}),
		historyRows,
		historyImage: selectedImage?.id,
		layerTree: filesShown && treeKey ? {key: treeKey, rows: layerTreeRows, more: layerFiles.files?.more ?? 0} : undefined,
		journal,
		// Set below, once the teaching lines' rows are known.
		page: 1,
		helpRoom: 1,
		helpLength: helpTotal,
		width,
	};
	const cursors = resolveCursors(state, derived);
	const now = teachingInFront(state, backend.teaching) ?? teachingNow(state, derived, cursors, backend.teaching);
	const nowRef = useRef(now);
	nowRef.current = now;
	// The teaching lines wrap, never cut: rows beyond their usual three come from the body.
	const teachingExtra = Math.max(0, teachingRows({now, last: state.last, busy: state.busy, width}).length - 3);
	const bodyHeight = Math.max(6, size.rows - chromeRows - footer.length - teachingExtra - lessonPanel.length);
	derived.page = Math.max(1, bodyHeight - 6);
	pageRowsRef.current = derived.page;
	derived.helpRoom = helpRoom(bodyHeight);
	derived.width = width;
	const derivedRef = useMemo(() => ({current: derived}), []);
	derivedRef.current = derived;
	const deps: ControllerDeps = useMemo(() => ({
		backend,
		state: () => stateRef.current,
		update,
		derived: () => derivedRef.current,
		refresh,
		exit: () => {
			exit();
		},
		helpStart: pane => helpStart(pane, served, derivedRef.current.helpRoom, derivedRef.current.width),
		switchBackend: other ? () => {
			setOnOther(on => !on);
		} : undefined,
		send: send?.from === backend ? send : undefined,
		lesson: {toggle: () => lessonRef.current.toggle(), next: () => lessonRef.current.next()},
		served,
		copyCommand() {
			const current = stateRef.current;
			const text = commandsToCopy(shownTeaching(nowRef.current, current.last)?.equivalents, current.pane === 'images' && current.images.powershell);
			if (text) {
				stdout.write(osc52(text));
			}

			update(s => ({...s, last: text ? {ok: true, summary: `Copied to the clipboard: ${text.replaceAll('\n', '; ')}`} : {ok: false, summary: 'No command to copy here'}}));
		},
	}), [backend, refresh, other, send, served]);
	const handle = useMemo(() => createController(deps), [deps]);
	// Not a key: the store changed under what is on screen (an open removal confirmation is planned again).
	const storeChanged = useCallback(() => {
		replanRemoval(makeContext(deps, handle));
	}, [deps, handle]);

	// A key's token, and the text typed (a letter in the Hub's list starts a search with it).
	const onToken = useCallback((token: string | undefined, input = token ?? '') => {
		const scopes = scopesFor(stateRef.current);
		// Ctrl-C always quits, whatever has the keys.
		const binding = token === 'ctrl-c' ? {action: 'quit' as const} : lookup(scopes, token, served);
		lesson.pressed(token);
		if (startsHubSearch(scopes, token, binding !== undefined)) {
			handle('typeSearch', input);
		} else if (binding) {
			handle(binding.action);
		}
	}, [handle, served, lesson.pressed]);
	const onKey = useCallback((input: string, key: Key) => {
		onToken(keyToken(input, key), input);
	}, [onToken]);
	useInput(onKey);
	useStateFollowsScreen({stateRef, update, derivedRef, handle, storeChanged, view});
	const geometry = useMemo(() => emptyGeometry(), []);
	useMouse(mouse, (event, clicks) => {
		mouseAction(event, clicks, {geometry, state: () => stateRef.current, dispatch: handle, press: onToken});
	});

	// The text boxes' changes (state/text-boxes.ts): typed, pasted or edited.
	const setFilter = (filter: string) => {
		update(s => withImageFilter(s, filter));
	};

	const setQuery = (query: string) => {
		update(s => s.hub.query === query ? s : withHubQuery(s, query));
	};

	const setPromptValue = (value: string) => {
		update(s => withPromptValue(s, value));
	};

	const setPaletteQuery = (query: string) => {
		update(s => withPaletteQuery(s, query));
	};

	// What the mouse can hit is what this frame draws: nothing else.
	geometry.slots = [];
	geometry.lists.clear();
	let body;
	const files = backend.capabilities.files;
	if (error && !files) {
		// An engine not there (or gone): its sentence in place of the list; the watch brings the list back when it answers.
		body = (
			<Box flexDirection="column" height={bodyHeight}>
				<Text bold wrap="wrap" color={tint('bad')}>{clean(error)}</Text>
				<Text dimColor wrap="wrap">The list comes back by itself when the engine answers again; nothing was changed.</Text>
			</Box>
		);
	} else if (error) {
		body = (
			<Box flexDirection="column" height={bodyHeight}>
				<Text bold color={tint('bad')}>The store cannot be read; nothing was changed.</Text>
				<Text wrap="wrap">{clean(error)}</Text>
				{files ? <Text dimColor>{`Index: ${files.index}`}</Text> : undefined}
				<Text dimColor wrap="wrap">{`${error.includes(storeRecoveryHint) ? '' : `${storeRecoveryHint}. `}Ctrl-C quits.`}</Text>
			</Box>
		);
	} else if (!view) {
		// A backend with no synchronous read (an engine) has not answered yet.
		body = <Box height={bodyHeight}><Text dimColor>{`Reading ${backend.label}…`}</Text></Box>;
	} else if (state.dialog) {
		const dialog = state.dialog;
		const props = {width, height: bodyHeight};
		switch (dialog.kind) {
			case 'help': {
				body = <HelpDialog top={dialog.top} served={served} {...props}/>;
				break;
			}

			case 'confirm': {
				body = <ConfirmDialog title={dialog.title} lines={dialog.lines} equivalents={dialog.equivalents} question={dialog.question} {...props}/>;
				break;
			}

			case 'refusal': {
				body = <RefusalDialog title={dialog.title} refusals={dialog.refusals} containers={containers} {...props}/>;
				break;
			}

			case 'message': {
				body = <MessageDialog title={dialog.title} lines={dialog.lines} tone={dialog.tone} more={dialog.more} {...props}/>;
				break;
			}

			case 'prompt': {
				body = <PromptDialog title={dialog.title} label={dialog.label} value={dialog.value} error={dialog.error} onChange={setPromptValue} {...props}/>;
				break;
			}

			case 'install': {
				body = <InstallDialog entries={osImages()} installed={installedOsImages(derived)} cursor={dialog.cursor} {...props}/>;
				break;
			}

			case 'palette': {
				body = <PaletteDialog query={dialog.query} cursor={dialog.cursor} served={served} onChange={setPaletteQuery} {...props}/>;
				break;
			}
		}
	} else {
		// One pane, or two side by side (or stacked) when the terminal has room: layout.ts decides,
		// and the mouse finds panes in the same arrangement (below the tab bar and the lesson panel).
		const layout = arrange(width, bodyHeight, state.pane);
		geometry.slots = placeSlots(layout, 1 + lessonPanel.length);
		body = <PaneArrangement layout={layout} renderPane={paneView}/>;
	}

	/** One pane at the size its slot gives it. */
	function paneView(shown: Pane, width: number, bodyHeight: number): ReactNode {
		let body: ReactNode;
		switch (shown) {
			case 'images': {
				body = (
					<ImagesPane
						rows={imageRows}
						total={unfilteredTotal}
						cursor={cursors.images}
						marks={state.images.marks}
						outdated={state.images.outdated}
						tree={platformTree !== undefined}
						freed={markedFreed}
						powershell={state.images.powershell}
						sort={state.images.sort}
						filter={state.images.filter}
						editing={state.images.editing}
						width={width}
						height={bodyHeight}
						push={state.images.push}
						onFilterChange={setFilter}
					/>
				);
				break;
			}

			case 'hub': {
				body = (
					<HubPane
						query={state.hub.query}
						editing={state.hub.editing}
						hubLabel={hubState.label}
						// While the box is typed in, the last answer stays in view (nothing is highlighted); out of it, only this query's.
						results={browsedDomain ? browserView.rows : hubState.results ?? (state.hub.editing ? hubState.previous : undefined)}
						searchError={browsedDomain ? browserView.error : hubState.error}
						detail={browsedDomain ? tagDetailLines(browserView.details) : undefined}
						platforms={searchedRegistry ? tagPlatformsLine(resultPlatforms) ?? 'Platforms: …' : undefined}
						more={browsedDomain ? browserView.more : undefined}
						browsing={browsedDomain ? (browse ? `Tags of ${clean(browsedDomain)}/${clean(browse.repository)} (Esc/Backspace: its repositories)` : `Repositories of ${clean(browsedDomain)} (Enter: a repository's tags)`) : undefined}
						cursor={cursors.hub}
						tags={hubTags}
						tagIndex={derived.hubTagIndex}
						pull={state.hub.pull}
						settled={!state.last?.fresh}
						width={width}
						height={bodyHeight}
						onQueryChange={setQuery}
					/>
				);
				break;
			}

			case 'history': {
				body = (
					<HistoryPane
						image={selectedImage}
						label={selectedRow ? historyLabel(selectedRow) : undefined}
						rows={historyRows}
						error={historyError}
						chain={selectedImage && view ? view.chain(selectedImage.id) : []}
						dependents={selectedImage && view ? view.dependents(selectedImage.id) : []}
						tree={historyTree}
						// After b to an engine, which lists no layer's files: the command again.
						detail={state.history.files && backend.capabilities.layerFiles ? 'files' : 'command'}
						files={layerFiles}
						fileTree={{rows: layerTreeRows, cursor: Math.min(treeState?.cursor ?? 0, Math.max(0, layerTreeRows.length - 1)), changedOnly, page: treeState?.page ?? 0}}
						analysis={imageAnalysis}
						filesAvailable={Boolean(backend.capabilities.layerFiles)}
						containers={containers}
						journal={journal}
						tab={state.history.tab}
						cursor={cursors.history}
						journalCursor={cursors.journal}
						width={width}
						height={bodyHeight}
					/>
				);
				break;
			}

			case 'containers': {
				body = <ContainersPane containers={containers} cursor={cursors.containers} width={width} height={bodyHeight}/>;
				break;
			}
		}

		return body;
	}

	return (
		<GeometryContext.Provider value={geometry}>
		<Box flexDirection="column" width={width} height={bodyHeight + chromeRows + teachingExtra + footer.length + lessonPanel.length - 1}>
			<TabBar pane={state.pane} width={width} note={lesson.session?.presenter ? `keys: ${lesson.keys.join(' ')}` : backend.label}/>
			{lessonPanel.length > 0 ? <LessonPanel lines={lessonPanel}/> : undefined}
			<Box flexDirection="column" height={bodyHeight}>{body}</Box>
			<TeachingLines now={now} last={state.last} busy={state.busy} width={width}/>
			<Footer lines={footer}/>
			{keyGate ? <KeyGateTicker gate={keyGate}/> : undefined}
		</Box>
		</GeometryContext.Provider>
	);
}

/**
 * The lesson panel's lines when it is shown: at most a third of the screen, so the pane keeps its rows;
 * without its commands while a dialog is open, which must show whole what it asks.
 */
function lessonPanelLines(lesson: ReturnType<typeof useLesson>, width: number, rows: number, dialog: boolean): LessonLine[] {
	if (lesson.problem && !lesson.session) {
		return [{text: `Lesson: ${clean(lesson.problem)}`, tone: 'waiting'}];
	}

	return lesson.visible && lesson.session ? lessonLines(lesson.session.lesson, lesson.progress, width, Math.max(5, Math.floor(rows / 3)), dialog) : [];
}

/** The highlighted Local images row as History's title names it: its `repo:tag`, an untagged image by id. */
function historyLabel(row: ImageRow): string {
	return row.repository === '<none>' ? `<none> ${row.image.shortId}` : row.name;
}

/** The equivalents of what the highlighted thing invites, for the first teaching line. */
function teachingNow(state: UiState, derived: Derived, cursors: Cursors, context: TeachContext): {label: string; equivalents: Equivalents} | undefined {
	const teach = (action: Action) => teachAction(action, context);
	switch (state.pane) {
		case 'images': {
			const row = derived.imageRows[cursors.images];
			if (row?.platform) {
				// A platform's row: its own pull or removal, through the index's name.
				const {parent, name, held} = row.platform;
				return held
					? {label: 'd removes', equivalents: teach({kind: 'rmi', target: parent, platform: name})}
					: {label: 'Enter pulls', equivalents: teach({kind: 'pull', reference: parent, platform: name})};
			}

			return row
				? {label: 'd removes', equivalents: highlightedRemoval(derived.view, row.target, state.images.powershell, context)}
				: {label: 'list', equivalents: teach({kind: 'images', tree: state.images.tree})};
		}

		case 'hub': {
			const result = derived.hubResults[cursors.hub];
			if (!result) {
				return {label: 'search', equivalents: teach({kind: 'search', term: state.hub.query || '*'})};
			}

			if (derived.hubBrowsing && !derived.hubBrowsing.repository) {
				return {label: 'browsing', equivalents: teach({kind: 'search', term: clean(state.hub.query.trim())})};
			}

			if (derived.hubBrowsing) {
				return {label: 'Enter pulls', equivalents: teach({kind: 'pull', reference: clean(result.name)})};
			}

			const name = clean(result.name);
			// Tags come from the hub: shown without escape sequences.
			const tag = clean(derived.hubTags?.[derived.hubTagIndex] ?? 'latest');
			const osImage = findOsImage(name, tag === 'latest' ? undefined : tag);
			return osImage
				? {label: 'Enter installs', equivalents: teach({kind: 'os-install', name: osImage.name, version: tag === 'latest' ? undefined : tag, repository: osImage.repository})}
				: {label: 'Enter pulls', equivalents: teach({kind: 'pull', reference: `${name}:${tag}`})};
		}

		case 'history': {
			if (state.history.tab === 'journal') {
				return {label: 'journal', equivalents: teach({kind: 'events'})};
			}

			const row = derived.imageRows[cursors.images];
			return row ? {label: 'history', equivalents: teach({kind: 'tree', target: row.target, psName: row.image.title})} : undefined;
		}

		case 'containers': {
			return {label: 'list', equivalents: teach({kind: 'ps'})};
		}
	}
}
