/**
 * What an engine backend offers beyond the Backend's core, and so which keys
 * the TUI shows over an engine: push, save and load (the Engine API has
 * them), never the store's own (layer files, the journal, OS images,
 * settings, prune, fsck, reset). No engine is needed: nothing connects
 * until a method is called.
 */
import {describe, expect, test} from 'vitest';
import {capabilitySet} from '../../source/core/backend/backend.js';
import {EngineBackend} from '../../source/core/engine/engine-backend.js';
import {helpLines} from '../../source/ui/keymap.js';

describe('an engine backend\'s capabilities', () => {
	const engine = new EngineBackend({host: 'unix:///nonexistent/engine.sock', dockerPrefix: 'docker -H unix:///nonexistent/engine.sock'});

	test('push, save and load; nothing only the store does', () => {
		// analyze and diff read the engine's images/get and containers/{id}/changes.
		expect([...capabilitySet(engine)].sort()).toEqual(['containerChanges', 'imageLayers', 'load', 'push', 'save']);
	});

	test('help over an engine lists push and load, not layer files, the journal, OS images or the hub switch', () => {
		const help = helpLines(capabilitySet(engine)).join('\n');
		expect(help).toContain('push to its registry (docker push)');
		expect(help).toContain('load images from an archive (docker load -i)');
		expect(help).not.toMatch(/its files|layers \/ journal|^ +i +install a base OS image|switch hub|write the journal/m);
	});
});
