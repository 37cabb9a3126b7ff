import {useCallback, useEffect, useMemo, useRef, useState} from 'react';
import {Box, Text, useApp, useInput, useStdout, type Key} from 'ink';
import {capabilitySet, type Backend, type Searcher} from '../core/backend/backend.js';
import type {SendToEngine} from '../core/backend/backend-pair.js';
import {findOsImage, osImages} from '../core/hub/catalog.js';
import {teach as teachAction, type Action, type Equivalents, type TeachContext} from '../core/teach.js';
import {Footer, footerLines, TabBar, TeachingLines} from './chrome.js';
import {ContainersPane} from './containers-pane.js';
import {createController, installedOsImages} from './controller.js';
import {defaultTagIndex, resolveCursors, type Cursors, type Derived} from './derived.js';
import {ConfirmDialog} from './dialogs/confirm.js';
import {HelpDialog, helpLength, helpRoom, helpStart} from './dialogs/help.js';
import {InstallDialog} from './dialogs/install.js';
import {MessageDialog} from './dialogs/message.js';
import {PromptDialog} from './dialogs/prompt.js';
import {RefusalDialog} from './dialogs/refusal.js';
import {HistoryPane} from './history-pane.js';
import {HubPane} from './hub-pane.js';
import {countRows, filterImageRows, sortedImageRows, type ImageRow} from './image-rows.js';
import {ImagesPane} from './images-pane.js';
import type {KeyGate} from './key-stream.js';
import {keyToken, lookup, type Feature, type Pane} from './keymap.js';
import {clamp, followKey} from './list.js';
import {initialState, scopesFor, type UiState} from './state.js';
import {clean} from './text.js';
import {teachingInFront} from './teaching-in-front.js';
import {startsHubSearch} from './hub-typing.js';
import {shownTeaching, teachingRows} from './teaching-rows.js';
import {commandsToCopy, osc52} from './clipboard.js';
import {tint} from './theme.js';
import {useHistoryRows} from './use-history-rows.js';
import {useHub} from './use-hub.js';
import {useRefState} from './use-ref-state.js';
import {useSnapshot} from './use-snapshot.js';
import {useTerminalSize, type Size} from './use-terminal-size.js';

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
	/** From the key stream: settles React before each key (see key-stream.ts). */
	keyGate?: KeyGate;
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
export function App({backend: first, other, send, size: fixedSize, pane = 'images', hub, keyGate}: AppProps) {
	const {exit} = useApp();
	const {stdout} = useStdout();
	// The switch key flips between the backend the app started on and the other one.
	const [onOther, setOnOther] = useState(false);
	const backend = onOther && other ? other : first;
	const size = useTerminalSize(fixedSize);
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
	const footer = footerLines(scopes, width, 3, served);
	const {view, error, refresh} = useSnapshot(backend);
	// A search term naming a registry (`127.0.0.1:5000/term`) goes to that registry, whatever the chosen hub.
	const hubState = useHub(backend, hub ?? (() => backend.searchHub()), state.hub.query, state.hub.hubVersion, registry => backend.searchHub({registry}));

	const allImages = view?.images;
	// Sorted once per read, sort or view; each key typed in the filter only filters.
	const sortedRows = useMemo(
		() => sortedImageRows(allImages ?? [], {powershell: state.images.powershell, sort: state.images.sort}),
		[allImages, state.images.powershell, state.images.sort],
	);
	const imageRows = useMemo(() => filterImageRows(sortedRows, state.images.filter), [sortedRows, state.images.filter]);
	const unfilteredTotal = useMemo(() => countRows(allImages ?? [], state.images.powershell), [allImages, state.images.powershell]);
	const imagesCursor = followKey(imageRows, state.images.key, state.images.cursor);
	const selectedRow = imageRows[imagesCursor];
	const selectedImage = selectedRow?.image;
	const containers = view?.containers ?? [];
	const hubResults = hubState.results ?? [];
	const highlighted = hubResults[clamp(state.hub.cursor, 0, hubResults.length - 1)];
	const hubTags = hubState.tags(highlighted?.name);
	const {rows: historyRows, error: historyError} = useHistoryRows(backend, view, selectedImage?.id);
	const journal = view?.journal ?? [];

	const derived: Derived = {
		view,
		imageRows,
		imagesTotal: unfilteredTotal,
		containers,
		hubResults,
		hubTags,
		hubTagIndex: defaultTagIndex(hubTags, state.hub.tagIndex),
		historyRows,
		journal,
		// Set below, once the teaching lines' rows are known.
		page: 1,
		helpRoom: 1,
	};
	const cursors = resolveCursors(state, derived);
	const now = teachingInFront(state, backend.teaching) ?? teachingNow(state, derived, cursors, backend.teaching);
	const nowRef = useRef(now);
	nowRef.current = now;
	// The teaching lines wrap, never cut: rows beyond their usual three come from the body.
	const teachingExtra = Math.max(0, teachingRows({now, last: state.last, busy: state.busy, width}).length - 3);
	const bodyHeight = Math.max(6, size.rows - chromeRows - footer.length - teachingExtra);
	derived.page = Math.max(1, bodyHeight - 6);
	derived.helpRoom = helpRoom(bodyHeight);
	const derivedRef = useMemo(() => ({current: derived}), []);
	derivedRef.current = derived;
	const handle = useMemo(() => createController({
		backend,
		state: () => stateRef.current,
		update,
		derived: () => derivedRef.current,
		refresh,
		exit: () => {
			exit();
		},
		helpLength: helpLength(served),
		helpStart: pane => helpStart(pane, served, derivedRef.current.helpRoom),
		switchBackend: other ? () => {
			setOnOther(on => !on);
		} : undefined,
		send: send?.from === backend ? send : undefined,
		copyCommand() {
			const current = stateRef.current;
			const text = commandsToCopy(shownTeaching(nowRef.current, current.last)?.equivalents, current.pane === 'images' && current.images.powershell);
			if (text) {
				stdout.write(osc52(text));
			}

			update(s => ({...s, last: text ? {ok: true, summary: `Copied to the clipboard: ${text.replaceAll('\n', '; ')}`} : {ok: false, summary: 'No command to copy here'}}));
		},
	}), [backend, refresh, other, send]);

	const onKey = useCallback((input: string, key: Key) => {
		const scopes = scopesFor(stateRef.current);
		const token = keyToken(input, key);
		// Ctrl-C always quits, whatever has the keys.
		const binding = token === 'ctrl-c' ? {action: 'quit' as const} : lookup(scopes, token, served);
		if (startsHubSearch(scopes, token, binding !== undefined)) {
			handle('typeSearch', input);
		} else if (binding) {
			handle(binding.action);
		}
	}, [handle, served]);
	useInput(onKey);

	const setFilter = (filter: string) => {
		update(s => ({...s, images: {...s.images, filter, cursor: 0, key: undefined}}));
	};

	const setQuery = (query: string) => {
		update(s => ({...s, hub: {...s.hub, query, cursor: 0, tagIndex: -1}}));
	};

	const setPromptValue = (value: string) => {
		update(s => s.dialog?.kind === 'prompt' ? {...s, dialog: {...s.dialog, value}} : s);
	};

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
				<Text dimColor>dockyard fsck checks the store. q quits.</Text>
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
				body = <MessageDialog title={dialog.title} lines={dialog.lines} tone={dialog.tone} {...props}/>;
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
		}
	} else {
		switch (state.pane) {
			case 'images': {
				body = (
					<ImagesPane
						rows={imageRows}
						total={unfilteredTotal}
						cursor={cursors.images}
						marks={state.images.marks}
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
						results={hubState.results}
						searchError={hubState.error}
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
	}

	return (
		<Box flexDirection="column" width={width} height={bodyHeight + chromeRows + teachingExtra + footer.length - 1}>
			<TabBar pane={state.pane} width={width} note={backend.label}/>
			<Box flexDirection="column" height={bodyHeight}>{body}</Box>
			<TeachingLines now={now} last={state.last} busy={state.busy} width={width}/>
			<Footer lines={footer}/>
			{keyGate ? <KeyGateTicker gate={keyGate}/> : undefined}
		</Box>
	);
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
			return row
				? {label: 'd removes', equivalents: teach({kind: 'rmi', target: row.target, force: state.images.powershell, psName: row.image.title})}
				: {label: 'list', equivalents: teach({kind: 'images'})};
		}

		case 'hub': {
			const result = derived.hubResults[cursors.hub];
			if (!result) {
				return {label: 'search', equivalents: teach({kind: 'search', term: state.hub.query || '*'})};
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
				return {label: 'journal', equivalents: {docker: ['docker events'], powershell: []}};
			}

			const row = derived.imageRows[cursors.images];
			return row ? {label: 'history', equivalents: teach({kind: 'tree', target: row.target, psName: row.image.title})} : undefined;
		}

		case 'containers': {
			return {label: 'list', equivalents: teach({kind: 'ps'})};
		}
	}
}
