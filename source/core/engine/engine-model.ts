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
import type {ContainerSummary, HistoryResponseItem, ImageSummary} from './engine-types.js';

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
		labels: imageLabels,
		// The PowerShell columns come from the same labels the store reads (see oci.ts).
		title: imageLabels?.[labels.title],
		publisher: imageLabels?.[labels.vendor],
		version: imageLabels?.[labels.version],
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
