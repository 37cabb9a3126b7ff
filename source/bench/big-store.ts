import {createHash} from 'node:crypto';
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {openStore} from '../core/store/store.js';
import type {IndexData} from '../core/store/records.js';

/**
 * A store with `count` images: one real base image installed from the offline
 * catalog, then `count` children written straight into the index (tags,
 * parents, a container every hundred), as ten thousand pulls would leave it.
 */
export async function makeBigStore(count: number): Promise<string> {
	const home = mkdtempSync(path.join(os.tmpdir(), 'dockyard-bench-'));
	const store = openStore({home});
	await store.installOs('nanoserver');
	const file = path.join(home, 'index.json');
	const data = JSON.parse(readFileSync(file, 'utf8')) as IndexData;
	const base = Object.values(data.images)[0]!;
	const now = Date.now();
	for (let index = 0; index < count; index++) {
		const id = 'sha256:' + createHash('sha256').update(`bench-${index}`).digest('hex');
		const created = new Date(now - (index * 60_000)).toISOString();
		data.images[id] = {...base, id, parent: base.id, created, added: created, repoDigests: [], source: 'bench', title: `app${index}`};
		data.tags[`docker.io/team${index % 50}/app${index}:v${index % 7}`] = id;
		if (index % 100 === 0) {
			const containerId = createHash('sha256').update(`container-${index}`).digest('hex');
			data.containers[containerId] = {id: containerId, name: `box${index}`, image: id, imageRef: `team${index % 50}/app${index}:v${index % 7}`, command: 'cmd', created, status: 'created', changes: []};
		}
	}

	writeFileSync(file, JSON.stringify(data));
	return home;
}
