/**
 * Getting in: anonymous first; on a 401, the challenge decides. `Bearer`
 * gets a token from the realm (with Basic credentials when the user logged
 * in, or an identity token through OAuth2), cached per scope until it
 * expires; `Basic` sends the stored username and password.
 */
import {RegistryError} from '../../errors.js';
import type {Credentials} from '../credentials.js';
import {defaultDomain} from '../../reference.js';
import {readLimited} from './body.js';
import {parseChallenges} from './challenge.js';
import type {Transport} from './transport.js';

type Cached = {header: string; expires: number};

/** A token is renewed this long (at most half its life) before the registry said it expires. */
const marginMs = 5000;

/** `Authorization: Basic …` for a username and password, as RFC 7617 has it (UTF-8). */
export function basicHeader(credentials: {username: string; password: string}): string {
	return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`, 'utf8').toString('base64')}`;
}

export class Authorizer {
	readonly #transport: Transport;
	readonly #credentials: () => Promise<Credentials | undefined>;
	readonly #tokens = new Map<string, Cached>();
	#basic?: string;

	/** `credentials` is asked only when a registry challenges (it may run a credential helper). */
	constructor(transport: Transport, credentials: () => Promise<Credentials | undefined>) {
		this.#transport = transport;
		this.#credentials = credentials;
	}

	/** The header to send before any challenge, from an earlier answer for this scope. */
	cached(scope: string): string | undefined {
		if (this.#basic) {
			return this.#basic;
		}

		const token = this.#tokens.get(scope);
		if (token && token.expires > Date.now()) {
			return token.header;
		}

		this.#tokens.delete(scope);
		return undefined;
	}

	forget(scope: string): void {
		this.#tokens.delete(scope);
		this.#basic = undefined;
	}

	/**
	 * The Authorization header that answers a 401's challenge for `scope`, or
	 * an error saying there is no way in. `subject` names what was asked for.
	 */
	async answer(header: string | null, scope: string, subject: string, signal?: AbortSignal): Promise<string> {
		const challenges = parseChallenges(header);
		const bearer = challenges.find(challenge => challenge.scheme === 'bearer');
		const credentials = await this.#credentials();
		if (bearer?.params['realm']) {
			const cached = await this.#token(bearer.params, scope, subject, credentials, signal);
			this.#tokens.set(scope, cached);
			return cached.header;
		}

		if (challenges.some(challenge => challenge.scheme === 'basic') && credentials && 'username' in credentials) {
			this.#basic = basicHeader(credentials);
			return this.#basic;
		}

		throw this.unauthorized(subject, Boolean(credentials));
	}

	/** "unauthorized: authentication required for 127.0.0.1:5000/x (dockyard login 127.0.0.1:5000)" */
	unauthorized(subject: string, hadCredentials: boolean): RegistryError {
		const domain = this.#transport.endpoint.domain;
		const login = domain === defaultDomain ? 'dockyard login' : `dockyard login ${domain}`;
		return new RegistryError(hadCredentials
			? `unauthorized: ${domain} refused the stored credentials for ${subject} (${login})`
			: `unauthorized: authentication required for ${subject} (${login})`);
	}

	async #token(params: Record<string, string>, scope: string, subject: string, credentials: Credentials | undefined, signal?: AbortSignal): Promise<Cached> {
		const domain = this.#transport.endpoint.domain;
		let realm: URL;
		try {
			realm = new URL(params['realm']!);
		} catch {
			throw new RegistryError(`${domain} gave an invalid token realm: ${params['realm']!.slice(0, 200)}`);
		}

		const scopes = [...new Set([scope, ...(params['scope'] ? [params['scope']] : [])].filter(Boolean))];
		const service = params['service'];
		const what = `a token for ${subject} (${realm.host})`;
		let reply;
		if (credentials && 'identityToken' in credentials) {
			const form = new URLSearchParams({grant_type: 'refresh_token', refresh_token: credentials.identityToken, client_id: 'dockyard'});
			if (service) {
				form.set('service', service);
			}

			form.set('scope', scopes.join(' '));
			reply = await this.#transport.send(realm, {method: 'POST', body: form.toString(), headers: {'Content-Type': 'application/x-www-form-urlencoded'}, signal, what});
		} else {
			const url = new URL(realm);
			if (service) {
				url.searchParams.set('service', service);
			}

			for (const entry of scopes) {
				url.searchParams.append('scope', entry);
			}

			const headers: Record<string, string> = {};
			if (credentials) {
				headers['Authorization'] = basicHeader(credentials);
			}

			reply = await this.#transport.send(url, {headers, signal, what});
		}

		const {status} = reply.response;
		if (status === 401 || status === 403) {
			reply.done();
			throw this.unauthorized(subject, Boolean(credentials));
		}

		if (status !== 200) {
			reply.done();
			throw new RegistryError(`the token server of ${domain} (${realm.host}) answered ${status} for ${subject}`);
		}

		const body = await readLimited(reply, 1024 * 1024, 'a token', domain);
		let parsed: {token?: unknown; access_token?: unknown; expires_in?: unknown; issued_at?: unknown};
		try {
			parsed = JSON.parse(body.toString('utf8')) as typeof parsed;
		} catch {
			throw new RegistryError(`the token server of ${domain} (${realm.host}) answered something that is not JSON`);
		}

		const token = typeof parsed.token === 'string' && parsed.token !== '' ? parsed.token : parsed.access_token;
		if (typeof token !== 'string' || token === '' || /[\r\n]/.test(token)) {
			throw new RegistryError(`the token server of ${domain} (${realm.host}) gave no token`);
		}

		const seconds = typeof parsed.expires_in === 'number' && parsed.expires_in > 0 ? parsed.expires_in : 60;
		const issued = typeof parsed.issued_at === 'string' ? Date.parse(parsed.issued_at) : Number.NaN;
		const start = Number.isFinite(issued) && Math.abs(issued - Date.now()) < 3_600_000 ? issued : Date.now();
		return {header: `Bearer ${token}`, expires: start + (seconds * 1000) - Math.min(marginMs, seconds * 500)};
	}
}
