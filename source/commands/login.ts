import {DockyardError, UsageError} from '../core/errors.js';
import {forgetCredentials, resolveCredentials, saveCredentials} from '../core/hub/credential-lookup.js';
import {authHost, authKeyFor, dockerConfigPath} from '../core/hub/credentials.js';
import {endpointFor} from '../core/hub/registry/endpoint.js';
import {LoginRefusedError, verifyLogin} from '../core/hub/registry/login-check.js';
import {defaultDomain} from '../core/reference.js';
import {teach} from '../core/teach.js';
import type {Command} from './command.js';
import {applyTlsVerify, tlsVerifyOption, tlsVerifyUsage} from './tls-verify-flag.js';

const dockerHubHosts = new Set([defaultDomain, 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);
const hostPattern = /^(?:[a-z\d](?:[a-z\d-]*[a-z\d])?(?:\.[a-z\d](?:[a-z\d-]*[a-z\d])?)*|\[[a-f\d:]+\])(?::\d{1,5})?$/i;

/** The registry domain a SERVER argument names: `docker.io` when none; scheme and path dropped as docker drops them. */
export function serverDomain(server: string | undefined): string {
	if (server === undefined || server.trim() === '') {
		return defaultDomain;
	}

	const host = authHost(server);
	if (!hostPattern.test(host)) {
		throw new DockyardError(`invalid registry address "${server}"`);
	}

	return dockerHubHosts.has(host) ? defaultDomain : host;
}

/** How docker names a server in its messages: Docker Hub by its `auths` key. */
function serverName(domain: string): string {
	return authKeyFor(domain);
}

async function readStdin(): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of process.stdin) {
		chunks.push(chunk as Buffer);
	}

	return Buffer.concat(chunks).toString('utf8');
}

/** One line from the terminal; without echo for a password. */
async function promptLine(label: string, hidden: boolean): Promise<string> {
	const stdin = process.stdin;
	process.stdout.write(label);
	return new Promise((resolve, reject) => {
		let text = '';
		const wasRaw = stdin.isRaw;
		stdin.setRawMode(true);
		stdin.resume();
		stdin.setEncoding('utf8');
		const finish = (error?: Error) => {
			stdin.off('data', onData);
			stdin.setRawMode(wasRaw);
			stdin.pause();
			process.stdout.write('\n');
			if (error) {
				reject(error);
			} else {
				resolve(text);
			}
		};

		const onData = (data: string) => {
			for (const character of data) {
				if (character === '\r' || character === '\n') {
					finish();
					return;
				}

				if (character === '\u0003' || character === '\u0004') {
					finish(new DockyardError('login cancelled'));
					return;
				}

				if (character === '\u007F' || character === '\b') {
					if (text.length > 0) {
						text = text.slice(0, -1);
						if (!hidden) {
							process.stdout.write('\b \b');
						}
					}

					continue;
				}

				if (character >= ' ') {
					text += character;
					if (!hidden) {
						process.stdout.write(character);
					}
				}
			}
		};

		stdin.on('data', onData);
	});
}

export const login: Command = {
	name: 'login',
	usage: `Usage: dockyard login [OPTIONS] [SERVER]

Log in to a registry.
If no server is specified, Docker Hub (docker.io) is used.

Options:
  -p, --password string   Password
      --password-stdin    Take the password from stdin
  -u, --username string   Username
${tlsVerifyUsage}

The credentials are checked against the registry first, then stored where
docker keeps them: by the credential helper that $DOCKER_CONFIG/config.json
(default ~/.docker/config.json) names for the registry (credHelpers, else
credsStore), else in that file's auths.`,
	options: {
		username: {type: 'string', short: 'u'},
		password: {type: 'string', short: 'p'},
		'password-stdin': {type: 'boolean'},
		...tlsVerifyOption,
	},
	arity: [0, 1],
	async plan({args, flags}) {
		const name = serverName(serverDomain(args[0]));
		return {
			would: [`Would check the credentials with ${name}, then store them in $DOCKER_CONFIG/config.json`],
			equivalents: teach({kind: 'login', server: args[0], username: flags['username'] as string | undefined}),
		};
	},
	async run({args, flags, backend, out, err, explain, environment}) {
		const domain = serverDomain(args[0]);
		applyTlsVerify(flags, domain);
		let username = flags['username'] as string | undefined;
		let password = flags['password'] as string | undefined;
		const fromStdin = Boolean(flags['password-stdin']);
		if (password !== undefined) {
			err('WARNING! Using --password via the CLI is insecure. Use --password-stdin.');
			if (fromStdin) {
				throw new UsageError('--password and --password-stdin are mutually exclusive');
			}
		}

		if (fromStdin) {
			if (!username) {
				throw new UsageError('Must provide --username with --password-stdin');
			}

			password = (await readStdin()).replace(/\n$/, '').replace(/\r$/, '');
		}

		// Login writes docker's own config, whatever the backend; the store's settings only add insecure registries.
		const insecure = backend().capabilities.settings?.read(environment).insecureRegistries ?? [];
		const endpoint = endpointFor(domain, insecure, environment);
		const interactive = Boolean(process.stdin.isTTY);

		// No username and no password: try what is stored, as docker does.
		if (username === undefined && password === undefined) {
			const stored = await resolveCredentials(domain, environment);
			if (stored && 'username' in stored) {
				out('Authenticating with existing credentials...');
				try {
					await verifyLogin(endpoint, stored);
					out('Login Succeeded');
					explain(teach({kind: 'login', server: args[0]}));
					return;
				} catch (error) {
					if (!(error instanceof LoginRefusedError) || !interactive) {
						throw error;
					}

					err(`Login did not succeed, error: ${error.message}`);
				}
			}
		}

		if (username === undefined || password === undefined) {
			if (!interactive) {
				throw new DockyardError('Cannot perform an interactive login from a non TTY device');
			}

			username ??= (await promptLine('Username: ', false)).trim();
			password ??= await promptLine('Password: ', true);
		}

		if (!username) {
			throw new DockyardError('Non-null Username Required');
		}

		if (!password) {
			throw new DockyardError('Password Required');
		}

		const credentials = {username, password};
		await verifyLogin(endpoint, credentials);
		const {helper} = await saveCredentials(domain, credentials, environment);
		if (!helper) {
			err(`WARNING! Your password will be stored unencrypted in ${dockerConfigPath(environment)}.`);
			err('Configure a credential helper to remove this warning. See');
			err('https://docs.docker.com/go/credential-store/');
			err('');
		}

		out('Login Succeeded');
		explain(teach({kind: 'login', server: args[0], username}));
	},
};

export const logout: Command = {
	name: 'logout',
	usage: `Usage: dockyard logout [SERVER]

Log out from a registry.
If no server is specified, Docker Hub (docker.io) is used.

Asks the credential helper configured for the registry (if any) to erase its
credentials, and removes the registry's entry from $DOCKER_CONFIG/config.json
(default ~/.docker/config.json); every other entry and setting is kept.`,
	arity: [0, 1],
	async plan({args}) {
		return {would: [`Would remove the login for ${serverName(serverDomain(args[0]))} from $DOCKER_CONFIG/config.json`], equivalents: teach({kind: 'logout', server: args[0]})};
	},
	async run({args, out, explain, environment}) {
		const domain = serverDomain(args[0]);
		const name = serverName(domain);
		if (await forgetCredentials(domain, environment)) {
			out(`Removing login credentials for ${name}`);
		} else {
			out(`Not logged in to ${name}`);
		}

		explain(teach({kind: 'logout', server: args[0]}));
	},
};
