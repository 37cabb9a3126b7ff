/**
 * A typed Docker Engine API v1.41 client for podman and docker: each method is
 * one endpoint, returns the engine's own JSON (engine-types.ts), and turns an
 * error answer into NotFoundError / ConflictError / EngineError in the
 * engine's words. Nothing here decides policy: a removal is never forced
 * unless the caller says `force: true`.
 */
import type {Readable} from 'node:stream';
import {EngineError} from '../errors.js';
import type {
	ContainerCreateRequest,
	ContainerCreateResponse,
	ContainerConfig,
	ContainerSummary,
	EnginePing,
	HistoryResponseItem,
	IdResponse,
	ImageDeleteResponseItem,
	ImageInspect,
	ImageSearchResult,
	ImageSummary,
	JSONMessage,
	PodmanSearchResult,
	SystemVersion,
} from './engine-types.js';
import {EngineNotFoundError} from './errors.js';
import {EventStream, type EventOptions} from './events.js';
import {type EngineAddress, parseEngineHost} from './host.js';
import {apiVersion, drain, EngineTransport, type TransportOptions} from './http.js';
import {loadedNames, loadLines, progressMessages, summarise, type PullSummary} from './progress.js';

export type EngineKind = 'docker' | 'podman';

export type PullOptions = {
	/** `os/arch[/variant]`. */
	platform?: string;
	signal?: AbortSignal;
	/** Each progress line as the engine sends it (docker's rich words or podman's sparse ones). */
	onProgress?: (line: JSONMessage) => void;
	/** A registry credential, as docker's `X-Registry-Auth` (registry-auth.ts). */
	registryAuth?: string;
};

export type PushOptions = {
	signal?: AbortSignal;
	/** Each progress line as the engine sends it. */
	onProgress?: (line: JSONMessage) => void;
	/** A registry credential, as docker's `X-Registry-Auth` (registry-auth.ts); docker sends `e30=` for none. */
	registryAuth?: string;
};

export type CommitOptions = {
	container: string;
	repo?: string;
	tag?: string;
	comment?: string;
	author?: string;
	/** Dockerfile instructions to apply (`CMD ["sh"]`, …). */
	changes?: string[];
	pause?: boolean;
	/** The config to merge into the image's (podman needs a body; `{}` is sent when none). */
	config?: ContainerConfig;
};

export type LoadResult = {
	/** `name:tag` (or `sha256:…` for an untagged image) of each image the archive brought in. */
	loaded: string[];
	/** What docker's CLI prints of the answer (`Loaded image: …`), line by line. */
	lines: string[];
	messages: JSONMessage[];
};

/** The libpod API version dockyard speaks for podman's own endpoints (podman 4.x serves 4.0.0 and up). */
const libpodApiVersion = '4.0.0';

/** Pull and load may be silent for minutes while a layer is fetched or unpacked. */
const slowIdleMs = 10 * 60_000;

export class EngineClient {
	/**
	 * Pings the engine at `host` (`unix:///…`, `tcp://…`) and checks it speaks
	 * API 1.41 or newer; an engine that is not there throws docker's sentence.
	 */
	static async connect(host: string | {host: string; address: EngineAddress}, options: TransportOptions & {signal?: AbortSignal} = {}): Promise<EngineClient> {
		const target = typeof host === 'string' ? parseEngineHost(host) : host;
		const client = new EngineClient(new EngineTransport(target.host, target.address, options));
		const ping = await client.ping(options.signal);
		if (compareVersions(ping.apiVersion, apiVersion) < 0) {
			throw new EngineError(`the engine at ${target.host} speaks Engine API ${ping.apiVersion}; dockyard needs ${apiVersion} or newer`);
		}

		client.pinged = ping;
		return client;
	}

	/** What the last ping said (set by connect). */
	pinged: EnginePing | undefined;

	constructor(readonly transport: EngineTransport) {}

	/** Ends what the connection keeps open (over ssh: its processes); the next request opens it again. */
	async close(): Promise<void> {
		await this.transport.close();
	}

	/** `unix:///…` or `tcp://host:port`, as docker shows it. */
	get host(): string {
		return this.transport.host;
	}

	/** podman says who it is in its ping headers; anything else is taken as docker. */
	get kind(): EngineKind {
		return this.pinged?.libpodApiVersion ? 'podman' : 'docker';
	}

	/** `GET /_ping`: the API version and server from the headers. */
	async ping(signal?: AbortSignal): Promise<EnginePing> {
		const response = await this.transport.open({path: '/_ping', unversioned: true, signal});
		await drain(response.body, 4096, 'GET /_ping');
		if (response.status !== 200) {
			throw new EngineError(`the engine at ${this.host} answered GET /_ping with HTTP ${response.status}`);
		}

		const header = (name: string) => {
			const value = response.headers[name];
			return Array.isArray(value) ? value[0] : value;
		};

		return {
			// An engine that does not say is taken to be at the version dockyard speaks.
			apiVersion: header('api-version') ?? apiVersion,
			server: header('server'),
			osType: header('ostype'),
			libpodApiVersion: header('libpod-api-version'),
		};
	}

	async version(signal?: AbortSignal): Promise<SystemVersion> {
		return this.transport.json<SystemVersion>({path: '/version', signal});
	}

	// --- images -----------------------------------------------------------------

	/** `GET /images/json`; `all` adds intermediate images, as `docker images -a`. */
	async images(options: {all?: boolean; digests?: boolean; filters?: Record<string, string[]>; signal?: AbortSignal} = {}): Promise<ImageSummary[]> {
		const images = await this.transport.json<ImageSummary[] | null>({
			path: '/images/json',
			query: {
				all: options.all ? '1' : undefined,
				digests: options.digests ? '1' : undefined,
				filters: options.filters ? JSON.stringify(options.filters) : undefined,
			},
			signal: options.signal,
		});
		return images ?? [];
	}

	async inspectImage(name: string, signal?: AbortSignal): Promise<ImageInspect> {
		return this.transport.json<ImageInspect>({path: `/images/${pathName(name)}/json`, signal});
	}

	/** `docker diff`: the container's changed paths (dockerd answers `null` for none). */
	async containerChanges(id: string, signal?: AbortSignal): Promise<Array<{Path: string; Kind: 0 | 1 | 2}>> {
		return (await this.transport.json<Array<{Path: string; Kind: 0 | 1 | 2}> | null>({path: `/containers/${pathName(id)}/changes`, signal})) ?? [];
	}

	/** Newest first, `<missing>` where a layer is not an image of its own. */
	async history(name: string, signal?: AbortSignal): Promise<HistoryResponseItem[]> {
		return (await this.transport.json<HistoryResponseItem[] | null>({path: `/images/${pathName(name)}/history`, signal})) ?? [];
	}

	/**
	 * `GET /images/search`, in docker's shape for both engines: podman answers
	 * with libpod's keys (`Name`, `Stars`, `Official: "[OK]"`), and "no match"
	 * with a 404 (`image not known`) where docker answers `[]`.
	 */
	async search(term: string, options: {limit?: number; filters?: Record<string, string[]>; signal?: AbortSignal} = {}): Promise<ImageSearchResult[]> {
		try {
			const results = await this.transport.json<Array<ImageSearchResult | PodmanSearchResult> | null>({
				path: '/images/search',
				query: {
					term,
					limit: options.limit,
					filters: options.filters ? JSON.stringify(options.filters) : undefined,
				},
				signal: options.signal,
				// A search goes out to a registry: give it the time a registry takes.
				idleTimeoutMs: 120_000,
			});
			return (results ?? []).map(result => asDockerSearchResult(result));
		} catch (error) {
			if (error instanceof EngineNotFoundError && this.kind === 'podman') {
				return [];
			}

			throw error;
		}
	}

	/**
	 * Progress lines of `POST /images/create?fromImage=&tag=`, in order. An
	 * early failure is a thrown error with the engine's status; a failure
	 * reported inside the 200 stream (podman) throws when its line comes.
	 * `tag` is a tag or a `sha256:…` digest and is always sent (without it an
	 * engine pulls every tag).
	 */
	async * pullProgress(image: string, tag: string, options: Omit<PullOptions, 'onProgress'> = {}): AsyncGenerator<JSONMessage> {
		const response = await this.transport.stream({
			method: 'POST',
			path: '/images/create',
			query: {fromImage: image, tag, platform: options.platform},
			signal: options.signal,
			idleTimeoutMs: slowIdleMs,
			headers: options.registryAuth ? {'x-registry-auth': options.registryAuth} : undefined,
		});
		yield * progressMessages(response.body);
	}

	/** Pulls `image:tag` to the end, passing each progress line on; throws the first error line. */
	async pull(image: string, tag: string, options: PullOptions = {}): Promise<PullSummary> {
		let summary: PullSummary = {lines: 0};
		for await (const line of this.pullProgress(image, tag, options)) {
			summary = summarise(summary, line);
			options.onProgress?.(line);
		}

		return summary;
	}

	/**
	 * `POST /images/{name}/push?tag=`: progress lines in order (docker: the
	 * repository, a line per layer, `TAG: digest: … size: N`, an `aux`
	 * line; podman: the repository and the digest line). A failure, inside
	 * the 200 on both engines, throws when its line comes.
	 */
	async * pushProgress(name: string, tag: string, options: Omit<PushOptions, 'onProgress'> = {}): AsyncGenerator<JSONMessage> {
		const response = await this.transport.stream({
			method: 'POST',
			path: `/images/${pathName(name)}/push`,
			query: {tag},
			signal: options.signal,
			idleTimeoutMs: slowIdleMs,
			headers: options.registryAuth ? {'x-registry-auth': options.registryAuth} : undefined,
		});
		yield * progressMessages(response.body);
	}

	/** Pushes `name:tag` to the end, passing each progress line on; throws the first error line. */
	async push(name: string, tag: string, options: PushOptions = {}): Promise<JSONMessage[]> {
		const lines: JSONMessage[] = [];
		for await (const line of this.pushProgress(name, tag, options)) {
			lines.push(line);
			options.onProgress?.(line);
		}

		return lines;
	}

	/** `POST /images/{source}/tag?repo=&tag=`. */
	async tag(source: string, repo: string, tag: string, signal?: AbortSignal): Promise<void> {
		await this.transport.json<unknown>({method: 'POST', path: `/images/${pathName(source)}/tag`, query: {repo, tag}, signal});
	}

	/**
	 * podman's own `POST /libpod/images/{name}/untag?repo=&tag=`: drops a name
	 * even when it is the image's last, keeping the image (the Engine API has no
	 * untag). Podman only: docker has no such endpoint.
	 */
	async untag(name: string, repo: string, tag: string, signal?: AbortSignal): Promise<void> {
		await this.transport.json<unknown>({method: 'POST', path: `/v${libpodApiVersion}/libpod/images/${pathName(name)}/untag`, unversioned: true, query: {repo, tag}, signal});
	}

	/**
	 * `DELETE /images/{name}`. Never forced unless asked: podman's force
	 * removes the containers that use the image, even running ones.
	 */
	async removeImage(name: string, options: {force?: boolean; noprune?: boolean; signal?: AbortSignal} = {}): Promise<ImageDeleteResponseItem[]> {
		const answer = await this.transport.json<ImageDeleteResponseItem[] | null>({
			method: 'DELETE',
			path: `/images/${pathName(name)}`,
			query: {force: options.force === true ? 'true' : undefined, noprune: options.noprune === true ? 'true' : undefined},
			signal: options.signal,
		});
		return answer ?? [];
	}

	/** `GET /images/{name}/get` (one) or `GET /images/get?names=` (several): a docker-archive tar stream. */
	async exportImages(names: string[], signal?: AbortSignal): Promise<Readable> {
		if (names.length === 0) {
			throw new EngineError('no image to save');
		}

		const response = await this.transport.stream(names.length === 1
			? {path: `/images/${pathName(names[0]!)}/get`, signal, idleTimeoutMs: slowIdleMs}
			: {path: '/images/get', query: {names}, signal, idleTimeoutMs: slowIdleMs});
		return response.body;
	}

	/** `POST /images/load` with a docker-archive (or OCI) tar as the body; throws an `error` line of the answer. */
	async loadImages(archive: Readable | Uint8Array, options: {signal?: AbortSignal; onProgress?: (line: JSONMessage) => void; platform?: {os: string; architecture: string; variant?: string}} = {}): Promise<LoadResult> {
		const response = await this.transport.stream({
			method: 'POST',
			path: '/images/load',
			// docker load --platform: a JSON OCI platform (API 1.48+; an older engine ignores it and loads what it loads).
			query: options.platform ? {quiet: '1', platform: JSON.stringify(options.platform)} : {quiet: '1'},
			body: archive,
			contentType: 'application/x-tar',
			signal: options.signal,
			idleTimeoutMs: slowIdleMs,
		});
		const messages: JSONMessage[] = [];
		for await (const line of progressMessages(response.body)) {
			messages.push(line);
			options.onProgress?.(line);
		}

		return {loaded: loadedNames(messages), lines: loadLines(messages), messages};
	}

	// --- containers -------------------------------------------------------------

	/** `GET /containers/json?all=1`: every container, running or not, unless `all: false`. */
	async containers(options: {all?: boolean; filters?: Record<string, string[]>; signal?: AbortSignal} = {}): Promise<ContainerSummary[]> {
		const containers = await this.transport.json<ContainerSummary[] | null>({
			path: '/containers/json',
			query: {
				all: options.all === false ? undefined : '1',
				filters: options.filters ? JSON.stringify(options.filters) : undefined,
			},
			signal: options.signal,
		});
		return containers ?? [];
	}

	/** `POST /containers/create?name=`: a container as `docker create` makes it (nothing runs). */
	async createContainer(config: ContainerCreateRequest, options: {name?: string; platform?: string; signal?: AbortSignal} = {}): Promise<ContainerCreateResponse> {
		return this.transport.json<ContainerCreateResponse>({
			method: 'POST',
			path: '/containers/create',
			query: {name: options.name, platform: options.platform},
			json: config,
			signal: options.signal,
		});
	}

	/** `DELETE /containers/{id}`; `force` stops a running one first (never implied). */
	async removeContainer(id: string, options: {force?: boolean; volumes?: boolean; signal?: AbortSignal} = {}): Promise<void> {
		await this.transport.json<unknown>({
			method: 'DELETE',
			path: `/containers/${pathName(id)}`,
			query: {force: options.force === true ? 'true' : undefined, v: options.volumes === true ? 'true' : undefined},
			signal: options.signal,
		});
	}

	/** `PUT /containers/{id}/archive?path=`: unpacks a tar (bytes or a stream) into the container at `path`. */
	async putArchive(id: string, path: string, tar: Readable | Uint8Array, options: {signal?: AbortSignal} = {}): Promise<void> {
		await this.transport.json<unknown>({
			method: 'PUT',
			path: `/containers/${pathName(id)}/archive`,
			query: {path},
			body: tar,
			contentType: 'application/x-tar',
			signal: options.signal,
		});
	}

	/** `POST /commit`: a new image from a container's changes. */
	async commit(options: CommitOptions, signal?: AbortSignal): Promise<IdResponse> {
		return this.transport.json<IdResponse>({
			method: 'POST',
			path: '/commit',
			query: {
				container: options.container,
				repo: options.repo,
				tag: options.tag,
				comment: options.comment,
				author: options.author,
				changes: options.changes,
				pause: options.pause === undefined ? undefined : String(options.pause),
			},
			json: options.config ?? {},
			signal,
		});
	}

	// --- events -----------------------------------------------------------------

	/**
	 * A live subscription to `GET /events` (by default image and container
	 * events): await `ready`, then iterate; `stop()` ends it cleanly.
	 */
	events(options: EventOptions = {}): EventStream {
		return new EventStream(this.transport, {filters: {type: ['image', 'container']}, ...options});
	}
}

/** A search row in docker's shape, whichever engine sent it. */
export function asDockerSearchResult(result: ImageSearchResult | PodmanSearchResult): ImageSearchResult {
	if ('name' in result) {
		return result;
	}

	const mark = (value: unknown) => value === true || value === '[OK]';
	return {
		name: String(result.Name ?? ''),
		description: String(result.Description ?? ''),
		star_count: Number(result.Stars) || 0,
		is_official: mark(result.Official),
		is_automated: mark(result.Automated),
	};
}

/**
 * A name or id for a path segment: escaped, except the `/`, `:` and `@` of a
 * reference, which the engines' routers expect as they are.
 */
export function pathName(name: string): string {
	if (name === '') {
		throw new EngineError('an empty image or container name');
	}

	return encodeURIComponent(name).replaceAll('%2F', '/').replaceAll('%3A', ':').replaceAll('%40', '@');
}

/** Compares dotted versions numerically (`1.41` < `1.43`). */
export function compareVersions(left: string, right: string): number {
	const a = left.split('.').map(Number);
	const b = right.split('.').map(Number);
	for (let index = 0; index < Math.max(a.length, b.length); index++) {
		const difference = (a[index] ?? 0) - (b[index] ?? 0);
		if (Number.isNaN(difference)) {
			return 0;
		}

		if (difference !== 0) {
			return difference;
		}
	}

	return 0;
}
