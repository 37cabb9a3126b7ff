/**
 * Credentials a caller hands over for one piece of work, ahead of the user's
 * stored ones: `dockyard serve` gets them from a docker client's
 * `X-Registry-Auth` header (or the body of `POST /auth`) and they must count
 * for that request only — never written anywhere, never seen by another
 * client's request running at the same time. An AsyncLocalStorage scope
 * carries them down to the registry client without threading them through
 * every layer of pull and push.
 */
import {AsyncLocalStorage} from 'node:async_hooks';
import type {Credentials} from './credentials.js';

type Scope = {domain: string; credentials: Credentials};

const scopes = new AsyncLocalStorage<Scope>();

/** Runs `work` with `credentials` standing for `domain`'s stored ones (the reference's registry domain). */
export async function withRequestCredentials<T>(domain: string, credentials: Credentials | undefined, work: () => Promise<T>): Promise<T> {
	return credentials ? scopes.run({domain, credentials}, work) : work();
}

/** The credentials the current request brought for this domain, if any. */
export function requestCredentials(domain: string): Credentials | undefined {
	const scope = scopes.getStore();
	return scope?.domain === domain ? scope.credentials : undefined;
}
