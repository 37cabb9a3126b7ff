/**
 * The user's registry credentials, as the docker CLI hands them to an engine:
 * the `X-Registry-Auth` header of `images/create` (pull) and
 * `images/{name}/push`, URL-safe base64 *with* padding of the JSON
 * `{"username","password","serveraddress"}` or
 * `{"serveraddress","identitytoken"}` (Go's field order, empty fields left
 * out). With no credentials docker sends `{}` (`e30=`), and so does dockyard;
 * both engines take it as "anonymous". podman refuses the header unpadded.
 *
 * The credentials come from the same lookup `dockyard pull` uses on the
 * store (core/hub/credential-lookup.ts), keyed as docker keys them (Docker Hub as
 * `https://index.docker.io/v1/`). The header and the secrets in it are never
 * printed: `withoutSecrets` takes them out of anything the engine says back.
 */
import type {PullEvent} from '../backend/model.js';
import type {JSONMessage} from './engine-types.js';
import {authKeyFor, type Credentials} from '../hub/credentials.js';
// The one lookup every registry request uses (the registry client's too): awaited, as a helper may be run.
import {resolveCredentials as lookUpCredentials} from '../hub/credential-lookup.js';

export type RegistryAuth = {
	/** The header's value. */
	header: string;
	/** What must never reach output: the header itself, the password or token. */
	secrets: string[];
};

/** The header docker sends when it has no credentials for the registry: `{}`. */
export const anonymousRegistryAuth = encodeRegistryAuth(undefined, '');

/** docker's encoding (Go's `base64.URLEncoding`, padded) of the credentials for `serverAddress`. */
export function encodeRegistryAuth(credentials: Credentials | undefined, serverAddress: string): string {
	let body: Record<string, string> = {};
	if (credentials && 'identityToken' in credentials) {
		body = {serveraddress: serverAddress, identitytoken: credentials.identityToken};
	} else if (credentials) {
		body = {username: credentials.username, password: credentials.password, serveraddress: serverAddress};
	}

	return Buffer.from(JSON.stringify(body), 'utf8').toString('base64').replaceAll('+', '-').replaceAll('/', '_');
}

/**
 * The header for a registry domain (`docker.io`, `127.0.0.1:5000`), from the
 * user's credentials. Awaited: the lookup may run a credential helper.
 */
export async function registryAuthFor(domain: string, environment: NodeJS.ProcessEnv = process.env): Promise<RegistryAuth> {
	const credentials = await lookUpCredentials(domain, environment);
	const header = encodeRegistryAuth(credentials, authKeyFor(domain));
	const secrets = [header];
	if (credentials && 'identityToken' in credentials) {
		secrets.push(credentials.identityToken);
	} else if (credentials) {
		secrets.push(credentials.password, Buffer.from(`${credentials.username}:${credentials.password}`, 'utf8').toString('base64'));
	}

	return {header, secrets: secrets.filter(secret => secret.length >= minimumSecretLength)};
}

/** Shorter than this, a "secret" would blank ordinary words of a message and hides nothing worth hiding. */
const minimumSecretLength = 4;

/** The text with every secret replaced by `*****`. */
export function withoutSecrets(text: string, secrets: readonly string[]): string {
	let clean = text;
	for (const secret of secrets) {
		clean = clean.replaceAll(secret, '*****');
	}

	return clean;
}

/**
 * An engine's progress lines (pull or push) as events for `emit`, parsed by
 * `eventOf`, with any secret taken out of what a status line says.
 */
export function scrubbedProgress(eventOf: (line: JSONMessage) => PullEvent | undefined, secrets: readonly string[], emit: (event: PullEvent) => void): (line: JSONMessage) => void {
	return line => {
		const event = eventOf(line);
		if (event?.kind === 'status') {
			event.message = withoutSecrets(event.message, secrets);
		}

		if (event) {
			emit(event);
		}
	};
}

/** Runs `work`; an error it throws leaves with its message cleared of the secrets (same error, same class). */
export async function keepingSecrets<T>(secrets: readonly string[], work: () => Promise<T>): Promise<T> {
	try {
		return await work();
	} catch (error) {
		if (error instanceof Error && secrets.length > 0) {
			error.message = withoutSecrets(error.message, secrets);
		}

		throw error;
	}
}
