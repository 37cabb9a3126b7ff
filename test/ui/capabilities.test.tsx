import {helpRows} from '../../source/ui/dialogs/help.js';
import {describe, expect, test} from 'vitest';
import type {Capabilities} from '../../source/core/backend/backend.js';
import {StoreBackend} from '../../source/core/backend/store-backend.js';
import {runCommand} from '../../source/commands/run.js';
import {footerBindings, helpLines, keymap} from '../../source/ui/keymap.js';
import {keys, makeStore, renderApp, seeded} from './helpers.js';

/**
 * The real store with its store-only capabilities taken away, and taught as
 * an engine would be: what the TUI and the CLI do with a backend that
 * cannot prune, save, install OS images, switch hubs or keep a journal.
 */
class BareBackend extends StoreBackend {
	override readonly capabilities: Capabilities = {};
	override readonly teaching = {docker: 'docker --context classroom'};
}

const storeOnly = keymap.filter(binding => binding.requires);

describe('keys a backend cannot serve are hidden, not failing', () => {
	test('the keymap says which bindings need a capability, and drops them when it is not served', () => {
		expect(storeOnly.map(binding => `${binding.scope}:${binding.action}:${binding.requires}`).sort()).toEqual([
			'containers:containerDiff:containerChanges',
			'global:switchBackend:otherBackend',
			'global:writeJournal:journal',
			'history:changedOnly:layerFiles',
			'history:fold:layerFiles',
			'history:layerFiles:layerFiles',
			'history:nextLayer:layerFiles',
			'history:nextPage:layerFiles',
			'history:previousLayer:layerFiles',
			'history:previousPage:layerFiles',
			'history:switchTab:journal',
			'hub:installOs:osImages',
			'hub:switchHub:settings',
			'images:compare:imageLayers',
			'images:copyTo:save',
			'images:load:load',
			'images:platformTree:platforms',
			'images:prune:prune',
			'images:push:push',
			'images:sendToEngine:sendToEngine',
		]);
		const none = new Set<never>();
		expect(footerBindings(['hub'], none).map(binding => binding.action)).not.toContain('installOs');
		expect(footerBindings(['hub']).map(binding => binding.action)).toContain('installOs');
		expect(helpLines(none).join('\n')).not.toMatch(/^ +i +install a base OS image|switch hub|layers \/ journal/m);
		expect(helpLines(new Set(['osImages', 'settings', 'journal', 'otherBackend', 'sendToEngine', 'load', 'save', 'push', 'layerFiles', 'platforms', 'imageLayers', 'prune', 'containerChanges']))).toEqual(helpLines());
	});

	test('over a bare backend the footer, help and keys leave them out; the teaching line speaks to its engine', async () => {
		const store = await makeStore(async s => seeded(s, {container: false}));
		const app = renderApp(new BareBackend(store.store), {pane: 'hub', columns: 160});
		let screen = await app.waitFor('microsoft/aspnet');
		expect(screen).not.toContain('i install OS');
		expect(screen).not.toContain('H switch hub');
		expect(screen).toContain('Enter pull/install');
		// i and H do nothing here: no install dialog, no hub switch.
		await app.press('i', 'H');
		screen = app.frame();
		expect(screen).not.toContain('Install base OS image');
		expect(screen).not.toContain('switching hub');
		// Unbound here, they are the letters of a new search (hub-typing.ts): Esc leaves the box.
		await app.press(keys.escape);
		await app.press('?');
		screen = await app.waitFor('Keys (');
		// Help lists only the keys that work here: fewer lines than over the store.
		expect(helpLines(new Set()).length).toBeLessThan(helpLines().length);
		// Help's lines as drawn 100 wide (a long description wraps).
		expect(screen).toContain(` of ${helpRows(new Set(), 100).length}; `);
		await app.press(keys.escape, '1');
		screen = await app.waitFor('microsoft/iis');
		expect(screen).toContain('$ docker --context classroom rmi microsoft/iis:latest');
		await app.press('3');
		screen = await app.waitFor('Parent chain');
		expect(screen).not.toContain('t layers/journal');
	});

	test('the CLI says in one line that a store-only verb is not served, and teaches the engine\'s docker', async () => {
		const store = await makeStore(async s => seeded(s, {container: false}));
		const backend = new BareBackend(store.store);
		for (const argv of [['prune'], ['fsck'], ['journal'], ['journal', '--clear'], ['reset', '--yes'], ['save', '-o', `${store.home}/x.tar`, 'microsoft/iis'], ['load', '-i', `${store.home}/x.tar`], ['os', 'install', 'nanoserver'], ['os', 'find'], ['Install-ContainerImage', '-Name', 'NanoServer'], ['Find-ContainerImage'], ['hub'], ['push', 'microsoft/iis']]) {
			const out: string[] = [];
			const err: string[] = [];
			// eslint-disable-next-line no-await-in-loop
			const code = await runCommand(argv, {out: line => out.push(line ?? ''), err: line => err.push(line)}, () => backend);
			expect(code, argv.join(' ')).toBe(1);
			expect(err, argv.join(' ')).toHaveLength(1);
			expect(err[0]).toMatch(/^Error: .* works on dockyard's own store only; this backend \(store: .*\) does not offer it$/);
			expect(out).toEqual([]);
		}

		const out: string[] = [];
		expect(await runCommand(['images', '--explain'], {out: line => out.push(line ?? ''), err() {}}, () => backend)).toBe(0);
		expect(out).toContain('  docker:     docker --context classroom images');
	});
});
