import {useInput} from 'ink';
import {render} from 'ink-testing-library';
import {afterEach, describe, expect, test, vi} from 'vitest';
import {keymap, keyToken, lookup, type Action, type Binding, type Pane, type Scope} from '../../source/ui/keymap.js';
import {panes} from '../../source/ui/state.js';
import {absentEngine, inputFor, keys, makeStore, renderApp, seeded, type Harness, type TestStore} from './helpers.js';

// The controller, wrapped: every action the app asks of it is recorded; while `swallow`
// is on it is only recorded, so the app stays in the scope under test key after key.
const spy = vi.hoisted(() => ({actions: [] as string[], swallow: false}));
vi.mock('../../source/ui/controller.js', async importOriginal => {
	const original = await importOriginal<typeof import('../../source/ui/controller.js')>();
	return {
		...original,
		createController(deps: Parameters<typeof original.createController>[0]) {
			const real = original.createController(deps);
			return (action: Action) => {
				spy.actions.push(action);
				if (!spy.swallow) {
					real(action);
				}
			};
		},
	};
});


/** The global keys as the footer writes them: quit is q, except where q is a letter (the Hub), where it is C-c. */
function globalFooter(pane: string): string[] {
	return keymap.filter(binding => binding.scope === 'global' && binding.footer).map(binding => `${binding.action === 'quit' ? (pane === 'hub' ? 'C-c' : 'q') : binding.label} ${binding.footer}`);
}

let app: Harness | undefined;
let store: TestStore | undefined;

afterEach(() => {
	spy.swallow = false;
});

const paneChain = (pane: Pane): Scope[] => [pane, 'list', 'global'];
const tokens = [...new Set(keymap.flatMap(binding => binding.keys))];

describe('the keymap', () => {
	test('Ink reads each key the keymap names as that key (keyToken)', async () => {
		const seen: Array<string | undefined> = [];
		function Probe() {
			useInput((input, key) => {
				seen.push(keyToken(input, key));
			});
			return null;
		}

		const instance = render(<Probe/>);
		try {
			for (const token of tokens) {
				seen.length = 0;
				instance.stdin.write(inputFor(token));
				// A lone Esc is told from the start of a sequence a turn later.
				// eslint-disable-next-line no-await-in-loop
				await vi.waitFor(() => {
					expect(seen).toEqual([token]);
				}, {timeout: 1000, interval: 5});
			}

			// Backspace removes as Delete does.
			seen.length = 0;
			instance.stdin.write(keys.backspace);
			await vi.waitFor(() => {
				expect(seen).toEqual(['delete']);
			}, {timeout: 1000, interval: 5});
		} finally {
			instance.unmount();
		}
	});

	test('no key is bound twice where scopes overlap (a pane, any list, everywhere)', () => {
		for (const pane of panes) {
			const bound = keymap.filter(binding => paneChain(pane).includes(binding.scope)).flatMap(binding => binding.keys);
			expect(bound.filter((token, index) => bound.indexOf(token) !== index), pane).toEqual([]);
		}

		// Text boxes own the printable keys: none of theirs is bound.
		for (const scope of ['filter', 'search', 'prompt'] as Scope[]) {
			const printable = keymap.filter(binding => binding.scope === scope).flatMap(binding => binding.keys).filter(token => token.length === 1);
			expect(printable, scope).toEqual([]);
		}
	});

	test('every binding is reachable: the lookup of its keys in its scopes finds it', () => {
		const chains: Scope[][] = [...panes.map(pane => paneChain(pane)), ['filter'], ['search'], ['confirm'], ['refusal'], ['prompt'], ['message'], ['install'], ['help'], ['palette'], ['edit']];
		for (const binding of keymap) {
			for (const token of binding.keys) {
				const chain = chains.find(candidate => candidate.includes(binding.scope))!;
				expect(lookup(chain, token), `${binding.scope} ${token}`).toBe(binding);
			}
		}
	});

	/** Each state a scope has the keys in, reached by real keys from the seed's store. */
	const setups: Array<{chain: Scope[]; setup: string[]; ready: string | RegExp}> = [
		...panes.map((pane, index) => ({chain: paneChain(pane), setup: [String(index + 1)], ready: index === 1 ? 'microsoft/sqlite' : (index === 2 ? 'Parent chain' : (index === 3 ? ' web ' : 'microsoft/iis'))})),
		{chain: ['filter'], setup: ['/'], ready: 'filter: '},
		{chain: ['search'], setup: ['2', '/'], ready: 'Enter/↓ results'},
		{chain: ['confirm'], setup: ['G', 'd'], ready: 'Proceed? [y/N]'},
		{chain: ['refusal'], setup: ['d'], ready: 'Nothing was changed.'},
		{chain: ['prompt'], setup: ['t'], ready: '(docker tag)'},
		// A bad tag name keeps its prompt open now: a load of a file that is not there ends in a message.
		{chain: ['message'], setup: ['L', ...'/no/such', keys.enter], ready: 'Esc or Enter closes'},
		{chain: ['install'], setup: ['2', 'i'], ready: 'Install a base OS image'},
		{chain: ['help'], setup: ['?'], ready: 'Keys ('},
		{chain: ['palette'], setup: [':'], ready: 'Command palette ('},
	];

	test.each(setups)('in $chain.0 each bound key asks for its action, others for none', async ({chain, setup, ready}) => {
		store = await makeStore(async s => seeded(s));
		// An engine configured beside the store: every key of the keymap is served.
		app = renderApp(store.store, {engine: absentEngine()});
		await app.waitFor('microsoft/iis');
		await app.press(...setup);
		await app.waitFor(ready);
		spy.swallow = true;
		const bindings: Binding[] = keymap.filter(binding => chain.includes(binding.scope));
		for (const binding of bindings) {
			for (const token of binding.keys) {
				// In the Hub q starts a search (hub-typing.ts); it quits from everywhere else.
				if (chain.includes('hub') && token === 'q') {
					continue;
				}

				spy.actions.length = 0;
				// eslint-disable-next-line no-await-in-loop
				await app.press(inputFor(token));
				// eslint-disable-next-line no-await-in-loop
				await vi.waitFor(() => {
					expect(spy.actions, `${binding.scope} ${token}`).toEqual([binding.action]);
				}, {timeout: 1000, interval: 5});
			}
		}

		// Ctrl-C quits from anywhere, dialogs and text boxes included.
		spy.actions.length = 0;
		await app.press(keys.ctrlC);
		await vi.waitFor(() => {
			expect(spy.actions).toEqual(['quit']);
		}, {timeout: 1000, interval: 5});
		// A key bound nowhere here asks for nothing.
		// '!' first: in the Hub a letter no key claims starts a search (hub-typing.ts), which is an action.
		const unbound = ['!', 'z', 'Z', '9', 'pagedown', 'x', 'w'].find(token => !bindings.some(binding => binding.keys.includes(token)))!;
		spy.actions.length = 0;
		await app.press(inputFor(unbound));
		expect(spy.actions).toEqual([]);
		expect(app.frame()).toMatch(ready);
	}, 60_000);

	test('the footer shows the keys of the focused pane, and the global ones, only', async () => {
		store = await makeStore(async s => seeded(s));
		app = renderApp(store.store, {columns: 200, engine: absentEngine()});
		const part = (binding: Binding) => `${binding.label} ${binding.footer}`;
		for (const [index, pane] of panes.entries()) {
			// eslint-disable-next-line no-await-in-loop
			await app.press(String(index + 1));
			const expected = [...keymap.filter(binding => (binding.scope === pane || binding.scope === 'list') && binding.footer).map(part), ...globalFooter(pane)].join(' · ');
			// eslint-disable-next-line no-await-in-loop
			await vi.waitFor(() => {
				expect(app!.frame().split('\n').at(-1)).toBe(expected);
			}, {timeout: 2000, interval: 10});
		}

		// In a text box, its own keys alone.
		await app.press('1', '/');
		await vi.waitFor(() => {
			expect(app!.frame().split('\n').at(-1)).toBe('Enter/↓ keep · Esc clear');
		}, {timeout: 2000, interval: 10});
	});

	test('at 80x24 the footer shows every footer key of each pane, on two lines when one is too short', async () => {
		store = await makeStore(async s => seeded(s));
		app = renderApp(store.store, {columns: 80, rows: 24, engine: absentEngine()});
		await app.waitFor('microsoft/iis');
		const part = (binding: Binding) => `${binding.label} ${binding.footer}`;
		const global = globalFooter('images');
		const expectFooter = async (expected: string[]) => {
			await vi.waitFor(() => {
				const lines = app!.frame().split('\n');
				const rows = expected.join(' · ').length > 80 ? 2 : 1;
				const footer = lines.slice(-rows);
				expect(footer.join(' · ')).toBe(expected.join(' · '));
				for (const line of footer) {
					expect(line.length).toBeLessThanOrEqual(80);
				}

				// The whole app still fits the terminal (Ink keeps a line after its output).
				expect(lines.length).toBeLessThanOrEqual(23);
			}, {timeout: 2000, interval: 10});
		};

		for (const [index, pane] of panes.entries()) {
			// eslint-disable-next-line no-await-in-loop
			await app.press(String(index + 1));
			// eslint-disable-next-line no-await-in-loop
			await expectFooter([...keymap.filter(binding => (binding.scope === pane || binding.scope === 'list') && binding.footer).map(part), ...globalFooter(pane)]);
		}

		// At least one pane needed the second line at 80 columns (the Hub's H switch hub, say).
		expect(keymap.filter(binding => binding.scope === 'hub' && binding.footer).map(part).join(' · ').length).toBeGreaterThan(80 - global.join(' · ').length);
		await app.press('2', '/');
		await expectFooter(keymap.filter(binding => binding.scope === 'search' && binding.footer).map(part));
	});

	test('Tab and Shift-Tab cycle the panes, 1–4 jump to one; the tab bar shows which; q quits', async () => {
		store = await makeStore(async s => seeded(s));
		app = renderApp(store.store);
		await app.waitFor('microsoft/iis');
		const focused = () => /\u001B\[7m(?:\u001B\[1m)?\s*(\d) /.exec(app!.raw().split('\n')[0]!)?.[1];
		expect(focused()).toBe('1');
		for (const expected of ['2', '3', '4', '1']) {
			// eslint-disable-next-line no-await-in-loop
			await app.press(keys.tab);
			// eslint-disable-next-line no-await-in-loop
			await vi.waitFor(() => {
				expect(focused()).toBe(expected);
			}, {timeout: 1000, interval: 5});
		}

		for (const expected of ['4', '3']) {
			// eslint-disable-next-line no-await-in-loop
			await app.press(keys.shiftTab);
			// eslint-disable-next-line no-await-in-loop
			await vi.waitFor(() => {
				expect(focused()).toBe(expected);
			}, {timeout: 1000, interval: 5});
		}

		await app.press('2');
		await app.waitFor('Search (offline catalog)');
		expect(focused()).toBe('2');
		expect(app.exited()).toBe(false);
		// In the Hub q is a letter of a search (hub-typing.ts): it quits from the other panes.
		await app.press('q');
		await app.waitFor('Enter/↓ results');
		expect(app.exited()).toBe(false);
		await app.press(keys.escape, '1', 'q');
		await vi.waitFor(() => {
			expect(app!.exited()).toBe(true);
		}, {timeout: 1000, interval: 5});
	});
});
