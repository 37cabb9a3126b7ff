import path from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import {saveImages} from '../../source/core/store/archive.js';
import {keys, makeStore, renderApp, seeded, type Harness, type TestStore} from './helpers.js';

let app: Harness | undefined;
const stores: TestStore[] = [];

afterEach(() => {
	app?.unmount();
	app = undefined;
	for (const store of stores.splice(0)) {
		store.cleanup();
	}
});

describe('L in Local images: load an archive', () => {
	test('asks for a path, loads the archive, and the list shows its images', async () => {
		const source = await makeStore(async s => seeded(s, {container: false}));
		stores.push(source);
		const archive = path.join(source.home, 'images.tar');
		const view = source.fresh();
		await saveImages(source.store.blobs, [view.image('microsoft/iis'), view.image('windowsservercore')], archive);
		const target = await makeStore();
		stores.push(target);
		app = renderApp(target.store, {columns: 160});
		// L is in help, not the footer: at 100 columns one more footer word would wrap it and cost the list a row.
		let screen = await app.waitFor('sort: created');
		await app.press('L');
		screen = await app.waitFor('Load images (docker load)');
		await app.type(archive);
		await app.press(keys.enter);
		// A load hashes every layer it brings: on a loaded machine that takes a while. The list may
		// show the image (the store's watch) a frame before the status line says it was loaded.
		screen = await app.waitFor('Loaded image: microsoft/iis:latest', 15_000);
		expect(screen).toContain('microsoft/iis');
		expect(target.fresh().image('microsoft/iis').id).toBe(view.image('microsoft/iis').id);
	}, 20_000);
});
