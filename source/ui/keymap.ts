import type {Key} from 'ink';
import type {Capability} from '../core/backend/backend.js';
import type {EditAction} from './state/line-edit.js';

/**
 * Every key binding, once. The key router looks keys up here, the footer
 * shows the bindings of the focused scope, and the help overlay lists them
 * all: nothing else names a key.
 */
export type Pane = 'images' | 'hub' | 'history' | 'containers';

export type Scope =
	| 'global'
	| 'list'
	| Pane
	| 'search'
	| 'filter'
	| 'confirm'
	| 'refusal'
	| 'prompt'
	| 'message'
	| 'install'
	| 'help'
	| 'palette'
	| 'edit';

export type Action =
	| 'quit' | 'help' | 'nextPane' | 'previousPane'
	| 'paneImages' | 'paneHub' | 'paneHistory' | 'paneContainers'
	| 'up' | 'down' | 'pageUp' | 'pageDown' | 'first' | 'last'
	| 'filter' | 'sort' | 'mark' | 'remove' | 'powershell' | 'createContainer' | 'tag' | 'showHistory'
	| 'search' | 'pull' | 'previousTag' | 'nextTag' | 'installOs' | 'cancelPull' | 'switchHub' | 'browseUp'
	| 'switchTab' | 'layerFiles' | 'fold' | 'changedOnly' | 'previousLayer' | 'nextLayer' | 'previousPage' | 'nextPage'
	| 'newContainer' | 'addFile' | 'commit' | 'containerDiff' | 'compare' | 'prune'
	| 'switchBackend' | 'sendToEngine' | 'load' | 'push' | 'copyTo' | 'checkOutdated' | 'platformTree'
	| 'lesson' | 'lessonNext'
	| 'writeJournal'
	| 'copyCommand' | 'typeSearch' | 'openDependent'
	| 'accept' | 'leave' | 'clear'
	| 'yes' | 'no' | 'close'
	| 'palette'
	| EditAction;

export type Binding = {
	action: Action;
	scope: Scope;
	/** Tokens from keyToken(), e.g. 'j', 'down', 'shift-tab'. */
	keys: string[];
	/** How the footer and help write the keys. */
	label: string;
	description: string;
	/** A word or two for the footer; bindings without one are only in help. */
	footer?: string;
	/** A backend capability (or an app feature) the action needs: without it the key is not bound, nor shown in the footer or help. */
	requires?: Capability | Feature;
};

/**
 * What the app can do besides the backend's capabilities: `otherBackend`, an
 * engine to switch to from the store (or back); `sendToEngine`, on the store
 * with an engine configured.
 */
export type Feature = 'otherBackend' | 'sendToEngine';

/** What the backend (and the app) can serve; undefined (tests of the keymap alone): everything. */
export type Served = ReadonlySet<Capability | Feature> | undefined;

function serves(binding: Binding, served: Served): boolean {
	return !binding.requires || !served || served.has(binding.requires);
}

export const scopeTitles: Record<Scope, string> = {
	global: 'Everywhere',
	list: 'Any list',
	images: 'Local images',
	hub: 'Hub',
	search: 'Hub search box',
	history: 'History',
	containers: 'Containers',
	filter: 'Filter box',
	confirm: 'Confirmation',
	refusal: 'Refusal',
	prompt: 'Text prompt',
	message: 'Message',
	install: 'Install base OS image',
	help: 'Help',
	palette: 'Command palette',
	edit: 'Any text box (prompt, search, filter, palette)',
};

export const keymap: Binding[] = [
	{scope: 'global', action: 'nextPane', keys: ['tab'], label: 'Tab', description: 'next pane'},
	{scope: 'global', action: 'previousPane', keys: ['shift-tab'], label: 'S-Tab', description: 'previous pane'},
	{scope: 'global', action: 'paneImages', keys: ['1'], label: '1', description: 'local images'},
	{scope: 'global', action: 'paneHub', keys: ['2'], label: '2', description: 'hub'},
	{scope: 'global', action: 'paneHistory', keys: ['3'], label: '3', description: 'history'},
	{scope: 'global', action: 'paneContainers', keys: ['4'], label: '4', description: 'containers'},
	{scope: 'global', action: 'switchBackend', keys: ['b'], label: 'b', description: 'switch backend: store ↔ engine', footer: 'store/engine', requires: 'otherBackend'},
	{scope: 'global', action: 'lesson', keys: ['w'], label: 'w', description: 'lesson panel: show or hide (without a lesson: the seed lesson)'},
	{scope: 'global', action: 'lessonNext', keys: ['W'], label: 'W', description: 'next lesson step (a step to read, or one to skip)'},
	{scope: 'global', action: 'writeJournal', keys: ['J'], label: 'J', description: 'write the journal to a Markdown file (dockyard journal)', requires: 'journal'},
	{scope: 'global', action: 'copyCommand', keys: ['y'], label: 'y', description: 'copy the command shown below the pane to the clipboard (OSC 52)'},
	{scope: 'global', action: 'help', keys: ['?'], label: '?', description: 'help', footer: 'help'},
	{scope: 'global', action: 'quit', keys: ['q', 'ctrl-c'], label: 'q/C-c', description: 'quit (Ctrl-C from anywhere: in the Hub q is a letter)', footer: 'quit'},
	{scope: 'global', action: 'palette', keys: [':', 'ctrl-p'], label: ':/C-p', description: 'command palette: every action by name'},

	{scope: 'list', action: 'up', keys: ['up', 'k'], label: '↑/k', description: 'move up'},
	{scope: 'list', action: 'down', keys: ['down', 'j'], label: '↓/j', description: 'move down'},
	{scope: 'list', action: 'pageUp', keys: ['pageup'], label: 'PgUp', description: 'page up'},
	{scope: 'list', action: 'pageDown', keys: ['pagedown'], label: 'PgDn', description: 'page down'},
	{scope: 'list', action: 'first', keys: ['g', 'home'], label: 'g/Home', description: 'first row'},
	{scope: 'list', action: 'last', keys: ['G', 'end'], label: 'G/End', description: 'last row'},

	{scope: 'images', action: 'remove', keys: ['d', 'delete'], label: 'd', description: 'remove (marked or highlighted; a platform\'s row: that platform alone)', footer: 'remove'},
	{scope: 'images', action: 'mark', keys: ['space'], label: 'Space', description: 'mark or unmark the row for one removal, then move down', footer: 'mark↓'},
	{scope: 'images', action: 'filter', keys: ['/'], label: '/', description: 'filter', footer: 'filter'},
	{scope: 'images', action: 'sort', keys: ['s'], label: 's', description: 'sort: created, name, size', footer: 'sort'},
	{scope: 'images', action: 'powershell', keys: ['p'], label: 'p', description: 'PowerShell columns', footer: 'PS columns'},
	{scope: 'images', action: 'createContainer', keys: ['c'], label: 'c', description: 'create a container', footer: 'create container'},
	{scope: 'images', action: 'tag', keys: ['t'], label: 't', description: 'tag'},
	{scope: 'images', action: 'sendToEngine', keys: ['e'], label: 'e', description: 'send to the engine (docker save | docker load)', footer: 'send to engine', requires: 'sendToEngine'},
	{scope: 'images', action: 'load', keys: ['L'], label: 'L', description: 'load images from an archive (docker load -i)', requires: 'load'},
	{scope: 'images', action: 'push', keys: ['P'], label: 'P', description: 'push to its registry (docker push), with per-layer progress', requires: 'push'},
	// In help and the palette, not the footer (as L and P): at 100 columns one more footer word wraps it and costs the list a row.
	{scope: 'images', action: 'copyTo', keys: ['o'], label: 'o', description: 'copy to a registry, archive, OCI layout or engine (dockyard copy)', requires: 'save'},
	{scope: 'images', action: 'checkOutdated', keys: ['u'], label: 'u', description: 'a newer image behind the tag in its registry? (↑ marks it; y pulls it)'},
	{scope: 'images', action: 'platformTree', keys: ['T'], label: 'T', description: 'an index\'s platforms as rows under it (images --tree): unfold or fold', requires: 'platforms'},
	{scope: 'images', action: 'compare', keys: ['C'], label: 'C', description: 'compare the two marked images (dockyard compare)', requires: 'imageLayers'},
	{scope: 'images', action: 'prune', keys: ['X'], label: 'X', description: 'prune dangling images: what goes and the space freed, then asks', requires: 'prune'},
	{scope: 'images', action: 'showHistory', keys: ['enter'], label: 'Enter', description: 'its history (a platform not held: pull it)'},
	{scope: 'images', action: 'clear', keys: ['esc'], label: 'Esc', description: 'clear filter and marks'},

	{scope: 'hub', action: 'search', keys: ['/'], label: '/', description: 'search the hub', footer: 'search'},
	{scope: 'hub', action: 'pull', keys: ['enter'], label: 'Enter', description: 'pull (or install a base OS image); browsing HOST/: a repository\'s tags', footer: 'pull/install'},
	{scope: 'hub', action: 'previousTag', keys: ['left', 'h'], label: '←/h', description: 'previous tag'},
	{scope: 'hub', action: 'nextTag', keys: ['right', 'l'], label: '→/l', description: 'next tag', footer: 'tag'},
	{scope: 'hub', action: 'installOs', keys: ['i'], label: 'i', description: 'install a base OS image', footer: 'install OS', requires: 'osImages'},
	{scope: 'hub', action: 'cancelPull', keys: ['x'], label: 'x', description: 'cancel the pull'},
	{scope: 'hub', action: 'switchHub', keys: ['H'], label: 'H', description: 'switch hub: offline catalog ↔ Docker Hub (dockyard hub)', footer: 'switch hub', requires: 'settings'},
	{scope: 'hub', action: 'clear', keys: ['esc'], label: 'Esc', description: 'clear the search (in a registry\'s tags: back up)'},
	{scope: 'hub', action: 'browseUp', keys: ['delete'], label: 'Backspace', description: 'browsing HOST/: from a repository\'s tags back up'},
	// No keys of its own: the rule (hub-typing.ts) takes q and the letters no other Hub key claims; listed for help.
	{scope: 'hub', action: 'typeSearch', keys: [], label: 'q, letters', description: 'start a new search with it: q and any letter no Hub key claims (Ctrl-C quits)'},

	{scope: 'search', action: 'accept', keys: ['enter', 'down', 'tab'], label: 'Enter/↓', description: 'to the results', footer: 'results'},
	{scope: 'search', action: 'clear', keys: ['esc'], label: 'Esc', description: 'clear and leave', footer: 'clear'},

	{scope: 'filter', action: 'accept', keys: ['enter', 'down', 'tab'], label: 'Enter/↓', description: 'keep the filter', footer: 'keep'},
	{scope: 'filter', action: 'clear', keys: ['esc'], label: 'Esc', description: 'clear the filter', footer: 'clear'},

	{scope: 'history', action: 'switchTab', keys: ['t', 'left', 'right'], label: 't', description: 'layers / journal', footer: 'layers/journal', requires: 'journal'},
	{scope: 'history', action: 'layerFiles', keys: ['f'], label: 'f', description: 'the layer\'s command or its files (+ added, ~ changed, - deleted)', footer: 'files', requires: 'layerFiles'},
	// While the files show: the list keys move in their tree, these fold it, filter it and page through it.
	{scope: 'history', action: 'fold', keys: ['enter', 'z'], label: 'Enter/z', description: 'files: fold or unfold the highlighted directory', requires: 'layerFiles'},
	{scope: 'history', action: 'changedOnly', keys: ['c'], label: 'c', description: 'files: only what changes or deletes lower layers\' files, or all', requires: 'layerFiles'},
	{scope: 'history', action: 'previousLayer', keys: ['['], label: '[', description: 'files: the layer above (newer)', requires: 'layerFiles'},
	{scope: 'history', action: 'nextLayer', keys: [']'], label: ']', description: 'files: the layer below (older)', requires: 'layerFiles'},
	{scope: 'history', action: 'previousPage', keys: ['<'], label: '<', description: 'files: the previous 500 entries of a big layer', requires: 'layerFiles'},
	{scope: 'history', action: 'nextPage', keys: ['>'], label: '>', description: 'files: the next 500 entries of a big layer', requires: 'layerFiles'},

	{scope: 'containers', action: 'newContainer', keys: ['n'], label: 'n', description: 'new from an image', footer: 'new'},
	{scope: 'containers', action: 'addFile', keys: ['a'], label: 'a', description: 'add a file', footer: 'add file'},
	{scope: 'containers', action: 'commit', keys: ['c'], label: 'c', description: 'commit to an image', footer: 'commit'},
	{scope: 'containers', action: 'containerDiff', keys: ['D'], label: 'D', description: 'the files it changed (docker diff)', requires: 'containerChanges'},
	{scope: 'containers', action: 'remove', keys: ['d', 'delete'], label: 'd', description: 'remove', footer: 'remove'},

	{scope: 'confirm', action: 'yes', keys: ['y', 'Y'], label: 'y', description: 'yes, do it', footer: 'yes'},
	{scope: 'confirm', action: 'no', keys: ['n', 'N', 'esc', 'enter', 'q'], label: 'n/Esc/Enter', description: 'no (the default)', footer: 'no (default)'},

	{scope: 'refusal', action: 'close', keys: ['esc', 'enter', 'q'], label: 'Esc/Enter', description: 'close: nothing was changed', footer: 'close'},
	{scope: 'refusal', action: 'openDependent', keys: ['o'], label: 'o', description: 'go to the first dependent, highlighted in its pane', footer: 'go to dependent'},
	{scope: 'message', action: 'close', keys: ['esc', 'enter', 'q'], label: 'Esc/Enter', description: 'close', footer: 'close'},

	{scope: 'prompt', action: 'accept', keys: ['enter'], label: 'Enter', description: 'accept', footer: 'accept'},
	{scope: 'prompt', action: 'close', keys: ['esc'], label: 'Esc', description: 'cancel', footer: 'cancel'},

	{scope: 'install', action: 'up', keys: ['up', 'k'], label: '↑/k', description: 'move up'},
	{scope: 'install', action: 'down', keys: ['down', 'j'], label: '↓/j', description: 'move down'},
	{scope: 'install', action: 'accept', keys: ['enter'], label: 'Enter', description: 'install', footer: 'install'},
	{scope: 'install', action: 'close', keys: ['esc', 'q'], label: 'Esc', description: 'cancel', footer: 'cancel'},

	{scope: 'help', action: 'up', keys: ['up', 'k'], label: '↑/k', description: 'scroll up'},
	{scope: 'help', action: 'down', keys: ['down', 'j'], label: '↓/j', description: 'scroll down'},
	{scope: 'help', action: 'pageUp', keys: ['pageup'], label: 'PgUp', description: 'page up'},
	{scope: 'help', action: 'pageDown', keys: ['pagedown', 'space'], label: 'PgDn/Space', description: 'page down'},
	{scope: 'help', action: 'first', keys: ['g', 'home'], label: 'g/Home', description: 'top'},
	{scope: 'help', action: 'last', keys: ['G', 'end'], label: 'G/End', description: 'bottom'},
	{scope: 'help', action: 'close', keys: ['esc', '?', 'q', 'enter'], label: 'Esc/?', description: 'close help', footer: 'close'},

	{scope: 'palette', action: 'up', keys: ['up'], label: '↑', description: 'previous action'},
	{scope: 'palette', action: 'down', keys: ['down'], label: '↓', description: 'next action'},
	{scope: 'palette', action: 'accept', keys: ['enter'], label: 'Enter', description: 'run the highlighted action', footer: 'run'},
	{scope: 'palette', action: 'close', keys: ['esc'], label: 'Esc', description: 'close the palette', footer: 'close'},

	// Every text box edits as a shell does (state/line-edit.ts); typed characters go in at the caret.
	{scope: 'edit', action: 'lineStart', keys: ['ctrl-a', 'home'], label: 'C-a/Home', description: 'to the start of the line'},
	{scope: 'edit', action: 'lineEnd', keys: ['ctrl-e', 'end'], label: 'C-e/End', description: 'to the end of the line'},
	{scope: 'edit', action: 'charLeft', keys: ['left'], label: '←', description: 'one character left'},
	{scope: 'edit', action: 'charRight', keys: ['right'], label: '→', description: 'one character right'},
	{scope: 'edit', action: 'wordLeft', keys: ['alt-b', 'ctrl-left'], label: 'M-b/C-←', description: 'one word left'},
	{scope: 'edit', action: 'wordRight', keys: ['alt-f', 'ctrl-right'], label: 'M-f/C-→', description: 'one word right'},
	{scope: 'edit', action: 'deleteBack', keys: ['delete'], label: 'Backspace', description: 'delete the character before the caret (Backspace)'},
	{scope: 'edit', action: 'cutToStart', keys: ['ctrl-u'], label: 'C-u', description: 'delete to the start of the line'},
	{scope: 'edit', action: 'cutToEnd', keys: ['ctrl-k'], label: 'C-k', description: 'delete to the end of the line'},
	{scope: 'edit', action: 'cutWordBack', keys: ['ctrl-w'], label: 'C-w', description: 'delete the word before the caret'},
];

/** Ink's (input, key) as one token, the vocabulary of the keymap. */
export function keyToken(input: string, key: Key): string | undefined {
	if (key.ctrl && input === 'c') {
		return 'ctrl-c';
	}

	const named: Array<[boolean, string]> = [
		[key.tab && key.shift, 'shift-tab'],
		// Before the plain arrows: a text box moves a word with these.
		[key.ctrl && key.leftArrow, 'ctrl-left'],
		[key.ctrl && key.rightArrow, 'ctrl-right'],
		[key.tab, 'tab'],
		[key.upArrow, 'up'],
		[key.downArrow, 'down'],
		[key.leftArrow, 'left'],
		[key.rightArrow, 'right'],
		[key.pageUp, 'pageup'],
		[key.pageDown, 'pagedown'],
		[key.home, 'home'],
		[key.end, 'end'],
		[key.return, 'enter'],
		[key.escape, 'esc'],
		// Ink reports the Backspace key (DEL) as delete; both remove.
		[key.delete || key.backspace, 'delete'],
	];
	const match = named.find(([pressed]) => pressed);
	if (match) {
		return match[1];
	}

	// Ctrl with a letter (Ctrl-P opens the palette); Ink passes the letter with ctrl set.
	if (key.ctrl && !key.meta && /^[a-z]$/.test(input)) {
		return `ctrl-${input}`;
	}

	// Alt with a letter (Alt-B, Alt-F move a word in a text box); a terminal sends Esc then the letter.
	if (key.meta && !key.ctrl && /^[a-z]$/.test(input)) {
		return `alt-${input}`;
	}

	if (key.ctrl || key.meta) {
		return undefined;
	}

	if (input === ' ') {
		return 'space';
	}

	return input.length === 1 ? input : undefined;
}

const index = new Map<string, Binding>();
for (const binding of keymap) {
	for (const token of binding.keys) {
		const id = `${binding.scope}:${token}`;
		if (index.has(id)) {
			throw new Error(`keymap: ${token} is bound twice in ${binding.scope}`);
		}

		index.set(id, binding);
	}
}

/** The binding for a token in the first scope, in order, that has one the backend serves. */
export function lookup(scopes: Scope[], token: string | undefined, served?: Served): Binding | undefined {
	if (token === undefined) {
		return undefined;
	}

	for (const scope of scopes) {
		const binding = index.get(`${scope}:${token}`);
		if (binding && serves(binding, served)) {
			return binding;
		}
	}

	return undefined;
}

/** What the footer shows for these scopes: the footer bindings, most specific first. */
export function footerBindings(scopes: Scope[], served?: Served): Binding[] {
	return scopes.flatMap(scope => keymap.filter(binding => binding.scope === scope && binding.footer && serves(binding, served)));
}

/** Help text lines, grouped by scope, drawn from the keymap. */
export function helpLines(served?: Served): string[] {
	const lines: string[] = [];
	for (const scope of Object.keys(scopeTitles) as Scope[]) {
		const bindings = keymap.filter(binding => binding.scope === scope && serves(binding, served));
		if (bindings.length === 0) {
			continue;
		}

		lines.push(scopeTitles[scope]);
		for (const binding of bindings) {
			lines.push(`  ${binding.label.padEnd(12)} ${binding.description}`);
		}
	}

	return lines;
}
