/**
 * `POST /auth`: `docker login` against the server. As dockerd does, the
 * server only checks the credentials with the registry (`GET /v2/`, Basic or
 * a Bearer token) and answers `Login Succeeded`; the docker CLI then keeps
 * them in its own config (or helper) and sends them back in
 * `X-Registry-Auth` with each pull and push. Nothing is stored here.
 */
import {authHost, authKeyFor, dockerHubAuthKey} from '../../hub/credentials.js';
import {endpointFor} from '../../hub/registry/endpoint.js';
import {LoginRefusedError, verifyLogin} from '../../hub/registry/login-check.js';
import {defaultDomain} from '../../reference.js';
import type {Handler} from './context.js';
import {jsonBody} from './request.js';
import {HttpError, sendJson} from './respond.js';

type AuthBody = {username: string; password: string; serveraddress: string; identitytoken: string};

/** The registry domain a login names: Docker Hub's addresses are `docker.io`. */
function loginDomain(server: string): string {
	if (server.trim() === '' || authKeyFor(server) === dockerHubAuthKey) {
		return defaultDomain;
	}

	return authHost(server);
}

export const login: Handler = async (request, {backend}) => {
	const body = await jsonBody<AuthBody>(request);
	const username = typeof body.username === 'string' ? body.username : '';
	const password = typeof body.password === 'string' ? body.password : '';
	if (username === '' || password === '') {
		// An identity token alone cannot be checked without the registry's OAuth flow; dockerd would try, we say so.
		throw new HttpError(400, 'dockyard serve checks a username and password; log in with --username and --password-stdin');
	}

	const domain = loginDomain(typeof body.serveraddress === 'string' ? body.serveraddress : '');
	const insecure = backend.capabilities.settings?.read().insecureRegistries ?? [];
	try {
		await verifyLogin(endpointFor(domain, insecure), {username, password});
	} catch (error) {
		if (error instanceof LoginRefusedError) {
			throw new HttpError(401, error.message);
		}

		throw error;
	}

	sendJson(request.response, 200, {IdentityToken: '', Status: 'Login Succeeded'});
};

