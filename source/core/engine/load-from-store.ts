/**
 * Store images → an engine, as `docker save IMAGE | docker -H … load`: the
 * store writes one archive (OCI layout and docker archive at once, see
 * store/archive.ts) to a temp file, which is streamed into the engine's
 * `images/load` with the bytes sent reported as it goes. Used by the engine
 * backend's pull of what only dockyard's hubs serve, and by `send`.
 */
import {createReadStream, mkdtempSync, rmSync, statSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {Transform} from 'node:stream';
import {familiarString, parseReference} from '../reference.js';
import {saveImages} from '../store/archive.js';
import {storeHome} from '../store/home.js';
import {openStore, type Store} from '../store/store.js';
import type {ImageView} from '../store/view.js';
import type {EngineClient} from './client.js';

export type LoadProgress = {sent: number; total: number};

export type SendOptions = {
	onProgress?: (progress: LoadProgress) => void;
	signal?: AbortSignal;
};

export type SendResult = {
	/** `name:tag` (or an id) per image the engine says it loaded, as `docker load` prints them. */
	loaded: string[];
	images: ImageView[];
};

/**
 * The store images named by `targets` (a tag sends that tag, an id every
 * tag of the image), loaded into the engine. Nothing in the store changes.
 */
export async function sendToEngine(store: Store, client: EngineClient, targets: string[], options: SendOptions = {}): Promise<SendResult> {
	const view = store.read();
	const chosen = new Map<string, ImageView>();
	for (const target of targets) {
		const {image, tag, byId} = view.resolve(target);
		const named = byId || !tag ? image.tags : [familiarString(parseReference(tag))];
		const previous = chosen.get(image.id);
		chosen.set(image.id, {...image, tags: [...new Set([...(previous?.tags ?? []), ...named])]});
	}

	const images = [...chosen.values()];
	const work = mkdtempSync(path.join(os.tmpdir(), 'dockyard-send-'));
	try {
		const archive = path.join(work, 'images.tar');
		await saveImages(store.blobs, images, archive);
		const total = statSync(archive).size;
		let sent = 0;
		const counter = new Transform({
			transform(chunk: Buffer, _encoding, done) {
				sent += chunk.length;
				options.onProgress?.({sent, total});
				done(undefined, chunk);
			},
		});
		const body = createReadStream(archive).pipe(counter);
		const result = await client.loadImages(body, {signal: options.signal});
		return {loaded: result.loaded, images};
	} finally {
		rmSync(work, {recursive: true, force: true});
	}
}

/** `send`: images of the default store (DOCKYARD_HOME) into the engine, every name checked in the store before the engine is asked. */
export async function sendFromDefaultStore(client: () => Promise<EngineClient>, targets: string[], environment: NodeJS.ProcessEnv, options: SendOptions = {}): Promise<SendResult> {
	const store = openStore({home: storeHome(environment)});
	const view = store.read();
	for (const target of targets) {
		view.resolve(target);
	}

	return sendToEngine(store, await client(), targets, options);
}
