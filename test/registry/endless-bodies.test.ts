/**
 * No registry can crash dockyard: a body that never ends, is cut off, or says
 * one length and sends another, on every path of a pull (an uncompressed
 * layer, a gzip layer, the manifest, the config, the token), ends as one
 * line and exit 1 in the CLI, and as a rejected promise in process (the TUI
 * calls the same core inside try/catch): the process lives, no stray
 * 'error' event, the store as it was (no blob, no temp file, no lease).
 */
import {existsSync, mkdirSync, readdirSync} from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {DockyardError} from '../../source/core/errors.js';
import {endpointFor} from '../../source/core/hub/registry/endpoint.js';
import {RegistryHub} from '../../source/core/hub/registry/registry-hub.js';
import {openStore} from '../../source/core/store/store.js';
import {dockyard, tempHome} from '../helpers/cli.js';
import {buildImage, buildLayer, digestOf, type FakeImage, FakeRegistry, types} from '../helpers/fake-registry.js';

const env0 = {
	DOCKYARD_REGISTRY_RETRY_MS: '5',
	DOCKYARD_REGISTRY_STALL_MS: '500',
	DOCKYARD_REGISTRY_RETRIES: '2',
};

type Body = 'endless' | 'truncated' | 'lying';
type Where = 'uncompressed layer' | 'gzip layer' | 'manifest' | 'config' | 'token';

let registry: FakeRegistry;
let gzipImage: FakeImage;
let tarImage: FakeImage;
const streams = new Set<http.ServerResponse>();

/** The same files as `gzipImage`, in an uncompressed layer (`…layer.v1.tar`), as umoci and buildkit can push. */
async function uncompressedImage(files: Record<string, string | Buffer>): Promise<FakeImage> {
	const {tar} = await buildLayer(files);
	const configBytes = Buffer.from(JSON.stringify({
		created: '2026-01-01T00:00:00Z',
		architecture: 'amd64',
		os: 'linux',
		config: {Cmd: ['/bin/sh']},
		rootfs: {type: 'layers', diff_ids: [digestOf(tar)]},
		history: [{created: '2026-01-01T00:00:00Z', created_by: '/bin/sh -c #(nop) ADD file0 /'}],
	}));
	const config = {digest: digestOf(configBytes), bytes: configBytes, mediaType: types.ociConfig};
	const layers = [{digest: digestOf(tar), bytes: tar, mediaType: 'application/vnd.oci.image.layer.v1.tar'}];
	const manifest = Buffer.from(JSON.stringify({
		schemaVersion: 2,
		mediaType: types.ociManifest,
		config: {mediaType: config.mediaType, digest: config.digest, size: config.bytes.length},
		layers: layers.map(layer => ({mediaType: layer.mediaType, digest: layer.digest, size: layer.bytes.length})),
	}));
	return {manifest, manifestDigest: digestOf(manifest), mediaType: types.ociManifest, config, layers};
}

/** Junk, 64 KiB at a time, for as long as the client reads (bounded: 256 MiB, far past any limit dockyard sets). */
function endless(response: http.ServerResponse, contentType: string): void {
	streams.add(response);
	response.writeHead(200, {'Content-Type': contentType});
	const chunk = Buffer.alloc(64 * 1024, 0x41);
	let sent = 0;
	const more = () => {
		while (!response.destroyed && sent < 256 * 1024 * 1024) {
			sent += chunk.length;
			if (!response.write(chunk)) {
				response.once('drain', more);
				return;
			}
		}

		response.end();
	};

	response.on('close', () => {
		streams.delete(response);
	});
	more();
}

/** Half of the right bytes under the full Content-Length, then the connection is cut. */
function truncated(response: http.ServerResponse, bytes: Buffer, contentType: string): void {
	response.writeHead(200, {'Content-Type': contentType, 'Content-Length': bytes.length});
	response.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => {
		response.destroy();
	});
}

/** Content-Length says the right size; the bytes are all different (and the body shorter by one, then cut). */
function lying(response: http.ServerResponse, bytes: Buffer, contentType: string): void {
	response.writeHead(200, {'Content-Type': contentType, 'Content-Length': bytes.length});
	response.end(Buffer.alloc(bytes.length, 0x42));
}

function misbehave(where: Where, body: Body): void {
	const image = where === 'uncompressed layer' ? tarImage : gzipImage;
	const target = where === 'manifest'
		? {match: (url: string) => url.includes('/manifests/'), bytes: image.manifest, type: image.mediaType}
		: where === 'config'
			? {match: (url: string) => url.endsWith(image.config.digest), bytes: image.config.bytes, type: 'application/octet-stream'}
			: where === 'token'
				? {match: (url: string) => url.startsWith('/token'), bytes: Buffer.from(JSON.stringify({token: 'tok'})), type: 'application/json'}
				: {match: (url: string) => url.endsWith(image.layers[0]!.digest), bytes: image.layers[0]!.bytes, type: 'application/octet-stream'};
	registry.tokenAuth = where === 'token' ? {token: 'tok'} : undefined;
	registry.intercept = (request, response) => {
		if (!target.match(request.url ?? '')) {
			return false;
		}

		if (body === 'endless') {
			endless(response, target.type);
		} else if (body === 'truncated') {
			truncated(response, target.bytes, target.type);
		} else {
			lying(response, target.bytes, target.type);
		}

		return true;
	};
}

function repository(where: Where): string {
	return `${registry.domain}/${where === 'uncompressed layer' ? 'plain' : 'demo'}:latest`;
}

function listing(home: string, directory: string): string[] {
	const full = path.join(home, directory);
	return existsSync(full) ? readdirSync(full) : [];
}

function expectUntouched(home: string): void {
	expect(listing(home, 'tmp')).toEqual([]);
	expect(listing(home, 'leases')).toEqual([]);
	expect(listing(home, path.join('blobs', 'sha256'))).toEqual([]);
}

beforeAll(async () => {
	const noise = Buffer.alloc(256 * 1024);
	for (let index = 0; index < noise.length; index++) {
		noise[index] = (index * 7919) % 251;
	}

	const files = {'hello.txt': 'hello\n', 'noise.bin': noise};
	gzipImage = await buildImage({layers: [files]});
	tarImage = await uncompressedImage(files);
	registry = await FakeRegistry.start();
	registry.addImage('demo', 'latest', gzipImage);
	registry.addImage('plain', 'latest', tarImage);
});

afterAll(async () => {
	for (const response of streams) {
		response.destroy();
	}

	await registry.close();
});

const wheres: Where[] = ['uncompressed layer', 'gzip layer', 'manifest', 'config', 'token'];
const bodies: Body[] = ['endless', 'truncated', 'lying'];

describe('a registry whose bodies never end, break or lie', {timeout: 60_000}, () => {
	for (const where of wheres) {
		for (const body of bodies) {
			test(`${body} ${where}: the CLI says one line, exit 1, the store as it was`, async () => {
				misbehave(where, body);
				const {home, cleanup} = tempHome('dockyard-endless-');
				try {
					const dockerConfig = path.join(home, 'docker-config');
					mkdirSync(dockerConfig);
					const result = await dockyard(home, ['pull', repository(where)], {env: {...env0, DOCKER_CONFIG: dockerConfig}, timeoutMs: 40_000});
					expect(result.code, result.stderr).toBe(1);
					const lines = result.stderr.trimEnd().split('\n');
					expect(lines, result.stderr).toHaveLength(1);
					expect(lines[0]).toMatch(/^Error: /);
					expect(result.stderr).not.toMatch(/Unhandled|node:|at .*\.js:\d+/);
					expectUntouched(home);
				} finally {
					cleanup();
				}
			});

			test(`${body} ${where}: in process, store.pull() rejects and the process lives`, async () => {
				misbehave(where, body);
				const {home, cleanup} = tempHome('dockyard-endless-');
				const unhandled: unknown[] = [];
				const onUncaught = (error: unknown) => unhandled.push(error);
				process.on('uncaughtException', onUncaught);
				try {
					const dockerConfig = path.join(home, 'docker-config');
					mkdirSync(dockerConfig);
					const environment = {...env0, DOCKER_CONFIG: dockerConfig};
					const store = openStore({home, hub: () => new RegistryHub(endpointFor(registry.domain, [], environment), {environment})});
					let failure: unknown;
					try {
						await store.pull(repository(where));
					} catch (error) {
						failure = error;
					}

					expect(failure).toBeInstanceOf(DockyardError);
					expect((failure as Error).message).not.toContain('\n');
					// A stray 'error' event, were one still to come, has the time to be emitted.
					await new Promise(resolve => {
						setTimeout(resolve, 50);
					});
					expect(unhandled).toEqual([]);
					expect(store.read().images).toEqual([]);
					expectUntouched(home);
				} finally {
					process.off('uncaughtException', onUncaught);
					cleanup();
				}
			});
		}
	}
});
