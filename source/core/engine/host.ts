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

/** The name that means the embedded store, as a context and as a host. */
export const storeName = 'dockyard';
export const defaultContextName = 'default';
export const defaultDockerHost = 'unix:///var/run/docker.sock';

/** Where an engine listens: a unix socket, or a plain-TCP host and port. */
export type EngineAddress =
	| {transport: 'unix'; socketPath: string}
	| {transport: 'tcp'; hostname: string; port: number};

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

export type EngineFlags = {host?: string; context?: string};

export type ResolveOptions = {
	/** The environment to read DOCKER_HOST, DOCKER_CONTEXT, DOCKER_CONFIG, DOCKER_TLS_VERIFY and HOME from. */
	env?: NodeJS.ProcessEnv;
};

/** Picks the store or an engine from the flags, the environment and docker's config. */
export function resolveEngine(flags: EngineFlags = {}, options: ResolveOptions = {}): EngineChoice {
	const env = options.env ?? process.env;
	const hostFlag = nonEmpty(flags.host);
	const contextFlag = nonEmpty(flags.context);
	if (hostFlag !== undefined && contextFlag !== undefined) {
		// docker's own words (and exit 1) for the same mistake.
		throw new DockyardError('conflicting options: cannot specify both --host and --context');
	}

	if (hostFlag !== undefined) {
		return fromHost(hostFlag, 'flag', env, `docker -H ${shellWord(hostFlag)}`);
	}

	if (contextFlag !== undefined) {
		return fromContext(contextFlag, 'flag', env, `docker --context ${shellWord(contextFlag)}`);
	}

	const envHost = nonEmpty(env['DOCKER_HOST']);
	if (envHost !== undefined) {
		return fromHost(envHost, 'environment', env, 'docker');
	}

	const envContext = nonEmpty(env['DOCKER_CONTEXT']);
	if (envContext !== undefined) {
		return fromContext(envContext, 'environment', env, 'docker');
	}

	const current = currentContext(env);
	if (current !== undefined) {
		return fromContext(current, 'config', env, 'docker');
	}

	return {kind: 'store', via: 'default', source: 'default', dockerPrefix: 'docker'};
}

/** `$DOCKER_CONFIG`, or `~/.docker`. */
export function dockerConfigDir(env: NodeJS.ProcessEnv = process.env): string {
	return nonEmpty(env['DOCKER_CONFIG']) ?? path.join(nonEmpty(env['HOME']) ?? os.homedir(), '.docker');
}

/**
 * Parses a docker host value. Only `unix://` and plain `tcp://` (or
 * `http://`) are spoken; TLS, ssh and Windows pipes are refused in words that
 * say so. `tcp://h` means port 2375 and `:2375` means localhost, as in docker.
 */
export function parseEngineHost(value: string): {host: string; address: EngineAddress} {
	const shown = cleanText(value);
	const scheme = /^([a-z][a-z\d+.-]*):\/\//i.exec(value)?.[1]?.toLowerCase();
	if (scheme === undefined) {
		if (value.startsWith(':') || /^[^/]+:\d+$/.test(value)) {
			return parseEngineHost(`tcp://${value}`);
		}

		if (value.startsWith('/')) {
			throw new DockyardError(`invalid host ${shown}: write a socket path as unix://${shown}`);
		}

		throw new DockyardError(`invalid host ${shown}: use unix:///path/to/docker.sock or tcp://host:port`);
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
			const port = match[2] === undefined ? 2375 : Number(match[2]);
			if (!Number.isInteger(port) || port < 1 || port > 65_535) {
				throw new DockyardError(`invalid host ${shown}: the port must be between 1 and 65535`);
			}

			return {host: `tcp://${hostname}:${port}`, address: {transport: 'tcp', hostname: hostname.replace(/^\[|\]$/g, ''), port}};
		}

		case 'https':
		case 'tls': {
			throw new DockyardError(`cannot use ${shown}: dockyard does not speak TLS to an engine yet; use unix:// or a plain tcp:// host`);
		}

		case 'ssh': {
			throw new DockyardError(`cannot use ${shown}: dockyard does not reach engines over ssh yet; use unix:// or a plain tcp:// host (for instance through ssh -L)`);
		}

		default: {
			throw new DockyardError(`cannot use ${shown}: dockyard speaks to an engine over unix:// or plain tcp:// only`);
		}
	}
}

function fromHost(value: string, source: ChoiceSource, env: NodeJS.ProcessEnv, dockerPrefix: string): EngineChoice {
	if (value === storeName) {
		return {kind: 'store', via: 'host', source, dockerPrefix: 'docker'};
	}

	const {host, address} = parseEngineHost(value);
	if (address.transport === 'tcp' && nonEmpty(env['DOCKER_TLS_VERIFY']) !== undefined) {
		throw new DockyardError(`cannot use ${host} with DOCKER_TLS_VERIFY set: dockyard does not speak TLS to an engine yet`);
	}

	return {kind: 'engine', host, address, via: 'host', name: defaultContextName, source, dockerPrefix};
}

function fromContext(name: string, source: ChoiceSource, env: NodeJS.ProcessEnv, dockerPrefix: string): EngineChoice {
	if (name === storeName) {
		return {kind: 'store', via: 'context', source, dockerPrefix: 'docker'};
	}

	if (name === defaultContextName) {
		const host = nonEmpty(env['DOCKER_HOST']) ?? defaultDockerHost;
		const choice = fromHost(host, source, env, dockerPrefix);
		return choice.kind === 'engine' ? {...choice, via: 'context', name} : {...choice, via: 'context'};
	}

	const configDir = dockerConfigDir(env);
	const host = contextHost(configDir, name);
	if (host === storeName) {
		return {kind: 'store', via: 'context', source, dockerPrefix: 'docker'};
	}

	if (existsSync(path.join(configDir, 'contexts', 'tls', contextDirName(name), 'docker'))) {
		throw new DockyardError(`context "${cleanText(name)}" uses TLS: dockyard does not speak TLS to an engine yet`);
	}

	const parsed = parseEngineHost(host);
	return {kind: 'engine', host: parsed.host, address: parsed.address, via: 'context', name, source, dockerPrefix};
}

/** docker stores a context under the hex sha256 of its name (names may hold characters a path may not). */
export function contextDirName(name: string): string {
	return crypto().createHash('sha256').update(name).digest('hex');
}

type ContextMeta = {Name?: unknown; Endpoints?: {docker?: {Host?: unknown}}};

/** The docker endpoint of a named context, as docker's CLI reads it. */
function contextHost(configDir: string, name: string): string {
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

	return host;
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

/** A value as a POSIX shell word: bare when safe, else single-quoted. */
export function shellWord(raw: string): string {
	const value = cleanText(raw);
	return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll('\'', String.raw`'\''`)}'`;
}
