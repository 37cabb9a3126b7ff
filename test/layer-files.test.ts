import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {gzipSync} from 'node:zlib';
import {afterEach, describe, expect, test} from 'vitest';
import {sha256} from '../source/core/digest.js';
import {BlobStore} from '../source/core/store/blobs.js';
import {layerOfStep, listLayerFiles, stepLayerFiles, type LayerFile} from '../source/core/store/layer-files.js';
import type {LayerRecord} from '../source/core/store/records.js';
import {tarBytes, type TarEntry} from './helpers/tar-layers.js';

type Entry = TarEntry;

const homes: string[] = [];
afterEach(() => {
	for (const home of homes.splice(0)) {
		rmSync(home, {recursive: true, force: true});
	}
});

/** The layers in a fresh blob store; `gzip` marks the ones stored compressed. */
async function storeLayers(layers: Array<{entries: Entry[]; gzip?: boolean}>): Promise<{blobs: BlobStore; records: LayerRecord[]}> {
	const home = mkdtempSync(path.join(os.tmpdir(), 'dockyard-layer-files-'));
	homes.push(home);
	const blobs = new BlobStore(home);
	const records: LayerRecord[] = [];
	for (const layer of layers) {
		// eslint-disable-next-line no-await-in-loop
		const plain = await tarBytes(layer.entries);
		const bytes = layer.gzip ? gzipSync(plain) : plain;
		// eslint-disable-next-line no-await-in-loop
		const digest = await blobs.writeBytes(bytes);
		records.push({
			digest,
			mediaType: layer.gzip ? 'application/vnd.oci.image.layer.v1.tar+gzip' : 'application/vnd.oci.image.layer.v1.tar',
			size: bytes.length,
			diffId: sha256(plain),
			uncompressedSize: plain.length,
		});
	}

	return {blobs, records};
}

const shown = (entries: LayerFile[]) => entries.map(entry => `${entry.change} ${entry.path}${entry.type === 'directory' ? '/' : ''}${entry.type === 'file' ? ` ${entry.size}` : ''}${entry.linkname ? ` -> ${entry.linkname}` : ''}`);

/** A base, a gzip'd layer on it that changes, adds and deletes (a whiteout, an opaque directory), and a third that adds back. */
async function family() {
	return storeLayers([
		{entries: [
			{name: 'etc/', type: 'directory'},
			{name: 'etc/hosts', text: '127.0.0.1 localhost\n'},
			{name: 'etc/passwd', text: 'root:x:0:0\n'},
			{name: 'bin/sh', text: 'ELF'},
			{name: 'var/cache/a', text: 'a'},
			{name: 'var/cache/b', text: 'b'},
			{name: 'opt/tool/run', text: 'run'},
		]},
		{gzip: true, entries: [
			{name: './etc/', type: 'directory'},
			{name: './etc/hosts', text: '127.0.0.1 localhost classroom\n'},
			{name: './etc/motd', text: 'hello\n'},
			{name: './etc/.wh.passwd'},
			{name: './var/cache/.wh..wh..opq'},
			{name: './var/cache/c', text: 'c'},
			{name: './.wh.opt'},
			{name: './usr/bin/sh', type: 'symlink', linkname: '/bin/sh'},
		]},
		{entries: [
			{name: 'etc/passwd', text: 'root:x:0:0\nstudent:x:1000:1000\n'},
			{name: 'etc/motd', text: 'welcome\n'},
			{name: 'var/cache/a', text: 'again'},
			{name: 'var/cache/c', text: 'cc'},
			{name: 'opt/tool/run', text: 'new'},
			{name: 'bin/sh', text: 'ELF2'},
		]},
	]);
}

describe('the files a layer adds, changes and deletes, read from the stored tar layers', () => {
	test('a base layer adds everything in it', async () => {
		const {blobs, records} = await family();
		const files = await listLayerFiles(blobs, records, 0);
		expect(files.layer).toEqual({index: 0, digest: records[0]!.digest});
		expect(shown(files.entries)).toEqual(['added etc/', 'added etc/hosts 20', 'added etc/passwd 11', 'added bin/sh 3', 'added var/cache/a 1', 'added var/cache/b 1', 'added opt/tool/run 3']);
		expect(files.more).toBe(0);
	});

	test('a gzip layer: changed, added, a whiteout deletes, an opaque directory hides what was below', async () => {
		const {blobs, records} = await family();
		const files = await listLayerFiles(blobs, records, 1);
		expect(shown(files.entries)).toEqual([
			'changed etc/',
			'changed etc/hosts 30',
			'added etc/motd 6',
			'deleted etc/passwd',
			'opaque var/cache/',
			'added var/cache/c 1',
			'deleted opt',
			'added usr/bin/sh -> /bin/sh',
		]);
	});

	test('above a whiteout or an opaque directory, a path is added again, not changed', async () => {
		const {blobs, records} = await family();
		const files = await listLayerFiles(blobs, records, 2);
		expect(shown(files.entries)).toEqual([
			// Deleted by the layer below: new again.
			'added etc/passwd 31',
			'changed etc/motd 8',
			// The opaque var/cache/ below hid the base's a; c was the gzip layer's own.
			'added var/cache/a 5',
			'changed var/cache/c 2',
			// The whole of opt was deleted below.
			'added opt/tool/run 3',
			// Reached down through the gzip layer, which did not touch it.
			'changed bin/sh 4',
		]);
	});

	test('a big layer is listed up to the limit, the rest counted, not kept', async () => {
		const many = Array.from({length: 250}, (_, index) => ({name: `data/file${index}`, text: String(index)}));
		const {blobs, records} = await storeLayers([{entries: many, gzip: true}]);
		const files = await listLayerFiles(blobs, records, 0, {limit: 20});
		expect(files.entries).toHaveLength(20);
		expect(files.entries[19]!.path).toBe('data/file19');
		expect(files.more).toBe(230);
	});

	test('a corrupt layer blob is one line naming the layer; a layer that is not a tar too', async () => {
		const {blobs, records} = await family();
		writeFileSync(blobs.path(records[1]!.digest), gzipSync(Buffer.from('not the bytes it was')));
		await expect(listLayerFiles(blobs, records, 1)).rejects.toThrow(/\(the layer [\da-f]{12}\) is corrupt: its content hashes to sha256:/);
		const {blobs: other, records: junk} = await storeLayers([{entries: []}]);
		const text = Buffer.from('this is no tar at all, but long enough to be read as a header block? '.repeat(10));
		const digest = await other.writeBytes(text);
		await expect(listLayerFiles(other, [{...junk[0]!, digest}], 0)).rejects.toThrow(/^the layer [\da-f]{12} is not a readable tar layer \(/);
	});

	test('a reading stopped by its signal stops', async () => {
		const {blobs, records} = await family();
		const controller = new AbortController();
		controller.abort();
		await expect(listLayerFiles(blobs, records, 2, {signal: controller.signal})).rejects.toThrow();
	});

	test('history steps map to layers; a step with empty_layer made none', async () => {
		const config = {history: [{created_by: 'ADD base'}, {created_by: 'ENV A=1', empty_layer: true}, {created_by: 'RUN x'}, {created_by: 'CMD y', empty_layer: true}, {created_by: 'COPY z'}]};
		const shape = {architecture: 'amd64', os: 'windows', rootfs: {type: 'layers', diff_ids: []}};
		const steps = [0, 1, 2, 3, 4].map(step => layerOfStep({...shape, ...config} as never, 3, step));
		expect(steps).toEqual([0, undefined, 1, undefined, 2]);
		expect(layerOfStep(shape as never, 2, 1)).toBe(1);
		const {blobs, records} = await family();
		expect(await stepLayerFiles(blobs, records, {...shape, ...config} as never, 1)).toEqual({entries: [], more: 0});
		expect((await stepLayerFiles(blobs, records, {...shape, ...config} as never, 2)).layer?.index).toBe(1);
	});
});
