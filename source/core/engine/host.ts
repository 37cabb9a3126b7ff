/**
 * Which engine to talk to, chosen the way docker's CLI chooses: `-H`/`--host`
 * beats `--context`, which beats `DOCKER_HOST`, which beats `DOCKER_CONTEXT`,
 * which beats `currentContext` in `$DOCKER_CONFIG/config.json`. A context is
 * read from `$DOCKER_CONFIG/contexts/meta/<sha256 of its name>/meta.json`
 * (`Endpoints.docker.Host`); `default` is DOCKER_HOST or the system socket.
 * The name `dockyard` (as a context or a host) is the embedded store, which
 * is also what is used when nothing at all is set.
 */
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {DockyardError} from '../errors.js';
import {cleanText} from '../text.js';
import {crypto} from '../crypto.js';
import {tlsFromContext, tlsFromFlags} from './tls-settings.js';

/** The name that means the embedded store, as a context and as a host. */
export const storeName = 'dockyard';
export const defaultContextName = 'default';
export const defaultDockerHost = 'unix:///var/run/docker.sock';
/** docker's default on Windows (Docker Desktop, Windows Server's engine). */
export const defaultWindowsDockerHost = 'npipe:////./pipe/docker_engine';

/** The engine docker talks to when nothing is set: a named pipe on Windows, the system socket elsewhere. */
export function defaultDockerHostFor(platform: NodeJS.Platform = process.platform): string {
	return platform === 'win32' ? defaultWindowsDockerHost : defaultDockerHost;
}

/**
 * Where an engine listens: a unix socket, a TCP host and port (TLS when
 * `tls` is set, tls.ts), a host reached through the system's ssh (ssh.ts;
 * `socketPath` is podman's form, a remote socket), or a Windows named pipe.
 */
export type EngineAddress =
	| {transport: 'unix'; socketPath: string}
	| {transport: 'tcp'; hostname: string; port: number; tls?: TlsSettings}
	| {transport: 'ssh'; user?: string; hostname: string; port?: number; socketPath?: string}
	| {transport: 'npipe'; pipePath: string};

/** TLS to an engine as docker's CLI sets it up: PEM text read from the files, and whether the server is verified. */
export type TlsSettings = {
	/** false for `--tls` alone or a context's SkipTLSVerify: encrypted, the server not checked. */
	verify: boolean;
	ca?: string;
	cert?: string;
	key?: string;
};

/** Where the choice came from: a flag before the verb, the environment, or docker's config file. */
export type ChoiceSource = 'flag' | 'environment' | 'config' | 'default';

export type EngineChoice =
	| {
		kind: 'store';
		via: 'host' | 'context' | 'default';
		source: ChoiceSource;
		/** `docker`: the store is taught with plain docker commands. */
		dockerPrefix: string;
	}
	| {
		kind: 'engine';
		/** The host as docker shows it in its messages: `unix:///…` or `tcp://host:port`. */
		host: string;
		address: EngineAddress;
		via: 'host' | 'context';
		/** The context's name; `default` for a host given by `-H` or DOCKER_HOST. */
		name: string;
		source: ChoiceSource;
		/**
		 * The docker command to teach, without a trailing space: `docker -H unix:///…`
		 * or `docker --context NAME` for a flag, plain `docker` when it came from the
		 * environment or the config (the user's own docker already points there).
		 */
		dockerPrefix: string;
	};

/** docker's global flags before the verb: the engine, and TLS for a tcp:// host (undefined = not given). */
export type EngineFlags = {
	host?: string;
	context?: string;
	tls?: boolean;
	tlsverify?: boolean;
	tlscacert?: string;
	tlscert?: string;
	tlskey?: string;
};

export type ResolveOptions = {
	/** The environment to read DOCKER_HOST, DOCKER_CONTEXT, DOCKER_CONFIG, DOCKER_TLS_VERIFY and HOME from. */
	env?: NodeJS.ProcessEnv;
	/** The system whose defaults apply (the named pipe on win32); this one unless a test says. */
	platform?: NodeJS.Platform;
};

/** Picks the store or an engine from the flags, the environment and docker's config. */
export function resolveEngine(flags: EngineFlags = {}, options: ResolveOptions = {}): EngineChoice {
	const env = options.env ?? process.env;
	const tls = {flags, platform: options.platform ?? process.platform};
	const hostFlag = nonEmpty(flags.host);
	const contextFlag = nonEmpty(flags.context);
	if (hostFlag !== undefined && contextFlag !== undefined) {
		// docker's own words (and exit 1) for the same mistake.
		throw new DockyardError('conflicting options: cannot specify both --host and --context');
	}

	if (hostFlag !== undefined) {
		return fromHost(hostFlag, 'flag', env, `docker ${tlsFlagWords(flags)}-H ${shellWord(hostFlag)}`, tls);
	}

	if (contextFlag !== undefined) {
		return fromContext(contextFlag, 'flag', env, `docker --context ${shellWord(contextFlag)}`, tls);
	}

	const envHost = nonEmpty(env['DOCKER_HOST']);
	if (envHost !== undefined) {
		return fromHost(envHost, 'environment', env, 'docker', tls);
	}

	const envContext = nonEmpty(env['DOCKER_CONTEXT']);
	if (envContext !== undefined) {
		return fromContext(envContext, 'environment', env, 'docker', tls);
	}

	const current = currentContext(env);
	if (current !== undefined) {
		return fromContext(current, 'config', env, 'docker', tls);
	}

	return {kind: 'store', via: 'default', source: 'default', dockerPrefix: 'docker'};
}

/** `$DOCKER_CONFIG`, or `~/.docker`. */
export function dockerConfigDir(env: NodeJS.ProcessEnv = process.env): string {
	return nonEmpty(env['DOCKER_CONFIG']) ?? path.join(nonEmpty(env['HOME']) ?? os.homedir(), '.docker');
}

/**
 * Parses a docker host value: `unix://`, `tcp://` (or `http://`), `ssh://`
 * (docker's `[user@]host[:port]` and podman's `…/path/to/socket`) and, on
 * Windows, `npipe://`. `tcp://h` means port 2375 (2376 with TLS) and
 * `:2375` means localhost, as in docker.
 */
export function parseEngineHost(value: string, options: {tls?: boolean; platform?: NodeJS.Platform} = {}): {host: string; address: EngineAddress} {
	const shown = cleanText(value);
	const platform = options.platform ?? process.platform;
	const scheme = /^([a-z][a-z\d+.-]*):\/\//i.exec(value)?.[1]?.toLowerCase();
	if (scheme === undefined) {
		if (value.startsWith(':') || /^[^/]+:\d+$/.test(value)) {
			return parseEngineHost(`tcp://${value}`, options);
		}

		if (value.startsWith('/')) {
			throw new DockyardError(`invalid host ${shown}: write a socket path as unix://${shown}`);
		}

		throw new DockyardError(`invalid host ${shown}: use unix:///path/to/docker.sock, tcp://host:port or ssh://user@host`);
	}

	const rest = value.slice(scheme.length + 3);
	switch (scheme) {
		case 'unix': {
			if (!rest.startsWith('/')) {
				throw new DockyardError(`invalid host ${shown}: a unix socket needs an absolute path, as in unix:///var/run/docker.sock`);
			}

			return {host: `unix://${rest}`, address: {transport: 'unix', socketPath: rest}};
		}

		case 'tcp':
		case 'http': {
			const match = /^(\[[\da-f:.]+\]|[^:/[\]]*)(?::(\d+))?\/?$/i.exec(rest);
			if (!match) {
				throw new DockyardError(`invalid host ${shown}: use tcp://host:port`);
			}

			const hostname = match[1] === '' ? 'localhost' : match[1]!;
			const port = match[2] === undefined ? (options.tls ? 2376 : 2375) : Number(match[2]);
			if (!Number.isInteger(port) || port < 1 || port > 65_535) {
				throw new DockyardError(`invalid host ${shown}: the port must be between 1 and 65535`);
			}

			return {host: `tcp://${hostname}:${port}`, address: {transport: 'tcp', hostname: hostname.replace(/^\[|\]$/g, ''), port}};
		}

		case 'ssh': {
			return parseSshHost(value, shown);
		}

		case 'npipe': {
			if (platform !== 'win32') {
				// What docker's CLI 28 says on Linux for the same host.
				throw new DockyardError('Failed to initialize: protocol not available');
			}

			// npipe:////./pipe/docker_engine → \\.\pipe\docker_engine, the form Windows (and Node) open.
			const pipePath = rest.replaceAll('/', '\\');
			if (!/^\\\\[.?]\\pipe\\[^\\]+/i.test(pipePath)) {
				throw new DockyardError(`invalid host ${shown}: a named pipe is written npipe:////./pipe/NAME`);
			}

			return {host: `npipe://${rest}`, address: {transport: 'npipe', pipePath}};
		}

		case 'https':
		case 'tls': {
			throw new DockyardError(`invalid host ${shown}: write tcp://host:port with --tlsverify (or DOCKER_TLS_VERIFY=1), as docker does`);
		}

		default: {
			throw new DockyardError(`cannot use ${shown}: dockyard speaks to an engine over unix://, tcp://, ssh:// or (on Windows) npipe:// only`);
		}
	}
}

/** `ssh://[user@]host[:port][/path/to/socket]`, checked as docker checks it (no password, no query). */
function parseSshHost(value: string, shown: string): {host: string; address: EngineAddress} {
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		throw new DockyardError(`invalid host ${shown}: use ssh://[user@]host[:port]`);
	}

	if (url.password !== '') {
		// docker's words; the password itself is never shown.
		throw new DockyardError('plain-text password is not supported');
	}

	if (url.search !== '' || url.hash !== '') {
		throw new DockyardError(`invalid host ${shown}: extra path after the host`);
	}

	const hostname = url.hostname.replace(/^\[|\]$/g, '');
	if (hostname === '' || hostname.startsWith('-')) {
		throw new DockyardError(`invalid host ${shown}: no host name`);
	}

	const user = url.username === '' ? undefined : decodeURIComponent(url.username);
	if (user?.startsWith('-')) {
		throw new DockyardError(`invalid host ${shown}: a user name cannot start with -`);
	}

	const port = url.port === '' ? undefined : Number(url.port);
	const socketPath = url.pathname === '' || url.pathname === '/' ? undefined : decodeURIComponent(url.pathname);
	const host = `ssh://${user === undefined ? '' : `${user}@`}${url.host}${socketPath ?? ''}`;
	return {host, address: {transport: 'ssh', user, hostname, port, socketPath}};
}

/** What a tcp:// host needs to know of docker's TLS flags and the system. */
type TlsSource = {flags: EngineFlags; platform: NodeJS.Platform};

function fromHost(value: string, source: ChoiceSource, env: NodeJS.ProcessEnv, dockerPrefix: string, tlsSource: TlsSource): EngineChoice {
	if (value === storeName) {
		return {kind: 'store', via: 'host', source, dockerPrefix: 'docker'};
	}

	// The default context's TLS: the five flags, else DOCKER_TLS_VERIFY, DOCKER_TLS and DOCKER_CERT_PATH.
	const tls = tlsFromFlags(tlsSource.flags, env);
	const {host, address} = parseEngineHost(value, {tls: tls !== undefined, platform: tlsSource.platform});
	const engineAddress = address.transport === 'tcp' && tls !== undefined ? {...address, tls} : address;
	return {kind: 'engine', host, address: engineAddress, via: 'host', name: defaultContextName, source, dockerPrefix};
}

function fromContext(name: string, source: ChoiceSource, env: NodeJS.ProcessEnv, dockerPrefix: string, tlsSource: TlsSource): EngineChoice {
	if (name === storeName) {
		return {kind: 'store', via: 'context', source, dockerPrefix: 'docker'};
	}

	if (name === defaultContextName) {
		const host = nonEmpty(env['DOCKER_HOST']) ?? defaultDockerHostFor(tlsSource.platform);
		const choice = fromHost(host, source, env, dockerPrefix, tlsSource);
		return choice.kind === 'engine' ? {...choice, via: 'context', name} : {...choice, via: 'context'};
	}

	const configDir = dockerConfigDir(env);
	const meta = contextMeta(configDir, name);
	const host = meta.host;
	if (host === storeName) {
		return {kind: 'store', via: 'context', source, dockerPrefix: 'docker'};
	}

	// A named context carries its own TLS (its files and SkipTLSVerify); the flags and DOCKER_TLS* are the default context's.
	const tls = tlsFromContext(path.join(configDir, 'contexts', 'tls', contextDirName(name), 'docker'), meta.skipTlsVerify, name);
	const parsed = parseEngineHost(host, {tls: tls !== undefined, platform: tlsSource.platform});
	const address = parsed.address.transport === 'tcp' && tls !== undefined ? {...parsed.address, tls} : parsed.address;
	return {kind: 'engine', host: parsed.host, address, via: 'context', name, source, dockerPrefix};
}

/** docker stores a context under the hex sha256 of its name (names may hold characters a path may not). */
export function contextDirName(name: string): string {
	return crypto().createHash('sha256').update(name).digest('hex');
}

type ContextMeta = {Name?: unknown; Endpoints?: {docker?: {Host?: unknown; SkipTLSVerify?: unknown}}};

/** The docker endpoint of a named context, as docker's CLI reads it. */
function contextMeta(configDir: string, name: string): {host: string; skipTlsVerify: boolean} {
	const metaRoot = path.join(configDir, 'contexts', 'meta');
	const metaPath = path.join(metaRoot, contextDirName(name), 'meta.json');
	let meta: ContextMeta | undefined;
	if (existsSync(metaPath)) {
		meta = readJson<ContextMeta>(metaPath, `context "${cleanText(name)}"`);
	} else {
		meta = findContextByName(metaRoot, name);
	}

	if (meta === undefined) {
		// docker's words: `unable to resolve docker endpoint: context "x": context not found: open …: no such file or directory`
		throw new DockyardError(`unable to resolve docker endpoint: context "${cleanText(name)}": context not found: open ${metaPath}: no such file or directory`);
	}

	const host = meta.Endpoints?.docker?.Host;
	if (typeof host !== 'string' || host === '') {
		throw new DockyardError(`context "${cleanText(name)}" has no docker endpoint (Endpoints.docker.Host in its meta.json)`);
	}

	return {host, skipTlsVerify: meta.Endpoints?.docker?.SkipTLSVerify === true};
}

/** A context whose directory is not the hash of its name (written by hand): found by its `Name`. */
function findContextByName(metaRoot: string, name: string): ContextMeta | undefined {
	let entries: string[];
	try {
		entries = readdirSync(metaRoot);
	} catch {
		return undefined;
	}

	for (const entry of entries) {
		const file = path.join(metaRoot, entry, 'meta.json');
		if (!existsSync(file)) {
			continue;
		}

		try {
			const meta = JSON.parse(readFileSync(file, 'utf8')) as ContextMeta;
			if (meta?.Name === name) {
				return meta;
			}
		} catch {
			// Another context's broken file is not this one's problem.
		}
	}

	return undefined;
}

/** `currentContext` of docker's config.json, when the file exists and sets it. */
function currentContext(env: NodeJS.ProcessEnv): string | undefined {
	const file = path.join(dockerConfigDir(env), 'config.json');
	if (!existsSync(file)) {
		return undefined;
	}

	const config = readJson<{currentContext?: unknown}>(file, 'docker config');
	return typeof config?.currentContext === 'string' ? nonEmpty(config.currentContext) : undefined;
}

function readJson<T>(file: string, what: string): T {
	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch (error) {
		throw new DockyardError(`${what}: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
	}

	try {
		return JSON.parse(text) as T;
	} catch (error) {
		throw new DockyardError(`${what}: ${file} is not valid JSON: ${cleanText((error as Error).message)}`);
	}
}

function nonEmpty(value: string | undefined): string | undefined {
	return value === undefined || value === '' ? undefined : value;
}

/** The TLS flags the user typed, as docker takes them, for the docker line taught beside -H. */
function tlsFlagWords(flags: EngineFlags): string {
	const words: string[] = [];
	if (flags.tls !== undefined) {
		words.push(flags.tls ? '--tls' : '--tls=false');
	}

	if (flags.tlsverify !== undefined) {
		words.push(flags.tlsverify ? '--tlsverify' : '--tlsverify=false');
	}

	for (const name of ['tlscacert', 'tlscert', 'tlskey'] as const) {
		if (flags[name] !== undefined) {
			words.push(`--${name}`, shellWord(flags[name]));
		}
	}

	return words.map(word => `${word} `).join('');
}

/** A value as a POSIX shell word: bare when safe, else single-quoted. */
export function shellWord(raw: string): string {
	const value = cleanText(raw);
	return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll('\'', String.raw`'\''`)}'`;
}

/**
 * dockerd's own warning (`docker info`) for an engine reached over plain TCP
 * beyond this machine; undefined for TLS, sockets, ssh and loopback.
 */
export function unencryptedWarning(address: EngineAddress): string | undefined {
	if (address.transport !== 'tcp' || address.tls !== undefined || isLoopback(address.hostname)) {
		return undefined;
	}

	const shown = address.hostname.includes(':') ? `[${address.hostname}]` : address.hostname;
	return `WARNING: API is accessible on http://${cleanText(shown)}:${address.port} without encryption.
         Access to the remote API is equivalent to root access on the host. Refer
         to the 'Docker daemon attack surface' section in the documentation for
         more information: https://docs.docker.com/go/attack-surface/`;
}

function isLoopback(hostname: string): boolean {
	return hostname === 'localhost' || hostname.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(hostname) || hostname === '::1';
}
