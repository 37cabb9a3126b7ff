/**
 * The Docker Engine API v1.41 as it travels on the wire, with docker's own
 * field names and casing. Kept apart from dockyard's model so the same types
 * can later describe what dockyard SERVES as well as what it reads. Fields
 * podman or docker may leave out, or send as null, are typed that way:
 * docker sends `Labels: null`, `RepoDigests: null` and `Containers: -1` in
 * image summaries; podman sends a bare-hex `ParentId`.
 */

/** `GET /_ping`: the body is `OK`; what matters is in the headers. */
export type EnginePing = {
	/** `Api-Version` header: the newest API the engine speaks. */
	apiVersion: string;
	/** `Server` header, e.g. `Docker/20.10.24+dfsg1 (linux)` or `Libpod/4.3.1 (linux)`. */
	server?: string;
	/** `Ostype` header (docker only). */
	osType?: string;
	/** `Libpod-Api-Version` header: present only on podman. */
	libpodApiVersion?: string;
};

export type SystemVersionComponent = {
	Name: string;
	Version: string;
	Details?: Record<string, string> | null;
};

/** `GET /version` */
export type SystemVersion = {
	Platform?: {Name: string};
	Components?: SystemVersionComponent[];
	Version: string;
	ApiVersion: string;
	MinAPIVersion?: string;
	GitCommit?: string;
	GoVersion?: string;
	Os: string;
	Arch: string;
	KernelVersion?: string;
	Experimental?: boolean;
	BuildTime?: string;
};

/** One row of `GET /images/json`. */
export type ImageSummary = {
	Id: string;
	/** `sha256:…` on docker (only for local builds and commits, else `""`); bare hex on podman. */
	ParentId: string;
	RepoTags: string[] | null;
	RepoDigests: string[] | null;
	/** Unix seconds. */
	Created: number;
	Size: number;
	SharedSize: number;
	VirtualSize?: number;
	Labels: Record<string, string> | null;
	/** `-1` on docker unless asked to count; counted on podman. */
	Containers: number;
	/** podman only. */
	Names?: string[];
	Digest?: string;
	History?: string[];
};

/** The `Config` (and `ContainerConfig`) of an image or a container. */
export type ContainerConfig = {
	Hostname?: string;
	Domainname?: string;
	User?: string;
	AttachStdin?: boolean;
	AttachStdout?: boolean;
	AttachStderr?: boolean;
	ExposedPorts?: Record<string, Record<string, never>> | null;
	Tty?: boolean;
	OpenStdin?: boolean;
	StdinOnce?: boolean;
	Env?: string[] | null;
	Cmd?: string[] | null;
	Healthcheck?: {Test?: string[]; Interval?: number; Timeout?: number; Retries?: number; StartPeriod?: number};
	ArgsEscaped?: boolean;
	Image?: string;
	Volumes?: Record<string, Record<string, never>> | null;
	WorkingDir?: string;
	Entrypoint?: string[] | null;
	NetworkDisabled?: boolean;
	MacAddress?: string;
	OnBuild?: string[] | null;
	Labels?: Record<string, string> | null;
	StopSignal?: string;
	StopTimeout?: number;
	Shell?: string[] | null;
};

/** `GET /images/{name}/json` */
export type ImageInspect = {
	Id: string;
	RepoTags: string[] | null;
	RepoDigests: string[] | null;
	/** `sha256:…` or `""`. */
	Parent: string;
	Comment: string;
	/** RFC 3339. */
	Created: string;
	Container?: string;
	ContainerConfig?: ContainerConfig | null;
	DockerVersion?: string;
	Author: string;
	Config: ContainerConfig | null;
	Architecture: string;
	Variant?: string;
	Os: string;
	OsVersion?: string;
	Size: number;
	VirtualSize?: number;
	GraphDriver?: {Name: string; Data: Record<string, string> | null};
	RootFS: {Type: string; Layers?: string[]};
	Metadata?: {LastTagTime?: string};
};

/** One row of `GET /images/{name}/history`, newest first. */
export type HistoryResponseItem = {
	/** `sha256:…` (podman: bare hex), or `<missing>` for layers not stored as images of their own. */
	Id: string;
	/** Unix seconds. */
	Created: number;
	CreatedBy: string;
	Tags: string[] | null;
	Size: number;
	Comment: string;
};

/** One row of `GET /images/search`, as docker sends it (and as dockyard's client returns it for both engines). */
export type ImageSearchResult = {
	description: string;
	is_official: boolean;
	is_automated: boolean;
	name: string;
	star_count: number;
};

/**
 * One row of podman 4's `GET /images/search` on the compat API: libpod's own
 * shape, the marks as strings (`[OK]` or `""`), the name with its registry.
 */
export type PodmanSearchResult = {
	Index: string;
	Name: string;
	Description: string;
	Stars: number;
	Official: string;
	Automated: string;
	Tag?: string;
};

/** One entry of `DELETE /images/{name}`'s answer. */
export type ImageDeleteResponseItem = {Untagged?: string; Deleted?: string};

/** `POST /commit`, `POST /containers/create`, … */
export type IdResponse = {Id: string};

export type ContainerCreateResponse = {Id: string; Warnings: string[] | null};

export type Port = {IP?: string; PrivatePort: number; PublicPort?: number; Type: 'tcp' | 'udp' | 'sctp'};

export type MountPoint = {
	Type?: string;
	Name?: string;
	Source: string;
	Destination: string;
	Driver?: string;
	Mode: string;
	RW: boolean;
	Propagation: string;
};

/** One row of `GET /containers/json`. */
export type ContainerSummary = {
	Id: string;
	Names: string[];
	Image: string;
	ImageID: string;
	Command: string;
	/** Unix seconds. */
	Created: number;
	Ports: Port[];
	SizeRw?: number;
	SizeRootFs?: number;
	Labels: Record<string, string> | null;
	/** `created`, `running`, `paused`, `restarting`, `removing`, `exited`, `dead`. */
	State: string;
	/** Human text: `Created`, `Exited (0) 2 minutes ago`, `Up 3 seconds`. */
	Status: string;
	HostConfig?: {NetworkMode?: string};
	NetworkSettings?: {Networks?: Record<string, unknown> | null} | null;
	Mounts: MountPoint[] | null;
};

export type HostConfig = {
	Binds?: string[] | null;
	NetworkMode?: string;
	AutoRemove?: boolean;
	Privileged?: boolean;
	ReadonlyRootfs?: boolean;
	[key: string]: unknown;
};

/** The body of `POST /containers/create`: a container config plus its host config. */
export type ContainerCreateRequest = ContainerConfig & {
	Image: string;
	HostConfig?: HostConfig;
	NetworkingConfig?: {EndpointsConfig?: Record<string, unknown>};
};

/**
 * One line of a progress stream (`images/create`, `images/load`, `build`):
 * docker's `jsonmessage.JSONMessage`. An `error` here, inside an HTTP 200,
 * means the operation failed.
 */
export type JSONMessage = {
	status?: string;
	id?: string;
	progress?: string;
	progressDetail?: {current?: number; total?: number; start?: number; hidecounts?: boolean; units?: string};
	stream?: string;
	error?: string;
	errorDetail?: {code?: number; message?: string};
	aux?: Record<string, unknown>;
	/** Deprecated fields some engines still send. */
	from?: string;
	time?: number;
	timeNano?: number;
};

/** One line of `GET /events`. */
export type EventMessage = {
	Type: 'container' | 'image' | 'volume' | 'network' | 'daemon' | 'plugin' | 'node' | 'service' | 'secret' | 'config' | string;
	Action: string;
	Actor: {ID: string; Attributes?: Record<string, string> | null};
	scope?: 'local' | 'swarm' | string;
	/** Unix seconds. */
	time: number;
	timeNano?: number;
	/** Deprecated duplicates of Action / Actor.ID / the image, still sent. */
	status?: string;
	id?: string;
	from?: string;
};

/** `filters=` of `GET /events`: docker's map of a key to the values any of which matches. */
export type EventFilters = {
	type?: Array<'container' | 'image' | 'volume' | 'network' | 'daemon'>;
	event?: string[];
	image?: string[];
	container?: string[];
	label?: string[];
};

/** An error body: docker sends `{message}`; podman adds `cause` and `response` (the status). */
export type ErrorResponse = {message: string; cause?: string; response?: number};

/** `GET /containers/{id}/json`: the fields the docker CLI reads (inspect, cp, commit). */
export type ContainerInspect = {
	Id: string;
	/** RFC 3339. */
	Created: string;
	Path: string;
	Args: string[];
	State: {
		Status: string;
		Running: boolean;
		Paused: boolean;
		Restarting: boolean;
		OOMKilled: boolean;
		Dead: boolean;
		Pid: number;
		ExitCode: number;
		Error: string;
		StartedAt: string;
		FinishedAt: string;
	};
	/** `sha256:…` */
	Image: string;
	/** With docker's leading slash. */
	Name: string;
	RestartCount: number;
	Driver: string;
	Platform: string;
	HostConfig: HostConfig;
	Mounts: MountPoint[];
	Config: ContainerConfig;
	NetworkSettings: {Networks: Record<string, unknown>};
};

/** The `X-Docker-Container-Path-Stat` header of `HEAD /containers/{id}/archive` (base64 JSON). */
export type ContainerPathStat = {name: string; size: number; mode: number; mtime: string; linkTarget: string};
