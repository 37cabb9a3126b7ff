/**
 * docker's config file, where registry credentials are kept: the `auths` map
 * of `$DOCKER_CONFIG/config.json` (else `~/.docker/config.json`), keyed by the
 * registry host — Docker Hub as `https://index.docker.io/v1/` — with `auth`
 * = base64(user:password), or an `identitytoken`; `credHelpers` and
 * `credsStore` name the helper that keeps them instead. podman's auth.json
 * has the same shape and is read with the same code. A `docker login` and a
 * `dockyard login` are interchangeable. Every key of the file dockyard does
 * not change is written back as it was read.
 *
 * Which file and helper answer for a registry is decided in
 * credential-lookup.ts, the one place every caller asks.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {DockyardError} from '../errors.js';
import {defaultDomain} from '../reference.js';
import {crypto} from '../crypto.js';

export type Credentials = {username: string; password: string} | {identityToken: string};

/** Docker Hub's key in `auths`, as docker writes it. */
export const dockerHubAuthKey = 'https://index.docker.io/v1/';

const dockerHubHosts = new Set([defaultDomain, 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);

/** A corrupt or unreadable docker config: one line, naming the file, which is left as it is. */
export class DockerConfigError extends DockyardError {
	constructor(message: string) {
		super(message);
		this.name = 'DockerConfigError';
	}
}

export function dockerConfigPath(env: NodeJS.ProcessEnv = process.env): string {
	const directory = env['DOCKER_CONFIG'];
	if (directory) {
		return path.join(directory, 'config.json');
	}

	return path.join(env['HOME'] || os.homedir(), '.docker', 'config.json');
}

/** The host part of an `auths` key or a server argument: no scheme, no path, lower case. */
export function authHost(key: string): string {
	const bare = key.trim().replace(/^[a-z][a-z\d+.-]*:\/\//i, '');
	return (bare.split('/')[0] ?? '').toLowerCase();
}

/** Whether an `auths` (or helper) key names the registry of a reference domain: Docker Hub by any of its names. */
export function keyMatches(key: string, domain: string): boolean {
	const host = authHost(key);
	const wanted = authHost(domain);
	if (dockerHubHosts.has(wanted)) {
		return dockerHubHosts.has(host);
	}

	return host === wanted;
}

/** The key docker writes for a domain. */
export function authKeyFor(domain: string): string {
	const host = authHost(domain);
	return dockerHubHosts.has(host) ? dockerHubAuthKey : host;
}

export type ConfigFile = Record<string, unknown> & {auths?: Record<string, AuthEntry>};
type AuthEntry = Record<string, unknown>;

/** A docker config.json or podman auth.json; undefined when there is none. */
export function readConfig(file: string): ConfigFile | undefined {
	let text: string;
	try {
		text = fs.readFileSync(file, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
			return undefined;
		}

		throw new DockerConfigError(`cannot read ${file}: ${(error as Error).message}`);
	}

	if (text.trim() === '') {
		return {};
	}

	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch (error) {
		throw new DockerConfigError(`${file} is not valid JSON (${oneLine((error as Error).message)}); fix or remove it — it was left as it is`);
	}

	if (!isObject(parsed)) {
		throw new DockerConfigError(`${file} is not a JSON object; fix or remove it — it was left as it is`);
	}

	if (parsed['auths'] !== undefined && !isObject(parsed['auths'])) {
		throw new DockerConfigError(`${file}: "auths" is not an object; fix or remove it — it was left as it is`);
	}

	return parsed as ConfigFile;
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function oneLine(text: string): string {
	return text.replaceAll(/\s+/g, ' ').trim();
}

/** Keys of `auths` that name the domain, an exact key first. */
function matchingKeys(auths: Record<string, AuthEntry>, domain: string): string[] {
	const keys = Object.keys(auths).filter(key => keyMatches(key, domain));
	const exact = authKeyFor(domain);
	return keys.sort((a, b) => Number(b === exact) - Number(a === exact));
}

function decode(entry: AuthEntry): Credentials | undefined {
	if (typeof entry['identitytoken'] === 'string' && entry['identitytoken'] !== '') {
		return {identityToken: entry['identitytoken']};
	}

	if (typeof entry['auth'] === 'string' && entry['auth'] !== '') {
		const text = Buffer.from(entry['auth'], 'base64').toString('utf8');
		const colon = text.indexOf(':');
		if (colon > 0) {
			return {username: text.slice(0, colon), password: text.slice(colon + 1)};
		}

		return undefined;
	}

	if (typeof entry['username'] === 'string' && typeof entry['password'] === 'string' && entry['username'] !== '') {
		return {username: entry['username'], password: entry['password']};
	}

	return undefined;
}

/** The credentials an `auths` map of a read config keeps for a registry domain (`docker.io`, `host:port`), if any. */
export function configCredentials(config: ConfigFile | undefined, domain: string): Credentials | undefined {
	const auths = config?.auths;
	if (!auths) {
		return undefined;
	}

	for (const key of matchingKeys(auths, domain)) {
		const entry = auths[key];
		const credentials = isObject(entry) ? decode(entry) : undefined;
		if (credentials) {
			return credentials;
		}
	}

	return undefined;
}

/**
 * The helper a read config names for a domain: its `credHelpers` entry,
 * else (where the file may have one: docker's) its `credsStore`.
 */
export function configHelper(config: ConfigFile | undefined, domain: string, withStore = true): string | undefined {
	const helpers = config?.['credHelpers'];
	if (isObject(helpers)) {
		const keys = Object.keys(helpers).filter(key => keyMatches(key, domain));
		const exact = authKeyFor(domain);
		keys.sort((a, b) => Number(b === exact) - Number(a === exact));
		for (const key of keys) {
			const helper = helpers[key];
			if (typeof helper === 'string' && helper !== '') {
				return helper;
			}
		}
	}

	const store = config?.['credsStore'];
	return withStore && typeof store === 'string' && store !== '' ? store : undefined;
}

/** The credential helper docker (and `login`, `logout`) uses for a domain: `credHelpers`, else `credsStore`. */
export function credentialHelperFor(domain: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
	return configHelper(readConfig(dockerConfigPath(env)), domain);
}

/**
 * What docker writes in `auths` beside a helper after a login: the key with
 * an empty entry, so `docker login` lists the registry while the helper
 * keeps the secret. Every other spelling of the host goes, secrets included.
 */
export function markHelperLogin(domain: string, env: NodeJS.ProcessEnv = process.env): void {
	const file = dockerConfigPath(env);
	const config: ConfigFile = readConfig(file) ?? {};
	const auths: Record<string, AuthEntry> = {...config.auths};
	for (const key of matchingKeys(auths, domain)) {
		delete auths[key];
	}

	auths[authKeyFor(domain)] = {};
	writeConfig(file, {...config, auths});
}

/** Store a username and password for a domain, as `docker login` does (without a credential helper). */
export function storeCredentials(domain: string, credentials: {username: string; password: string}, env: NodeJS.ProcessEnv = process.env): void {
	const file = dockerConfigPath(env);
	const config: ConfigFile = readConfig(file) ?? {};
	const auths: Record<string, AuthEntry> = {...config.auths};
	// Update an entry written under another spelling of the same host rather than add a second one.
	const key = matchingKeys(auths, domain)[0] ?? authKeyFor(domain);
	const previous = isObject(auths[key]) ? auths[key] : {};
	const entry: AuthEntry = {...previous, auth: Buffer.from(`${credentials.username}:${credentials.password}`, 'utf8').toString('base64')};
	delete entry['identitytoken'];
	delete entry['username'];
	delete entry['password'];
	auths[key] = entry;
	writeConfig(file, {...config, auths});
}

/** Remove the credentials of a domain (every spelling of its host). False when there were none. */
export function eraseCredentials(domain: string, env: NodeJS.ProcessEnv = process.env): boolean {
	const file = dockerConfigPath(env);
	const config = readConfig(file);
	if (!config?.auths) {
		return false;
	}

	const keys = matchingKeys(config.auths, domain);
	if (keys.length === 0) {
		return false;
	}

	const auths = {...config.auths};
	for (const key of keys) {
		delete auths[key];
	}

	writeConfig(file, {...config, auths});
	return true;
}

/** Temp file (mode 0600) in the same directory, fsync, rename: a reader sees the old file or the new one. */
function writeConfig(file: string, config: ConfigFile): void {
	const directory = path.dirname(file);
	fs.mkdirSync(directory, {recursive: true, mode: 0o700});
	const temporary = path.join(directory, `.${path.basename(file)}.${process.pid}.${crypto().randomBytes(4).toString('hex')}.tmp`);
	try {
		const fd = fs.openSync(temporary, 'wx', 0o600);
		try {
			fs.writeFileSync(fd, JSON.stringify(config, null, '\t') + '\n');
			fs.fsyncSync(fd);
		} finally {
			fs.closeSync(fd);
		}

		fs.chmodSync(temporary, 0o600);
		fs.renameSync(temporary, file);
	} catch (error) {
		fs.rmSync(temporary, {force: true});
		throw new DockerConfigError(`cannot write ${file}: ${oneLine((error as Error).message)}`);
	}
}
