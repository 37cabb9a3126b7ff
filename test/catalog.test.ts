import {Readable} from 'node:stream';
import {extract, type Header} from 'tar-stream';
import {describe, expect, it} from 'vitest';
import {sha256} from '../source/core/digest.js';
import {NotFoundError} from '../source/core/errors.js';
import {labels, mediaTypes} from '../source/core/oci.js';
import {parseReference} from '../source/core/reference.js';
import type {BuiltImage} from '../source/core/hub/catalog-build.js';
import {OfflineCatalog, buildCatalog, catalogBlob, catalogImages, findOsImage, osImages} from '../source/core/hub/catalog.js';

// Pinned so that any drift across machines, Node versions or refactors fails here.
const aspnetLatest = 'sha256:6cd5611cba9d02501da115ccb1afea985f50b44a1b29029dcf1496f0acda0a20';
const nanoServerTp4 = 'sha256:f329c2c18f1c6c842a4a6de241f037d5e69471793524cf646cc3409573ae6c92';

// The seed's `docker search *` table: name, truncated description, official, automated.
const seedTable: Array<[string, string, boolean, boolean]> = [
	['microsoft/aspnet', 'ASP.NET 5 framework installed in a Windows...', true, true],
	['microsoft/django', 'Django installed in a Windows Server Core ...', false, true],
	['microsoft/dotnet35', '.NET 3.5 Runtime installed in a Windows Se...', true, true],
	['microsoft/golang', 'Go Programming Language installed in a Win...', false, true],
	['microsoft/httpd', 'Apache httpd installed in a Windows Server...', false, true],
	['microsoft/iis', 'Internet Information Services (IIS) instal...', true, true],
	['microsoft/mongodb', 'MongoDB installed in a Windows Server Core...', false, true],
	['microsoft/mysql', 'MySQL installed in a Windows Server Core b...', false, true],
	['microsoft/nginx', 'Nginx installed in a Windows Server Core b...', false, true],
	['microsoft/node', 'Node installed in a Windows Server Core ba...', false, true],
	['microsoft/php', 'PHP running on Internet Information Servic...', false, true],
	['microsoft/python', 'Python installed in a Windows Server Core ...', false, true],
	['microsoft/rails', 'Ruby on Rails installed in a Windows Serve...', false, true],
	['microsoft/redis', 'Redis installed in a Windows Server Core b...', false, true],
	['microsoft/ruby', 'Ruby installed in a Windows Server Core ba...', false, true],
	['microsoft/sqlite', 'SQLite installed in a Windows Server Core ...', false, true],
];

// How docker search cuts a description.
const truncate = (text: string) => (text.length > 45 ? text.slice(0, 42) + '...' : text);

const image = (repository: string, version: string): BuiltImage =>
	catalogImages().find(entry => entry.repository === repository && entry.version === version)!;

type TarFile = {header: Header; content: Buffer};

async function untar(bytes: Uint8Array): Promise<TarFile[]> {
	const files: TarFile[] = [];
	const parser = extract();
	Readable.from([Buffer.from(bytes)]).pipe(parser);
	for await (const entry of parser) {
		const chunks: Buffer[] = [];
		for await (const chunk of entry) {
			chunks.push(chunk as Buffer);
		}

		files.push({header: entry.header, content: Buffer.concat(chunks)});
	}

	return files;
}

async function collect(stream: Readable): Promise<Buffer[]> {
	const chunks: Buffer[] = [];
	for await (const chunk of stream) {
		chunks.push(chunk as Buffer);
	}

	return chunks;
}

describe('catalog build', () => {
	it('is deterministic and pinned', () => {
		const digests = (images: BuiltImage[]) => images.map(entry => [entry.repository, entry.version, entry.manifestDigest, ...entry.layers.map(layer => layer.descriptor.digest)]);
		expect(digests(buildCatalog())).toEqual(digests(buildCatalog()));
		expect(digests(buildCatalog())).toEqual(digests(catalogImages()));
		expect(image('microsoft/aspnet', '1.0.0-rc1').manifestDigest).toBe(aspnetLatest);
		expect(image('nanoserver', '10.0.10586.0').manifestDigest).toBe(nanoServerTp4);
	});

	it('builds every image', () => {
		expect(buildCatalog()).toHaveLength(29);
	});

	it('gives every descriptor the digest and size of its bytes', () => {
		for (const entry of catalogImages()) {
			expect(sha256(catalogBlob(entry.manifestDigest)!)).toBe(entry.manifestDigest);
			for (const descriptor of [entry.manifest.config, ...entry.manifest.layers]) {
				const bytes = catalogBlob(descriptor.digest)!;
				expect(sha256(bytes)).toBe(descriptor.digest);
				expect(bytes.length).toBe(descriptor.size);
			}

			expect(entry.manifest.mediaType).toBe(mediaTypes.ociManifest);
			expect(entry.manifest.config.mediaType).toBe(mediaTypes.ociConfig);
			expect(entry.manifest.layers.every(layer => layer.mediaType === mediaTypes.ociLayer)).toBe(true);
			// Uncompressed layers: the blob digest is the diff_id.
			expect(entry.config.rootfs.diff_ids).toEqual(entry.manifest.layers.map(layer => layer.digest));
			expect(entry.config.history).toHaveLength(entry.manifest.layers.length);
			expect(JSON.parse(new TextDecoder().decode(entry.configBytes))).toEqual(entry.config);
		}

		expect(catalogBlob(`sha256:${'0'.repeat(64)}`)).toBeUndefined();
	});

	it('makes base OS images with no parent and the seed labels', () => {
		for (const name of ['nanoserver', 'windowsservercore']) {
			for (const version of ['10.0.10586.0', '10.0.10514.0']) {
				const {config} = image(name, version);
				expect(config.os).toBe('windows');
				expect(config.architecture).toBe('amd64');
				expect(config.config?.Labels?.[labels.vendor]).toBe('Microsoft');
				expect(config.config?.Labels?.[labels.version]).toBe(version);
				expect(config.config?.Labels?.[labels.baseName]).toBeUndefined();
				expect(config.history?.every(entry => entry.created_by === undefined)).toBe(true);
			}
		}

		expect(image('nanoserver', '10.0.10586.0').config.config?.Labels?.[labels.title]).toBe('NanoServer');
		expect(image('windowsservercore', '10.0.10586.0').config.config?.Labels?.[labels.description])
			.toBe('Container OS Image of Windows Server 2016 Technical Preview 4');
		expect(image('windowsservercore', '10.0.10514.0').config.created).toBe('2015-08-19T08:00:00Z');
		const size = (entry: BuiltImage) => entry.layers.reduce((sum, layer) => sum + layer.bytes.length, 0);
		expect(size(image('windowsservercore', '10.0.10586.0'))).toBeGreaterThan(2 * size(image('nanoserver', '10.0.10586.0')));
	});

	it('builds every hub image on WindowsServerCore 10.0.10586.0', () => {
		const base = image('windowsservercore', '10.0.10586.0');
		const hub = catalogImages().filter(entry => entry.repository.startsWith('microsoft/'));
		expect(new Set(hub.map(entry => entry.repository)).size).toBe(16);
		for (const entry of hub) {
			const own = entry.layers.length - base.layers.length;
			expect(own).toBeGreaterThanOrEqual(1);
			expect(own).toBeLessThanOrEqual(3);
			expect(entry.manifest.layers.slice(0, base.layers.length)).toEqual(base.manifest.layers);
			expect(entry.config.rootfs.diff_ids.slice(0, base.layers.length)).toEqual(base.config.rootfs.diff_ids);
			expect(entry.config.history?.slice(0, base.layers.length)).toEqual(base.config.history);
			expect(entry.config.history?.slice(base.layers.length).every(step => step.created_by?.startsWith('cmd /S /C '))).toBe(true);
			expect(entry.config.created?.startsWith('2015-12-')).toBe(true);
			const entryLabels = entry.config.config?.Labels ?? {};
			expect(entryLabels[labels.baseName]).toBe('docker.io/library/windowsservercore:10.0.10586.0');
			expect(entryLabels[labels.baseDigest]).toBe(base.manifestDigest);
			expect(entryLabels[labels.vendor]).toBe('Microsoft');
			expect(entryLabels[labels.version]).toBe(entry.version);
			expect(entryLabels[labels.title]).toBe(entry.repository.slice('microsoft/'.length));
			expect(entry.config.config?.Cmd?.length).toBeGreaterThan(0);
		}
	});

	it('writes layer tars that tar-stream reads back, sorted, owned by root, with fixed times', async () => {
		const seen = new Set<string>();
		for (const entry of catalogImages()) {
			for (const [index, layer] of entry.layers.entries()) {
				if (seen.has(layer.descriptor.digest)) {
					continue;
				}

				seen.add(layer.descriptor.digest);
				const files = await untar(layer.bytes);
				const names = files.map(file => file.header.name);
				expect(names).toEqual([...names].sort());
				for (const {header, content} of files) {
					expect(header.uid).toBe(0);
					expect(header.gid).toBe(0);
					expect(header.mode).toBe(header.type === 'directory' ? 0o755 : 0o644);
					expect(header.mtime?.toISOString()).toBe(entry.config.history?.[index].created?.replace('Z', '.000Z'));
					expect(content.length).toBe(header.size);
				}
			}
		}

		const nano = await untar(image('nanoserver', '10.0.10586.0').layers[0].bytes);
		const kernel = nano.find(file => file.header.name === 'Windows/System32/ntoskrnl.exe')!;
		expect(kernel.content.length).toBe(160 * 1024);
		expect(kernel.content.subarray(0, 2).toString('latin1')).toBe('MZ');
		expect(nano.find(file => file.header.name === 'Windows/System32/')?.header.type).toBe('directory');
		const iis = await untar(image('microsoft/iis', '10.0').layers.at(-1)!.bytes);
		expect(iis.find(file => file.header.name === 'inetpub/wwwroot/iisstart.htm')?.content.toString()).toContain('IIS Windows Server');
		const python = await untar(image('microsoft/python', '2.7.11').layers[2].bytes);
		expect(python.map(file => file.header.name)).toContain('Python27/python.exe');
		const node = await untar(image('microsoft/node', '4.2.3').layers[2].bytes);
		expect(node.map(file => file.header.name)).toContain('Program Files/nodejs/node.exe');
	});

	it('seeds each version differently', () => {
		expect(image('nanoserver', '10.0.10514.0').layers[0].descriptor.digest).not.toBe(image('nanoserver', '10.0.10586.0').layers[0].descriptor.digest);
		expect(image('microsoft/node', '0.12.9').layers.at(-2)!.descriptor.digest).not.toBe(image('microsoft/node', '4.2.3').layers.at(-2)!.descriptor.digest);
	});
});

describe('OS images', () => {
	it('lists every version, newest first per name', () => {
		expect(osImages().map(entry => [entry.name, entry.version, entry.latest])).toEqual([
			['NanoServer', '10.0.10586.0', true],
			['NanoServer', '10.0.10514.0', false],
			['WindowsServerCore', '10.0.10586.0', true],
			['WindowsServerCore', '10.0.10514.0', false],
		]);
		expect(osImages()[0].repository).toBe('nanoserver');
		expect(osImages()[1].description).toBe('Container OS Image of Windows Server 2016 Technical Preview 3');
	});

	it('finds by name in any case, latest by default', () => {
		expect(findOsImage('NanoServer')?.version).toBe('10.0.10586.0');
		expect(findOsImage('nanoserver', '10.0.10514.0')?.version).toBe('10.0.10514.0');
		expect(findOsImage('WINDOWSSERVERCORE')?.repository).toBe('windowsservercore');
		expect(findOsImage('NanoServer', '1.0')).toBeUndefined();
		expect(findOsImage('DemoImage')).toBeUndefined();
	});
});

describe('OfflineCatalog', () => {
	const catalog = new OfflineCatalog();

	it('is labelled', () => {
		expect(catalog.label).toBe('offline catalog');
	});

	it('searches everything for * with the seed rows and marks', async () => {
		const rows = await catalog.search('*', {limit: 25});
		expect(rows).toHaveLength(18);
		expect(await catalog.search('', {limit: 25})).toEqual(rows);
		for (const [name, description, official, automated] of seedTable) {
			const row = rows.find(entry => entry.name === name)!;
			expect(truncate(row.description)).toBe(description);
			expect([row.stars, row.official, row.automated]).toEqual([1, official, automated]);
		}

		expect(rows.find(entry => entry.name === 'nanoserver')).toMatchObject({official: true, automated: false});
	});

	it('lists the seed\'s rows in the seed\'s order, then the base OS images', async () => {
		const names = (await catalog.search('*', {limit: 25})).map(row => row.name);
		expect(names).toEqual([...seedTable.map(row => row[0]), 'nanoserver', 'windowsservercore']);
	});

	it('matches a term in name or description, case-insensitively, and cuts to the limit', async () => {
		expect((await catalog.search('REDIS', {limit: 25})).map(row => row.name)).toEqual(['microsoft/redis']);
		expect((await catalog.search('iis', {limit: 25})).map(row => row.name)).toEqual(['microsoft/iis', 'microsoft/php']);
		expect((await catalog.search('technical preview', {limit: 25})).map(row => row.name)).toEqual(['nanoserver', 'windowsservercore']);
		expect(await catalog.search('windows', {limit: 25})).toHaveLength(18);
		expect(await catalog.search('*', {limit: 3})).toHaveLength(3);
		expect(await catalog.search('cobol', {limit: 25})).toEqual([]);
	});

	it('lists tags in lexical order', async () => {
		expect(await catalog.tags(parseReference('microsoft/aspnet'))).toEqual(['1.0.0-beta8', '1.0.0-rc1', 'latest']);
		expect(await catalog.tags(parseReference('nanoserver'))).toEqual(['10.0.10514.0', '10.0.10586.0', 'latest']);
		expect(await catalog.tags(parseReference('microsoft/iis:whatever'))).toEqual(['10.0', 'latest']);
	});

	it('refuses tags of an unknown repository', async () => {
		await expect(catalog.tags(parseReference('microsoft/cobol'))).rejects.toThrow(new NotFoundError('repository microsoft/cobol not found'));
		await expect(catalog.tags(parseReference('quay.io/microsoft/aspnet'))).rejects.toBeInstanceOf(NotFoundError);
	});

	it('resolves latest when no tag is given', async () => {
		const resolved = await catalog.resolve(parseReference('microsoft/aspnet'));
		expect(resolved.reference).toEqual({domain: 'docker.io', path: 'microsoft/aspnet', tag: 'latest'});
		expect(resolved.digest).toBe(aspnetLatest);
		expect(resolved.manifestDigest).toBe(aspnetLatest);
		expect(sha256(resolved.configBytes)).toBe(resolved.manifest.config.digest);
		expect(resolved.config.config?.Labels?.[labels.version]).toBe('1.0.0-rc1');
	});

	it('resolves by tag and by digest', async () => {
		expect((await catalog.resolve(parseReference('nanoserver:10.0.10586.0'))).digest).toBe(nanoServerTp4);
		expect((await catalog.resolve(parseReference('docker.io/library/nanoserver:latest'))).digest).toBe(nanoServerTp4);
		const older = await catalog.resolve(parseReference('microsoft/aspnet:1.0.0-beta8'));
		expect(older.digest).not.toBe(aspnetLatest);
		const byDigest = await catalog.resolve(parseReference(`microsoft/aspnet@${older.digest}`));
		expect(byDigest.reference.tag).toBeUndefined();
		expect(byDigest.manifest).toEqual(older.manifest);
		expect(byDigest.config.config?.Labels?.[labels.version]).toBe('1.0.0-beta8');
	});

	it('refuses unknown manifests', async () => {
		await expect(catalog.resolve(parseReference('microsoft/aspnet:9.9'))).rejects.toThrow(new NotFoundError('manifest for microsoft/aspnet:9.9 not found: manifest unknown'));
		await expect(catalog.resolve(parseReference('windowsservercoreiis'))).rejects.toThrow('manifest for windowsservercoreiis:latest not found: manifest unknown');
		// A digest of another repository is not this one's.
		await expect(catalog.resolve(parseReference(`microsoft/iis@${nanoServerTp4}`))).rejects.toBeInstanceOf(NotFoundError);
		await expect(catalog.resolve(parseReference('registry.lan:5000/microsoft/aspnet'))).rejects.toBeInstanceOf(NotFoundError);
	});

	it('keeps its memo safe from callers', async () => {
		const first = await catalog.resolve(parseReference('microsoft/iis'));
		first.manifest.layers.length = 0;
		first.configBytes.fill(0);
		const second = await catalog.resolve(parseReference('microsoft/iis'));
		expect(second.manifest.layers.length).toBeGreaterThan(0);
		expect(sha256(second.configBytes)).toBe(second.manifest.config.digest);
	});
});

describe('OfflineCatalog.openBlob', () => {
	const aspnet = parseReference('microsoft/aspnet');

	it('streams a blob in chunks of at most 64 KiB', async () => {
		const {manifest} = await new OfflineCatalog().resolve(aspnet);
		for (const descriptor of [manifest.config, ...manifest.layers]) {
			const chunks = await collect(await new OfflineCatalog().openBlob(aspnet, descriptor));
			expect(chunks.every(chunk => chunk.length <= 64 * 1024)).toBe(true);
			expect(sha256(Buffer.concat(chunks))).toBe(descriptor.digest);
		}
	});

	it('refuses a digest the repository does not hold', async () => {
		const catalog = new OfflineCatalog();
		const missing = {mediaType: mediaTypes.ociLayer, digest: `sha256:${'0'.repeat(64)}`, size: 1};
		await expect(catalog.openBlob(aspnet, missing)).rejects.toThrow(new NotFoundError('blob unknown'));
		const iisOwn = (await catalog.resolve(parseReference('microsoft/iis'))).manifest.layers.at(-1)!;
		await expect(catalog.openBlob(aspnet, iisOwn)).rejects.toThrow('blob unknown');
	});

	it('stops with an AbortError when aborted', async () => {
		const catalog = new OfflineCatalog({bytesPerSecond: 64 * 1024});
		const layer = (await catalog.resolve(aspnet)).manifest.layers[0];
		const controller = new AbortController();
		const stream = await catalog.openBlob(aspnet, layer, {signal: controller.signal});
		let received = 0;
		const reading = (async () => {
			for await (const chunk of stream) {
				received += (chunk as Buffer).length;
				controller.abort();
			}
		})();
		await expect(reading).rejects.toMatchObject({name: 'AbortError'});
		expect(received).toBeLessThan(layer.size);
		expect(stream.destroyed).toBe(true);

		await expect(catalog.openBlob(aspnet, layer, {signal: AbortSignal.abort()})).rejects.toMatchObject({name: 'AbortError'});
	});

	it('paces in small chunks when throttled, and still delivers every byte', async () => {
		const catalog = new OfflineCatalog({bytesPerSecond: 200_000});
		// The PATH layer of microsoft/python: small, so the paced read stays short.
		const python = parseReference('microsoft/python');
		const layer = (await catalog.resolve(python)).manifest.layers.at(-1)!;
		const chunks = await collect(await catalog.openBlob(python, layer));
		expect(chunks.length).toBeGreaterThan(1);
		expect(chunks.every(chunk => chunk.length <= 20_000)).toBe(true);
		expect(Buffer.concat(chunks).length).toBe(layer.size);
		expect(sha256(Buffer.concat(chunks))).toBe(layer.digest);
	});
});
