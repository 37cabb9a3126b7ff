/**
 * `login`'s check that a username and password open a registry, before they
 * are stored: `GET /v2/` → 401 with a challenge → Basic credentials, or a
 * token asked of the `Bearer realm` with them → `GET /v2/` again → 200.
 */
import {DockyardError, RegistryError} from '../../errors.js';
import {cleanText} from '../../text.js';
import {basicHeader} from './auth.js';
import {parseChallenges} from './challenge.js';
import {networkReason} from './dockerhub-search.js';
import type {Endpoint} from './endpoint.js';

/** The registry said no to these credentials; nothing is stored. */
export class LoginRefusedError extends RegistryError {
	constructor(message: string) {
		super(message);
		this.name = 'LoginRefusedError';
	}
}

export type LoginCheckOptions = {
	/** Each request. */
	timeoutMs?: number;
};

const bodyLimit = 1024 * 1024;

/** Resolves when the credentials open the registry; a LoginRefusedError when they do not. */
export async function verifyLogin(endpoint: Endpoint, credentials: {username: string; password: string}, fetchImpl: typeof fetch = fetch, options: LoginCheckOptions = {}): Promise<void> {
	const ping = new URL('/v2/', endpoint.registry);
	const timeoutMs = options.timeoutMs ?? 30_000;
	const basic = basicHeader(credentials);
	const refused = (status: number, statusText: string) => new LoginRefusedError(`login attempt to ${ping.href} failed with status: ${status} ${statusText || 'Unauthorized'}`);

	const request = async (url: URL, authorization?: string): Promise<{status: number; statusText: string; headers: Headers; text: string}> => {
		if (url.protocol === 'http:' && !endpoint.allowsHttp(url)) {
			throw new RegistryError(`will not send credentials to ${url.origin} over plain http: only loopback and insecure registries are reached that way`);
		}

		if (url.protocol !== 'http:' && url.protocol !== 'https:') {
			throw new RegistryError(`${url.href} is not an http(s) URL`);
		}

		try {
			const response = await fetchImpl(url, {
				headers: authorization ? {authorization} : {},
				signal: AbortSignal.timeout(timeoutMs),
			});
			const text = await response.text();
			return {status: response.status, statusText: response.statusText, headers: response.headers, text: text.slice(0, bodyLimit)};
		} catch (error) {
			if (error instanceof DockyardError) {
				throw error;
			}

			const reason = (error as Error)?.name === 'TimeoutError' ? `no answer within ${Math.round(timeoutMs / 1000)} s` : networkReason(error);
			throw new RegistryError(`cannot reach ${url.origin}: ${reason}`);
		}
	};

	const first = await request(ping);
	if (first.status === 200) {
		// The registry asks for no credentials: docker reports success too.
		return;
	}

	if (first.status !== 401) {
		throw new RegistryError(`login attempt to ${ping.href} failed with status: ${first.status} ${first.statusText}`);
	}

	// Bearer first when a registry offers both, as the pull client does.
	const challenges = parseChallenges(first.headers.get('www-authenticate'));
	const challenge = challenges.find(offer => offer.scheme === 'bearer' && offer.params['realm']) ?? challenges.find(offer => offer.scheme === 'basic');
	if (challenge?.scheme === 'basic') {
		const second = await request(ping, basic);
		if (second.status === 200) {
			return;
		}

		throw second.status === 401 || second.status === 403 ? refused(second.status, second.statusText) : new RegistryError(`login attempt to ${ping.href} failed with status: ${second.status} ${second.statusText}`);
	}

	if (challenge?.scheme !== 'bearer' || !challenge.params['realm']) {
		throw new RegistryError(`${ping.href} answered 401 without a Basic or Bearer challenge`);
	}

	let realm: URL;
	try {
		realm = new URL(challenge.params['realm']);
	} catch {
		throw new RegistryError(`${ping.href} names a token realm that is not a URL: ${cleanText(challenge.params['realm']).slice(0, 100)}`);
	}

	if (challenge.params['service']) {
		realm.searchParams.set('service', challenge.params['service']);
	}

	if (challenge.params['scope']) {
		realm.searchParams.set('scope', challenge.params['scope']);
	}

	realm.searchParams.set('account', credentials.username);
	realm.searchParams.set('client_id', 'dockyard');
	const tokenAnswer = await request(realm, basic);
	if (tokenAnswer.status === 401 || tokenAnswer.status === 403) {
		throw refused(tokenAnswer.status, tokenAnswer.statusText);
	}

	if (tokenAnswer.status !== 200) {
		throw new RegistryError(`the token server ${realm.origin} answered ${tokenAnswer.status} ${tokenAnswer.statusText}`);
	}

	let token: unknown;
	try {
		const body = JSON.parse(tokenAnswer.text) as {token?: unknown; access_token?: unknown};
		token = body.token ?? body.access_token;
	} catch {}

	if (typeof token !== 'string' || token === '') {
		throw new RegistryError(`the token server ${realm.origin} gave no token`);
	}

	const second = await request(ping, `Bearer ${token}`);
	if (second.status === 200) {
		return;
	}

	throw second.status === 401 || second.status === 403 ? refused(second.status, second.statusText) : new RegistryError(`login attempt to ${ping.href} failed with status: ${second.status} ${second.statusText}`);
}
