/**
 * The neutral model every backend gives: images and containers shaped like
 * the Engine API's summaries (`GET /images/json`, `GET /containers/json`),
 * so that the embedded store and a Docker or Podman engine are read alike.
 * Field names are dockyard's; the Engine API field each one comes from is
 * named beside it.
 */

export type {LayerStatus, PullEvent} from '../store/pull.js';

export type Image = {
	/** `sha256:<hex>` (Id). */
	id: string;
	/** `sha256:<hex>` of the image this one was built from; none for a base image (ParentId). */
	parent?: string;
	/** Familiar references, e.g. `microsoft/iis:latest` (RepoTags). */
	tags: string[];
	/** `docker.io/microsoft/iis@sha256:…` (RepoDigests). */
	repoDigests: string[];
	/** ISO 8601 (Created, which the engine gives in unix seconds). */
	created: string;
	/** Bytes, as `docker images` SIZE (Size). */
	size: number;
	/** How many containers use it, as the engine counted them (Containers; dockerd's -1: not counted). The store counts its own. */
	containerCount?: number;
	/** Config labels (Labels); the store keeps only the PowerShell ones below. */
	labels?: Record<string, string>;
	/** PowerShell view: Name, Publisher (without CN=), Version, from the labels. */
	title?: string;
	publisher?: string;
	version?: string;
	os?: string;
	architecture?: string;
	/** The multi-platform index it was pulled through (the store keeps it): removing its last name takes the index's other platforms held, as docker 28 deletes the index. */
	index?: {digest: string};
	/** When it arrived here and when a pull last named it: which image a shared repo digest means. */
	added?: string;
	pulled?: string;
};

export type ContainerState = 'created' | 'running' | 'exited';

export type Container = {
	/** 64 hex characters (Id). */
	id: string;
	/** Without docker's leading slash (Names[0]). */
	name: string;
	/** Image id it was created from (ImageID). */
	image: string;
	/** What `docker ps` shows in IMAGE: the reference the user gave (Image). */
	imageRef: string;
	command: string;
	/** ISO 8601 (Created). */
	created: string;
	/** State. */
	status: ContainerState;
	/** `docker ps` STATUS, e.g. `Exited (0) 2 hours ago` (Status); derived from the state when absent. */
	statusText?: string;
	/** Files added with cp (the store's own record of the container layer). */
	changes?: Array<{path: string; size: number}>;
};

/** How a journalled action ended. */
export type JournalOutcome = 'done' | 'refused' | 'error';

/**
 * One action in the store's journal, with its docker and PowerShell
 * equivalents. The fields after `ok` came later: an older index has entries
 * without them (such an entry is `done` when ok, else `refused`: older
 * stores journalled only refusals).
 */
export type JournalEntry = {
	time: string;
	action: string;
	summary: string;
	docker: string[];
	/** The PowerShell commands; empty when there is no equivalent (`noPowershell` says why). */
	powershell: string[];
	ok: boolean;
	outcome?: JournalOutcome;
	/** The rule that refused it, in plain words. */
	rule?: string;
	/** Why PowerShell has no equivalent of this action. */
	noPowershell?: string;
	/** The part of the action the PowerShell commands do not do. */
	powershellNote?: string;
};

/** One row of `docker history`, newest first. */
export type HistoryRow = {
	/** The image this step produced, or `<missing>`. */
	id: string;
	created: string;
	createdBy: string;
	size: number;
	comment: string;
};
