/**
 * The engine's summaries → dockyard's neutral model. Both engines answer in
 * the Engine API's shape but not alike: podman gives a bare-hex ParentId (and
 * history ids), docker `""` for no parent, `Containers: -1`, `Labels: null`,
 * `RepoDigests: null`, and `<none>:<none>` / `<none>@<none>` for an image
 * with no name. Everything read here is text from outside: control
 * characters are removed before it goes anywhere.
 */
import {labels} from '../oci.js';
import {canonicalName, familiarString, parseReference} from '../reference.js';
import {cleanText} from '../text.js';
import type {Container, ContainerState, HistoryRow, Image} from '../backend/model.js';
import type {ContainerConfig, ContainerInspect, ContainerSummary, HistoryResponseItem, ImageInspect, ImageSummary} from './engine-types.js';

/** `sha256:<hex>` whichever way the engine wrote it; undefined for "" or a null. */
export function engineId(value: string | null | undefined): string | undefined {
	if (!value) {
		return undefined;
	}

	return /^[\da-f]{64}$/.test(value) ? `sha256:${value}` : cleanText(value);
}

/** Unix seconds → ISO 8601. */
export function isoTime(seconds: number | undefined): string {
	return new Date((Number.isFinite(seconds) ? seconds! : 0) * 1000).toISOString();
}

/** A RepoTag as dockyard writes tags (`busybox:latest`, `localhost/x:1`); undefined for `<none>:<none>` or nonsense. */
export function familiarTag(tag: string): string | undefined {
	if (tag.startsWith('<none>')) {
		return undefined;
	}

	try {
		return familiarString(parseReference(tag));
	} catch {
		return undefined;
	}
}

/** A RepoDigest in the canonical form the store keeps (`docker.io/library/x@sha256:…`). */
function canonicalRepoDigest(value: string): string | undefined {
	if (value.startsWith('<none>')) {
		return undefined;
	}

	try {
		const reference = parseReference(value);
		return reference.digest ? `${canonicalName(reference)}@${reference.digest}` : undefined;
	} catch {
		return undefined;
	}
}

function cleanLabels(raw: Record<string, string> | null | undefined): Record<string, string> | undefined {
	if (!raw || typeof raw !== 'object') {
		return undefined;
	}

	return Object.fromEntries(Object.entries(raw).map(([key, value]) => [cleanText(key), cleanText(String(value))]));
}

export function imageOf(summary: ImageSummary): Image {
	const imageLabels = cleanLabels(summary.Labels);
	const tags = [...new Set((summary.RepoTags ?? []).map(tag => familiarTag(tag)).filter((tag): tag is string => tag !== undefined))];
	return {
		id: engineId(summary.Id) ?? '',
		parent: engineId(summary.ParentId),
		tags,
		repoDigests: (summary.RepoDigests ?? []).map(digest => canonicalRepoDigest(digest)).filter((digest): digest is string => digest !== undefined),
		created: isoTime(summary.Created),
		size: Math.max(0, Number(summary.Size) || 0),
		containerCount: Number.isInteger(summary.Containers) ? summary.Containers : -1,
		labels: imageLabels,
		// The PowerShell columns come from the same labels the store reads (see oci.ts); a blank one (a commit's
		// way of leaving its parent's off, commit-changes.ts) is none.
		title: imageLabels?.[labels.title] || undefined,
		publisher: imageLabels?.[labels.vendor] || undefined,
		version: imageLabels?.[labels.version] || undefined,
	};
}

/** Paused and restarting containers hold a process: for the removal rules they are running. */
function stateOf(state: string): ContainerState {
	switch (state) {
		case 'created': {
			return 'created';
		}

		case 'running':
		case 'paused':
		case 'restarting':
		case 'removing': {
			return 'running';
		}

		default: {
			return 'exited';
		}
	}
}

export function containerOf(summary: ContainerSummary): Container {
	const name = summary.Names?.[0] ?? summary.Id.slice(0, 12);
	return {
		id: summary.Id,
		name: cleanText(name.replace(/^\//, '')),
		image: engineId(summary.ImageID) ?? '',
		imageRef: cleanText(summary.Image ?? ''),
		command: cleanText(summary.Command ?? ''),
		created: isoTime(summary.Created),
		status: stateOf(summary.State),
		statusText: cleanText(summary.Status ?? ''),
	};
}

export function historyRowOf(item: HistoryResponseItem): HistoryRow {
	return {
		id: item.Id === '<missing>' ? '<missing>' : engineId(item.Id) ?? '<missing>',
		created: isoTime(item.Created),
		// As the engine gave them: the listing escapes controls as it prints, and a tab stays a column, as in docker's table.
		createdBy: item.CreatedBy ?? '',
		size: Math.max(0, Number(item.Size) || 0),
		comment: item.Comment ?? '',
	};
}

// --- the other direction: dockyard's model → the wire, for `dockyard serve` ---
// Shaped as dockerd 20.10 answers API v1.41, so the docker CLI (and anyone
// comparing bytes) reads the store exactly as it reads a daemon.

/** ISO 8601 → unix seconds. */
export function unixSeconds(iso: string): number {
	const ms = Date.parse(iso);
	return Number.isFinite(ms) ? Math.floor(ms / 1000) : 0;
}

/** A `GET /images/json` row; docker's placeholders for an image with no name. */
export function imageSummaryOf(image: Image & {containers?: string[]}): ImageSummary {
	return {
		// dockerd counts only when asked (system df); the store counts for free, so a client can tell which images are in use.
		Containers: image.containers?.length ?? -1,
		Created: unixSeconds(image.created),
		Id: image.id,
		Labels: image.labels && Object.keys(image.labels).length > 0 ? {...image.labels} : null,
		ParentId: image.parent ?? '',
		RepoDigests: image.repoDigests.length > 0 ? image.repoDigests.map(digest => familiarRepoDigest(digest)) : (image.tags.length > 0 ? [] : ['<none>@<none>']),
		RepoTags: image.tags.length > 0 ? [...image.tags] : ['<none>:<none>'],
		SharedSize: -1,
		Size: image.size,
		VirtualSize: image.size,
	};
}

/** `docker.io/library/x@sha256:…` → `x@sha256:…`, as dockerd lists repo digests. */
export function familiarRepoDigest(value: string): string {
	try {
		const reference = parseReference(value);
		return `${familiarString({...reference, tag: undefined, digest: undefined})}@${reference.digest}`;
	} catch {
		return value;
	}
}

/** A `GET /containers/json` row: the store runs no process, so nothing listens and nothing is mounted. */
export function containerSummaryOf(container: Container): ContainerSummary {
	return {
		Id: container.id,
		Names: [`/${container.name}`],
		Image: container.imageRef,
		ImageID: container.image,
		Command: container.command,
		Created: unixSeconds(container.created),
		Ports: [],
		Labels: {},
		State: container.status,
		Status: container.statusText ?? (container.status === 'created' ? 'Created' : container.status === 'running' ? 'Up' : 'Exited (0)'),
		HostConfig: {NetworkMode: 'none'},
		NetworkSettings: {Networks: {}},
		Mounts: [],
	};
}

/** A `GET /images/{name}/history` row; `tags` are the names of the image that step produced. */
export function historyItemOf(row: HistoryRow, tags: string[] = []): HistoryResponseItem {
	return {
		Comment: row.comment,
		Created: unixSeconds(row.created),
		CreatedBy: row.createdBy,
		Id: row.id,
		Size: row.size,
		Tags: tags.length > 0 ? tags : null,
	};
}

/**
 * A backend's `inspect` document as dockerd's `GET /images/{name}/json`:
 * docker's fields in docker's order, and nothing else (the store's own
 * `Dockyard` section stays with `dockyard inspect`).
 */
export function imageInspectOf(document: Record<string, unknown>): ImageInspect {
	const field = <T>(name: string, fallback: T): T => (document[name] ?? fallback) as T;
	const config = field<ContainerConfig | null>('Config', null);
	const size = field<number>('Size', 0);
	return {
		Id: field('Id', ''),
		RepoTags: field<string[]>('RepoTags', []),
		RepoDigests: field<string[]>('RepoDigests', []).map(digest => familiarRepoDigest(digest)),
		Parent: field('Parent', ''),
		Comment: field('Comment', ''),
		Created: field('Created', ''),
		Container: field('Container', ''),
		ContainerConfig: config,
		DockerVersion: field('DockerVersion', ''),
		Author: field('Author', ''),
		Config: config,
		Architecture: field('Architecture', ''),
		Os: field('Os', ''),
		Size: size,
		VirtualSize: size,
		GraphDriver: {Data: null, Name: 'dockyard'},
		RootFS: field('RootFS', {Type: 'layers'}),
		Metadata: field('Metadata', {LastTagTime: '0001-01-01T00:00:00Z'}),
	};
}

/** docker's `GET /containers/{id}/json` of a container; the store runs none, so it never started. */
export function containerInspectOf(container: Container): ContainerInspect {
	const [path = '', ...args] = container.command.split(' ').filter(Boolean);
	const never = '0001-01-01T00:00:00Z';
	return {
		Id: container.id,
		Created: container.created,
		Path: path,
		Args: args,
		State: {
			Status: container.status,
			Running: container.status === 'running',
			Paused: false,
			Restarting: false,
			OOMKilled: false,
			Dead: false,
			Pid: 0,
			ExitCode: 0,
			Error: '',
			StartedAt: never,
			FinishedAt: never,
		},
		Image: container.image,
		Name: `/${container.name}`,
		RestartCount: 0,
		Driver: 'dockyard',
		Platform: 'linux',
		HostConfig: {NetworkMode: 'none'},
		Mounts: [],
		Config: {Image: container.imageRef, Cmd: container.command === '' ? null : [path, ...args]},
		NetworkSettings: {Networks: {}},
	};
}
