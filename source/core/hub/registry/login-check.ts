/**
 * `login`'s check that a username and password open a registry, before they
 * are stored: `GET /v2/` → 401 with a challenge → Basic credentials, or a
 * token asked of the `Bearer realm` with them → `GET /v2/` again → 200.
 */
import {RegistryError} from '../../errors.js';
import {cleanText} from '../../text.js';
import type {AnswerHeaders} from './answer.js';
import {basicHeader} from './auth.js';
import {limits, readLimited} from './body.js';
import {parseChallenges} from './challenge.js';
import type {Endpoint} from './endpoint.js';
import {Transport, transportSettings, type TransportSettings} from './transport.js';

/** The registry said no to these credentials; nothing is stored. */
export class LoginRefusedError extends RegistryError {
	constructor(message: string) {
		super(message);
		this.name = 'LoginRefusedError';
	}
}

/** Resolves when the credentials open the registry; a LoginRefusedError when they do not. */
export async function verifyLogin(endpoint: Endpoint, credentials: {username: string; password: string}, settings: TransportSettings = transportSettings()): Promise<void> {
	// https first; the URL that answered (plain http for an insecure registry) is the one messages name, as docker's.
	let ping = new URL('/v2/', endpoint.registry);
	const basic = basicHeader(credentials);
	const refused = (status: number, statusText: string) => new LoginRefusedError(`login attempt to ${ping.href} failed with status: ${status} ${statusText || 'Unauthorized'}`);
	// The pull client's transport: plain http only where allowed, retries, a stall timeout, no credentials to another origin.
	const transport = new Transport(endpoint, settings);
	const request = async (url: URL, authorization?: string): Promise<{status: number; statusText: string; headers: AnswerHeaders; text: string}> => {
		const what = url.origin === ping.origin ? 'a login check' : `a token (${url.host})`;
		const reply = await transport.send(url, {headers: authorization ? {Authorization: authorization} : {}, what});
		if (url === ping && reply.url.host === ping.host) {
			ping = reply.url;
		}

		const {status, statusText, headers} = reply.response;
		const body = await readLimited(reply, limits.small, `the answer to ${what}`, endpoint.domain);
		return {status, statusText, headers, text: body.toString('utf8')};
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
