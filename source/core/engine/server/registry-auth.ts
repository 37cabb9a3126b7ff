/**
 * The docker CLI's `X-Registry-Auth` header, as dockerd reads it: base64
 * (URL-safe, padded, as Go's base64.URLEncoding writes it) of the JSON
 * `{"username","password","serveraddress"}` or `{"identitytoken"}`; `e30=`
 * (`{}`) when the user has no credentials for that registry. A header that
 * does not decode counts as none, as dockerd treats it.
 */
import type {Credentials} from '../../hub/credentials.js';

type AuthConfig = {username?: unknown; password?: unknown; auth?: unknown; identitytoken?: unknown; serveraddress?: unknown};

/** The credentials in an auth config (the header's JSON, or `POST /auth`'s body), if it holds any. */
export function credentialsOf(config: AuthConfig): Credentials | undefined {
	if (typeof config.identitytoken === 'string' && config.identitytoken !== '') {
		return {identityToken: config.identitytoken};
	}

	let {username, password} = config;
	// `auth` is base64 `user:password`, as in config.json; the CLI sends the split form, other clients may not.
	if ((typeof username !== 'string' || username === '') && typeof config.auth === 'string' && config.auth !== '') {
		const decoded = Buffer.from(config.auth, 'base64').toString('utf8');
		const colon = decoded.indexOf(':');
		if (colon > 0) {
			username = decoded.slice(0, colon);
			password = decoded.slice(colon + 1);
		}
	}

	if (typeof username === 'string' && username !== '' && typeof password === 'string') {
		return {username, password};
	}

	return undefined;
}

/** The credentials an `X-Registry-Auth` header carries, if any. */
export function registryAuthCredentials(header: string | string[] | undefined): Credentials | undefined {
	const value = Array.isArray(header) ? header[0] : header;
	if (!value) {
		return undefined;
	}

	try {
		// Node's base64 decoder takes the URL-safe alphabet as well as the standard one.
		const parsed: unknown = JSON.parse(Buffer.from(value, 'base64').toString('utf8'));
		return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? credentialsOf(parsed as AuthConfig) : undefined;
	} catch {
		return undefined;
	}
}
