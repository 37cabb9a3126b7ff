import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, expect, test} from 'vitest';
import {Snapshot} from '../../source/core/backend/snapshot.js';
import {EngineBackend} from '../../source/core/engine/engine-backend.js';
import {MissingBaseError} from '../../source/core/errors.js';
import {labels} from '../../source/core/oci.js';
import {openStore} from '../../source/core/store/store.js';
import {image} from './neutral.js';

/** Issue 22 #7: over an engine, a hub image is not a base OS image, and the missing-base refusal names a command that works there. */
const work = mkdtempSync(path.join(os.tmpdir(), 'dockyard-engine-base-'));
afterAll(() => {
	rmSync(work, {recursive: true, force: true});
});

test('an engine\'s image with no parent that names its base is not a base OS image; one that names none is', () => {
	const iis = image('iis', {tags: ['microsoft/iis:latest'], labels: {[labels.baseName]: 'windowsservercore:10.0.10586.0'}});
	const core = image('core', {tags: ['windowsservercore:10.0.10586.0']});
	const snapshot = Snapshot.of([iis, core], [], undefined, {engineOrder: true});
	expect(snapshot.image('microsoft/iis').isOSImage).toBe(false);
	expect(snapshot.image('windowsservercore:10.0.10586.0').isOSImage).toBe(true);
});

test('a pull through the store refused for its base names the store\'s install, never the bare `dockyard os install` the engine refuses', async () => {
	const home = path.join(work, 'store');
	const engine = new EngineBackend({host: `unix://${path.join(work, 'no-engine.sock')}`, dockerPrefix: 'docker -H unix:///x.sock', environment: {DOCKYARD_HOME: home}, store: () => openStore({home}), connectTimeoutMs: 1000});
	const refused = await engine.pull('microsoft/iis').then(() => undefined, (error: unknown) => error);
	expect(refused).toBeInstanceOf(MissingBaseError);
	const {message} = refused as MissingBaseError;
	expect(message).toContain('`dockyard --context dockyard os install WindowsServerCore --version 10.0.10586.0`');
	expect(message).not.toMatch(/`dockyard os install/);
	expect(message.split('\n')).toHaveLength(1);
});
