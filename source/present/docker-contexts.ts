/**
 * The rows docker's formatter gives a `--format` template, field for field
 * as docker 28 computes them (names, truncation, `N/A`, sizes, times), and
 * the header names of each field. One Go-like struct per row: `{{.Size}}`,
 * `{{json .}}` and the default table all read these.
 */
import type {HistoryRow} from '../core/backend/model.js';
import type {SnapshotContainer} from '../core/backend/snapshot.js';
import {ellipsis} from './format.js';
import {GoStruct} from './go-template.js';
import {goHumanDuration, goHumanSize, goRfc3339, goTimeString} from '../core/go-units.js';
import type {ImageRow} from './images.js';

const unixSeconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);
const since = (iso: string, now: number) => `${goHumanDuration(now - unixSeconds(iso) * 1000)} ago`;

/** docker's Ellipsis: cut to a display width, the last column being `…`. */
export function dockerEllipsis(text: string, width: number): string {
	const characters = [...text];
	return characters.length <= width ? text : characters.slice(0, width - 1).join('') + '…';
}

/** stringid.TruncateID: the `sha256:` prefix off, 12 characters. */
function truncateId(id: string): string {
	const hex = id.includes(':') ? id.slice(id.indexOf(':') + 1) : id;
	return hex.slice(0, 12);
}

/** Go's strconv.Quote: `"…"` with `\"`, `\\`, `\n`, `\x07`-style escapes (what docker ps prints in COMMAND). */
export function goQuote(text: string): string {
	const named: Record<string, string> = {'\u0007': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '"': '\\"', '\\': '\\\\'};
	let quoted = '';
	for (const character of text) {
		const code = character.codePointAt(0)!;
		if (named[character]) {
			quoted += named[character];
		} else if (code < 0x20 || code === 0x7F) {
			quoted += `\\x${code.toString(16).padStart(2, '0')}`;
		} else if (code >= 0x80 && code <= 0x9F) {
			quoted += `\\u${code.toString(16).padStart(4, '0')}`;
		} else {
			quoted += character;
		}
	}

	return `"${quoted}"`;
}

export const imageHeaders: Record<string, string> = {
	ID: 'IMAGE ID', Repository: 'REPOSITORY', Tag: 'TAG', Digest: 'DIGEST', CreatedSince: 'CREATED', CreatedAt: 'CREATED AT',
	Size: 'SIZE', Containers: 'CONTAINERS', VirtualSize: 'SIZE', SharedSize: 'SHARED SIZE', UniqueSize: 'UNIQUE SIZE',
};

export const imageTableFormat = 'table {{.Repository}}\\t{{.Tag}}\\t{{.ID}}\\t{{if .CreatedSince }}{{.CreatedSince}}{{else}}N/A{{end}}\\t{{.Size}}';
export const imageTableFormatWithDigest = 'table {{.Repository}}\\t{{.Tag}}\\t{{.Digest}}\\t{{.ID}}\\t{{if .CreatedSince }}{{.CreatedSince}}{{else}}N/A{{end}}\\t{{.Size}}';

/** `digest`: whether docker fills DIGEST (--digests, or a format naming {{.Digest}}); otherwise it reads `<none>`. */
export function imageContext(row: ImageRow, options: {trunc: boolean; digest?: boolean; now?: number}): GoStruct {
	const now = options.now ?? Date.now();
	const created = unixSeconds(row.image.created);
	// An engine's own count (dockerd sends -1: N/A); the store counts its containers itself.
	const containers = row.image.containerCount ?? row.image.containers.length;
	return new GoStruct('*formatter.imageContext', {
		Containers: containers < 0 ? 'N/A' : String(containers),
		CreatedAt: () => goTimeString(created),
		CreatedSince: () => since(row.image.created, now),
		Digest: options.digest ? row.digest : '<none>',
		ID: options.trunc ? truncateId(row.image.id) : row.image.id,
		Repository: row.repository,
		SharedSize: 'N/A',
		Size: () => goHumanSize(row.image.size),
		Tag: row.tag,
		UniqueSize: 'N/A',
		VirtualSize: () => goHumanSize(row.image.size, 4),
	}, {asDockerContext: true});
}

export const historyHeaders: Record<string, string> = {
	ID: 'IMAGE', CreatedSince: 'CREATED', CreatedAt: 'CREATED AT', CreatedBy: 'CREATED BY', Size: 'SIZE', Comment: 'COMMENT',
};

export const historyTableFormat = 'table {{.ID}}\\t{{.CreatedSince}}\\t{{.CreatedBy}}\\t{{.Size}}\\t{{.Comment}}';

// docker history shows N/A for a step dated at or before 2000-01-01 (a zero or made-up date).
const historyEpoch = Date.UTC(2000, 0, 1) / 1000;

export function historyContext(row: HistoryRow, options: {trunc: boolean; now?: number}): GoStruct {
	const now = options.now ?? Date.now();
	const created = Number.isNaN(Date.parse(row.created)) ? 0 : unixSeconds(row.created);
	const createdBy = row.createdBy.replaceAll('\t', ' ');
	return new GoStruct('*image.historyContext', {
		Comment: row.comment,
		CreatedAt: () => goRfc3339(created),
		CreatedBy: options.trunc ? dockerEllipsis(createdBy, 45) : createdBy,
		CreatedSince: () => created <= historyEpoch ? 'N/A' : since(row.created, now),
		ID: options.trunc ? truncateId(row.id) : row.id,
		Size: () => goHumanSize(row.size),
	}, {asDockerContext: true});
}

export type SearchRow = {name: string; description: string; stars: number; official: boolean; automated: boolean};

export const searchHeaders: Record<string, string> = {
	Name: 'NAME', Description: 'DESCRIPTION', StarCount: 'STARS', IsOfficial: 'OFFICIAL', IsAutomated: 'AUTOMATED',
};

/** docker 28's table has no AUTOMATED column; the seed's has, and dockyard follows the seed by default (docker's is one --format away). */
export const searchTableFormat = 'table {{.Name}}\\t{{.Description}}\\t{{.StarCount}}\\t{{.IsOfficial}}\\t{{.IsAutomated}}';
export const dockerSearchTableFormat = 'table {{.Name}}\\t{{.Description}}\\t{{.StarCount}}\\t{{.IsOfficial}}';

export function searchContext(result: SearchRow, options: {trunc: boolean}): GoStruct {
	const mark = (value: boolean) => value ? '[OK]' : '';
	const description = result.description.replaceAll(/[\n\r]/g, ' ');
	return new GoStruct('*registry.searchContext', {
		// Cut with `...` as the seed's docker search printed it (docker 28 cuts with `…`).
		Description: options.trunc ? ellipsis(description, 45, '...') : description,
		IsAutomated: mark(result.automated),
		IsOfficial: mark(result.official),
		Name: result.name,
		StarCount: String(result.stars),
		// Marshalled, docker's marks read `true` / `false`.
	}, {asDockerContext: true, omit: ['IsAutomated'], overrides: {IsOfficial: String(result.official)}});
}

export const containerHeaders: Record<string, string> = {
	ID: 'CONTAINER ID', Names: 'NAMES', Image: 'IMAGE', Command: 'COMMAND', CreatedAt: 'CREATED AT', RunningFor: 'CREATED',
	Ports: 'PORTS', State: 'STATE', Status: 'STATUS', Size: 'SIZE', Labels: 'LABELS', Mounts: 'MOUNTS', LocalVolumes: 'LOCAL VOLUMES',
	Networks: 'NETWORKS', Platform: 'PLATFORM',
};

export const containerTableFormat = 'table {{.ID}}\\t{{.Image}}\\t{{.Command}}\\t{{.RunningFor}}\\t{{.Status}}\\t{{.Ports}}\\t{{.Names}}';

export function containerContext(container: SnapshotContainer, options: {trunc: boolean; now?: number}): GoStruct {
	const now = options.now ?? Date.now();
	return new GoStruct('*formatter.ContainerContext', {
		Command: goQuote(options.trunc ? dockerEllipsis(container.command, 20) : container.command),
		CreatedAt: () => goTimeString(unixSeconds(container.created)),
		ID: options.trunc ? truncateId(container.id) : container.id,
		Image: container.imageRef === '' ? '<no image>' : container.imageRef,
		Labels: '',
		LocalVolumes: '0',
		Mounts: '',
		Names: container.name,
		Networks: '',
		Platform: null,
		Ports: '',
		RunningFor: () => since(container.created, now),
		Size: '0B',
		State: container.status,
		Status: container.statusText,
	}, {asDockerContext: true});
}

