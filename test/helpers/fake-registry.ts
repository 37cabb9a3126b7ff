/**
 * A tiny OCI registry on 127.0.0.1 (node:http, port 0) that serves images the
 * test builds itself, and that a test can tell to misbehave: `intercept`
 * sees every request first and may answer it in its own way.
 */
import {createHash} from 'node:crypto';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {gzipSync} from 'node:zlib';
import tar from 'tar-stream';

export const types = {
	ociIndex: 'application/vnd.oci.image.index.v1+json',
	ociManifest: 'application/vnd.oci.image.manifest.v1+json',
	ociConfig: 'application/vnd.oci.image.config.v1+json',
	ociLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
	dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
} as const;

export function digestOf(bytes: Uint8Array | string): string {
	return 'sha256:' + createHash('sha256').update(bytes).digest('hex');
}

export type Blob = {digest: string; bytes: Buffer; mediaType: string};

export type FakeImage = {
	manifest: Buffer;
	manifestDigest: string;
	mediaType: string;
	config: Blob;
	layers: Blob[];
};

/** A gzip layer holding the given files, as tar-stream writes them (deterministic bytes). */
export async function buildLayer(files: Record<string, string | Buffer>): Promise<{gzip: Buffer; tar: Buffer}> {
	const pack = tar.pack();
	const chunks: Buffer[] = [];
	pack.on('data', (chunk: unknown) => {
		chunks.push(chunk as Buffer);
	});
	const ended = new Promise<void>(resolve => {
		pack.on('end', () => {
			resolve();
		});
	});
	for (const [name, content] of Object.entries(files)) {
		pack.entry({name, mtime: new Date(0), mode: 0o644, uid: 0, gid: 0}, content);
	}

	pack.finalize();
	await ended;
	const tarBytes = Buffer.concat(chunks);
	return {tar: tarBytes, gzip: gzipSync(tarBytes, {level: 1})};
}

/** A small image: one layer per entry of `layers`, an OCI manifest (or Docker schema 2) and a config with history. */
export async function buildImage(options: {
	layers?: Array<Record<string, string | Buffer>>;
	architecture?: string;
	os?: string;
	variant?: string;
	mediaType?: string;
	/** The config's history, one step per layer (default: an ADD per layer). */
	history?: Array<{created_by?: string; comment?: string}>;
	labels?: Record<string, string>;
} = {}): Promise<FakeImage> {
	const layerFiles = options.layers ?? [{'hello.txt': 'hello from the fake registry\n'}];
	const built = await Promise.all(layerFiles.map(async files => buildLayer(files)));
	const docker = options.mediaType === types.dockerManifest;
	const layers = built.map(layer => ({digest: digestOf(layer.gzip), bytes: layer.gzip, mediaType: docker ? 'application/vnd.docker.image.rootfs.diff.tar.gzip' : types.ociLayerGzip}));
	const configJson = {
		created: '2026-01-01T00:00:00Z',
		architecture: options.architecture ?? 'amd64',
		os: options.os ?? 'linux',
		...(options.variant ? {variant: options.variant} : {}),
		config: {Cmd: ['/bin/sh'], ...(options.labels ? {Labels: options.labels} : {})},
		rootfs: {type: 'layers', diff_ids: built.map(layer => digestOf(layer.tar))},
		history: options.history?.map(step => ({created: '2026-01-01T00:00:00Z', ...step}))
			?? built.map((_, index) => ({created: '2026-01-01T00:00:00Z', created_by: `/bin/sh -c #(nop) ADD file${index} /`})),
	};
	const configBytes = Buffer.from(JSON.stringify(configJson));
	const config = {digest: digestOf(configBytes), bytes: configBytes, mediaType: docker ? 'application/vnd.docker.container.image.v1+json' : types.ociConfig};
	const mediaType = options.mediaType ?? types.ociManifest;
	const manifest = Buffer.from(JSON.stringify({
		schemaVersion: 2,
		mediaType,
		config: {mediaType: config.mediaType, digest: config.digest, size: config.bytes.length},
		layers: layers.map(layer => ({mediaType: layer.mediaType, digest: layer.digest, size: layer.bytes.length})),
	}));
	return {manifest, manifestDigest: digestOf(manifest), mediaType, config, layers};
}

/** An OCI index over several images, each with its platform; an attestation entry first, as buildkit writes it. */
export function buildIndex(entries: Array<{image: FakeImage; platform: {os: string; architecture: string; variant?: string}}>, attestation?: FakeImage): {bytes: Buffer; digest: string} {
	const manifests: unknown[] = [];
	if (attestation) {
		manifests.push({
			mediaType: types.ociManifest,
			digest: attestation.manifestDigest,
			size: attestation.manifest.length,
			platform: {os: 'unknown', architecture: 'unknown'},
			annotations: {'vnd.docker.reference.type': 'attestation-manifest'},
		});
	}

	for (const {image, platform} of entries) {
		manifests.push({mediaType: image.mediaType, digest: image.manifestDigest, size: image.manifest.length, platform});
	}

	const bytes = Buffer.from(JSON.stringify({schemaVersion: 2, mediaType: types.ociIndex, manifests}));
	return {bytes, digest: digestOf(bytes)};
}

export type Logged = {method: string; url: string; headers: http.IncomingHttpHeaders};

/** Return true when the request was answered. */
export type Intercept = (request: http.IncomingMessage, response: http.ServerResponse, registry: FakeRegistry) => boolean | Promise<boolean>;

type Repository = {tags: Map<string, string>; manifests: Map<string, {bytes: Buffer; mediaType: string}>; blobs: Map<string, Buffer>};

export type TokenAuth = {
	/** The token the registry accepts as `Bearer …`. */
	token: string;
	/** When set, the token endpoint wants these as Basic credentials. */
	username?: string;
	password?: string;
	/** Answer with `access_token` instead of `token`. */
	accessToken?: boolean;
	/** Accepted as an OAuth2 refresh token (POST /token). */
	identityToken?: string;
	/** `expires_in` of the tokens given. */
	expiresIn?: number;
};

export class FakeRegistry {
	readonly server: http.Server;
	readonly requests: Logged[] = [];
	readonly repositories = new Map<string, Repository>();
	intercept?: Intercept;
	/** Bearer auth: `/v2/` answers 401 with a challenge naming `/token` on this server. */
	tokenAuth?: TokenAuth;
	/** Basic auth on every /v2/ request. */
	basicAuth?: {username: string; password: string};
	/** Scopes asked of the token endpoint, in order. */
	readonly tokenScopes: string[] = [];
	/** Forms POSTed to the token endpoint. */
	readonly tokenForms: Array<Record<string, string>> = [];
	/** Catalog page size when the client does not say (to test Link pagination). */
	catalogPage = 2;
	readonly #sockets = new Set<import('node:net').Socket>();

	private constructor() {
		this.server = http.createServer((request, response) => {
			void this.#handle(request, response).catch((error: unknown) => {
				if (!response.headersSent) {
					response.writeHead(500);
				}

				response.end(String(error));
			});
		});
		this.server.on('connection', socket => {
			this.#sockets.add(socket);
			socket.on('close', () => this.#sockets.delete(socket));
		});
	}

	static async start(): Promise<FakeRegistry> {
		const registry = new FakeRegistry();
		await new Promise<void>(resolve => {
			registry.server.listen(0, '127.0.0.1', resolve);
		});
		return registry;
	}

	get port(): number {
		return (this.server.address() as AddressInfo).port;
	}

	/** `127.0.0.1:PORT`: the reference domain. */
	get domain(): string {
		return `127.0.0.1:${this.port}`;
	}

	get origin(): string {
		return `http://${this.domain}`;
	}

	repository(name: string): Repository {
		let repository = this.repositories.get(name);
		if (!repository) {
			repository = {tags: new Map(), manifests: new Map(), blobs: new Map()};
			this.repositories.set(name, repository);
		}

		return repository;
	}

	/** Serves the image under `name:tag`. */
	addImage(name: string, tag: string, image: FakeImage): void {
		const repository = this.repository(name);
		repository.manifests.set(image.manifestDigest, {bytes: image.manifest, mediaType: image.mediaType});
		repository.tags.set(tag, image.manifestDigest);
		for (const blob of [image.config, ...image.layers]) {
			repository.blobs.set(blob.digest, blob.bytes);
		}
	}

	addIndex(name: string, tag: string, index: {bytes: Buffer; digest: string}, images: FakeImage[]): void {
		for (const image of images) {
			this.addImage(name, `image-${image.manifestDigest.slice(7, 19)}`, image);
		}

		const repository = this.repository(name);
		repository.manifests.set(index.digest, {bytes: index.bytes, mediaType: types.ociIndex});
		repository.tags.set(tag, index.digest);
	}

	requestsFor(pattern: RegExp): Logged[] {
		return this.requests.filter(request => pattern.test(request.url));
	}

	async close(): Promise<void> {
		for (const socket of this.#sockets) {
			socket.destroy();
		}

		await new Promise<void>(resolve => {
			this.server.close(() => {
				resolve();
			});
		});
	}

	async #handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
		this.requests.push({method: request.method ?? 'GET', url: request.url ?? '/', headers: request.headers});
		if (this.intercept && await this.intercept(request, response, this)) {
			return;
		}

		const url = new URL(request.url ?? '/', this.origin);
		if (url.pathname === '/token') {
			if (request.method === 'POST') {
				// OAuth2, as docker asks with an identity token: the form's fields go where a GET's query would.
				let body = '';
				for await (const chunk of request) {
					body += String(chunk);
				}

				const form = new URLSearchParams(body);
				this.tokenForms.push(Object.fromEntries(form));
				for (const [key, value] of form) {
					if (key === 'scope') {
						for (const scope of value.split(' ')) {
							url.searchParams.append('scope', scope);
						}
					}
				}

				if (this.tokenAuth?.identityToken !== undefined && form.get('refresh_token') !== this.tokenAuth.identityToken) {
					errorReply(response, 401, 'UNAUTHORIZED', 'bad refresh token');
					return;
				}

				if (this.tokenAuth) {
					this.tokenScopes.push(...url.searchParams.getAll('scope'));
					json(response, 200, {access_token: this.tokenAuth.token, expires_in: 300});
					return;
				}
			}

			this.#token(request, url, response);
			return;
		}

		if (!this.#authorised(request, response)) {
			return;
		}

		if (url.pathname === '/v2/' || url.pathname === '/v2') {
			json(response, 200, {});
			return;
		}

		if (url.pathname === '/v2/_catalog') {
			this.#catalog(url, response);
			return;
		}

		const match = /^\/v2\/(.+)\/(manifests|blobs|tags)\/(.+)$/.exec(url.pathname);
		if (!match) {
			errorReply(response, 404, 'NOT_FOUND', 'not found');
			return;
		}

		const [, name, kind, rest] = match as unknown as [string, string, string, string];
		const repository = this.repositories.get(name);
		if (!repository) {
			errorReply(response, 404, 'NAME_UNKNOWN', 'repository name not known to registry');
			return;
		}

		if (kind === 'tags' && rest === 'list') {
			json(response, 200, {name, tags: [...repository.tags.keys()]});
			return;
		}

		if (kind === 'manifests') {
			const digest = rest.startsWith('sha256:') ? rest : repository.tags.get(rest);
			const manifest = digest ? repository.manifests.get(digest) : undefined;
			if (!manifest || !digest) {
				errorReply(response, 404, 'MANIFEST_UNKNOWN', 'manifest unknown');
				return;
			}

			response.writeHead(200, {'Content-Type': manifest.mediaType, 'Docker-Content-Digest': digest, 'Content-Length': manifest.bytes.length});
			response.end(request.method === 'HEAD' ? undefined : manifest.bytes);
			return;
		}

		const blob = repository.blobs.get(rest);
		if (!blob) {
			errorReply(response, 404, 'BLOB_UNKNOWN', 'blob unknown to registry');
			return;
		}

		sendBlob(request, response, blob);
	}

	#authorised(request: http.IncomingMessage, response: http.ServerResponse): boolean {
		const header = request.headers.authorization ?? '';
		if (this.basicAuth) {
			const expected = `Basic ${Buffer.from(`${this.basicAuth.username}:${this.basicAuth.password}`).toString('base64')}`;
			if (header !== expected) {
				response.setHeader('WWW-Authenticate', 'Basic realm="fake"');
				errorReply(response, 401, 'UNAUTHORIZED', 'authentication required');
				return false;
			}
		}

		if (this.tokenAuth && header !== `Bearer ${this.tokenAuth.token}`) {
			response.setHeader('WWW-Authenticate', `Bearer realm="${this.origin}/token",service="fake-registry"`);
			errorReply(response, 401, 'UNAUTHORIZED', 'authentication required');
			return false;
		}

		return true;
	}

	#token(request: http.IncomingMessage, url: URL, response: http.ServerResponse): void {
		const auth = this.tokenAuth;
		this.tokenScopes.push(...url.searchParams.getAll('scope'));
		if (!auth) {
			errorReply(response, 404, 'NOT_FOUND', 'no token service');
			return;
		}

		if (auth.username !== undefined) {
			const expected = `Basic ${Buffer.from(`${auth.username}:${auth.password ?? ''}`).toString('base64')}`;
			if (request.headers.authorization !== expected) {
				errorReply(response, 401, 'UNAUTHORIZED', 'bad credentials');
				return;
			}
		}

		const expires = auth.expiresIn ?? 300;
		json(response, 200, auth.accessToken ? {access_token: auth.token, expires_in: expires} : {token: auth.token, expires_in: expires});
	}

	#catalog(url: URL, response: http.ServerResponse): void {
		const names = [...this.repositories.keys()].sort();
		const n = Number(url.searchParams.get('n') ?? this.catalogPage) || this.catalogPage;
		const size = Math.min(n, this.catalogPage);
		const last = url.searchParams.get('last');
		const start = last ? names.findIndex(name => name > last) : 0;
		const page = start === -1 ? [] : names.slice(start, start + size);
		const more = start !== -1 && start + size < names.length;
		if (more) {
			// Relative and URL-encoded, as distribution writes it.
			response.setHeader('Link', `</v2/_catalog?last=${encodeURIComponent(page.at(-1)!)}&n=${size}>; rel="next"`);
		}

		json(response, 200, {repositories: page});
	}
}

export function json(response: http.ServerResponse, status: number, body: unknown): void {
	const bytes = Buffer.from(JSON.stringify(body));
	response.writeHead(status, {'Content-Type': 'application/json', 'Content-Length': bytes.length});
	response.end(bytes);
}

export function errorReply(response: http.ServerResponse, status: number, code: string, message: string): void {
	json(response, status, {errors: [{code, message}]});
}

/** A blob, honouring `Range: bytes=N-` with a 206. */
export function sendBlob(request: http.IncomingMessage, response: http.ServerResponse, blob: Buffer): void {
	const range = /^bytes=(\d+)-$/.exec(request.headers.range ?? '');
	if (range && Number(range[1]) < blob.length) {
		const start = Number(range[1]);
		response.writeHead(206, {'Content-Type': 'application/octet-stream', 'Content-Length': blob.length - start, 'Content-Range': `bytes ${start}-${blob.length - 1}/${blob.length}`});
		response.end(blob.subarray(start));
		return;
	}

	response.writeHead(200, {'Content-Type': 'application/octet-stream', 'Content-Length': blob.length});
	response.end(blob);
}
