/**
 * Where a registry's credentials come from — the one answer every caller
 * uses (pull, push, search, `login`'s check of stored credentials, and the
 * engines' `X-Registry-Auth`):
 *
 * 1. docker's config.json, as docker reads it: the helper its `credHelpers`
 *    names for the registry, else its `credsStore`; else (or when that helper
 *    keeps nothing for the registry) its `auths` entry.
 * 2. podman's auth files, in podman's order: `$REGISTRY_AUTH_FILE`,
 *    `$XDG_RUNTIME_DIR/containers/auth.json`, `~/.config/containers/auth.json`
 *    (each its `credHelpers` entry, then its `auths`).
 *
 * The first that has credentials wins. docker's file comes first because
 * `docker login` is what most users ran; podman reads docker's file last,
 * so a registry known to only one of them is found either way.
 *
 * A helper runs at most once per server URL in a process (a pull asks on
 * every 401); `login` and `logout` forget what they change.
 */
import os from 'node:os';
import path from 'node:path';
import {requestCredentials} from './request-credentials.js';
import {CredentialHelperError, helperErase, helperGet, helperList, helperStore} from './credential-helper.js';
import {authKeyFor, type ConfigFile, configCredentials, configHelper, type Credentials, dockerConfigPath, eraseCredentials, keyMatches, markHelperLogin, readConfig, storeCredentials} from './credentials.js';

const asked = new Map<string, Promise<Credentials | undefined>>();

function cacheKey(helper: string, serverUrl: string, env: NodeJS.ProcessEnv): string {
	return `${helper}\0${serverUrl}\0${env['PATH'] ?? ''}`;
}

/** A helper's answer, asked once per process; a failure is not kept, so the TUI's next try asks again. */
async function askHelper(helper: string, serverUrl: string, env: NodeJS.ProcessEnv): Promise<Credentials | undefined> {
	const key = cacheKey(helper, serverUrl, env);
	let answer = asked.get(key);
	if (!answer) {
		answer = helperGet(helper, serverUrl, env);
		asked.set(key, answer);
		answer.catch(() => {
			asked.delete(key);
		});
	}

	return answer;
}

/** podman's auth files, in the order podman reads them. */
export function podmanAuthFiles(env: NodeJS.ProcessEnv = process.env): string[] {
	const files: string[] = [];
	if (env['REGISTRY_AUTH_FILE']) {
		files.push(env['REGISTRY_AUTH_FILE']);
	}

	if (env['XDG_RUNTIME_DIR']) {
		files.push(path.join(env['XDG_RUNTIME_DIR'], 'containers', 'auth.json'));
	}

	files.push(path.join(env['HOME'] || os.homedir(), '.config', 'containers', 'auth.json'));
	return files;
}

/** Where a config names the helper it names for a domain, for its failures: "credsStore in ~/.docker/config.json". */
function origin(config: ConfigFile | undefined, domain: string, file: string): string {
	return `${configHelper(config, domain, false) ? 'credHelpers' : 'credsStore'} in ${file}`;
}

/** A helper's failure says which setting named it, so the user knows what to fix. */
async function naming<T>(work: Promise<T>, where: string): Promise<T> {
	try {
		return await work;
	} catch (error) {
		throw error instanceof CredentialHelperError ? new CredentialHelperError(`${error.message}; ${where} names it`) : error;
	}
}

async function fromFile(file: string, domain: string, env: NodeJS.ProcessEnv, withStore: boolean): Promise<Credentials | undefined> {
	const config = readConfig(file);
	const helper = configHelper(config, domain, withStore);
	const kept = helper ? await naming(askHelper(helper, authKeyFor(domain), env), origin(config, domain, file)) : undefined;
	return kept ?? configCredentials(config, domain);
}

/**
 * The credentials for a registry domain (`docker.io`, `host:port`), or
 * undefined for an anonymous request. A helper that is missing or fails is a
 * CredentialHelperError (one line naming it); a corrupt file a DockerConfigError.
 */
export async function resolveCredentials(domain: string, env: NodeJS.ProcessEnv = process.env): Promise<Credentials | undefined> {
	// What the current request brought (dockyard serve's X-Registry-Auth) stands before anything stored.
	const brought = requestCredentials(domain);
	if (brought) {
		return brought;
	}

	const docker = await fromFile(dockerConfigPath(env), domain, env, true);
	if (docker) {
		return docker;
	}

	for (const file of podmanAuthFiles(env)) {
		// eslint-disable-next-line no-await-in-loop
		const found = await fromFile(file, domain, env, false);
		if (found) {
			return found;
		}
	}

	return undefined;
}

/**
 * Keeps a login as docker does: through the helper when one is configured
 * (then `auths` gets only an empty entry for the host), else in `auths`.
 * Nothing is written when the helper fails.
 */
export async function saveCredentials(domain: string, credentials: {username: string; password: string}, env: NodeJS.ProcessEnv = process.env): Promise<{helper?: string}> {
	const file = dockerConfigPath(env);
	const config = readConfig(file);
	const helper = configHelper(config, domain);
	if (!helper) {
		storeCredentials(domain, credentials, env);
		return {};
	}

	const serverUrl = authKeyFor(domain);
	asked.delete(cacheKey(helper, serverUrl, env));
	await naming(helperStore(helper, serverUrl, credentials, env), origin(config, domain, file));
	markHelperLogin(domain, env);
	return {helper};
}

/**
 * Forgets a login: through the helper when one is configured (every spelling
 * of the host it lists), then the `auths` entries. False when neither had any.
 */
export async function forgetCredentials(domain: string, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
	const file = dockerConfigPath(env);
	const config = readConfig(file);
	const helper = configHelper(config, domain);
	let erased = false;
	if (helper) {
		const where = origin(config, domain, file);
		const serverUrl = authKeyFor(domain);
		const listed = await helperList(helper, env).catch(() => ({}));
		const urls = [serverUrl, ...Object.keys(listed).filter(url => url !== serverUrl && keyMatches(url, domain))];
		for (const url of urls) {
			asked.delete(cacheKey(helper, url, env));
			// eslint-disable-next-line no-await-in-loop
			erased = await naming(helperErase(helper, url, env), where) || erased;
		}
	}

	return eraseCredentials(domain, env) || erased;
}
