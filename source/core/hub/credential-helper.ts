/**
 * docker's credential helpers: `docker-credential-NAME` on PATH, one verb as
 * its argument, the request on stdin, the answer on stdout.
 *
 *   get     server URL in → `{"ServerURL","Username","Secret"}` out; a user
 *           name of `<token>` means the secret is an identity token
 *   store   `{"ServerURL","Username","Secret"}` in
 *   erase   server URL in
 *   list    → `{"server URL": "user name"}`
 *
 * "credentials not found in native keychain" (with a non-zero exit) means
 * there are none, not a failure. Everything else that goes wrong is one line
 * naming the helper. A secret never reaches a message: the helper's own
 * words are cleaned, cut short and have the secret masked before they do.
 */
import {spawn} from 'node:child_process';
import {DockyardError} from '../errors.js';
import {cleanText} from '../text.js';
import type {Credentials} from './credentials.js';

/** The helper is missing, failed, hung, or answered nonsense. */
export class CredentialHelperError extends DockyardError {
	constructor(message: string) {
		super(message);
		this.name = 'CredentialHelperError';
	}
}

type Verb = 'get' | 'store' | 'erase' | 'list';

/** The user name a helper answers with when the secret is an identity token. */
const tokenUser = '<token>';
const notFound = /credentials not found/i;
const outputLimit = 1024 * 1024;

/** How long a helper may take (a keychain may ask for a passphrase): DOCKYARD_CREDENTIAL_HELPER_TIMEOUT_MS, default 60 s. */
function timeoutMs(env: NodeJS.ProcessEnv): number {
	const value = Number(env['DOCKYARD_CREDENTIAL_HELPER_TIMEOUT_MS']);
	return Number.isFinite(value) && value > 0 ? value : 60_000;
}

export function helperProgram(name: string): string {
	return `docker-credential-${name}`;
}

/** What a helper said, safe for a message: one line, no control characters, no secret. */
function said(output: string, secret?: string): string {
	let text = output;
	if (secret) {
		// Raw, and as it appears inside the JSON the helper was given.
		text = text.replaceAll(JSON.stringify(secret).slice(1, -1), '***').replaceAll(secret, '***');
	}

	text = cleanText(text);
	return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

type Outcome = {code: number | null; stdout: string};

async function runHelper(name: string, verb: Verb, input: string, env: NodeJS.ProcessEnv, secret?: string): Promise<Outcome> {
	const program = helperProgram(name);
	if (!/^[\w.@+-]+$/.test(name)) {
		throw new CredentialHelperError(`invalid credential helper name "${name}" in the docker config (${program})`);
	}

	const limit = timeoutMs(env);
	return new Promise<Outcome>((resolve, reject) => {
		let stdout = '';
		let settled = false;
		const child = spawn(program, [verb], {env, stdio: ['pipe', 'pipe', 'pipe']});
		const fail = (message: string) => {
			if (!settled) {
				settled = true;
				clearTimeout(timer);
				reject(new CredentialHelperError(message));
			}
		};

		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			// A grandchild (a pinentry, a sleep) may hold the pipes open: let go of them.
			child.stdout.destroy();
			child.stderr.destroy();
			fail(`credential helper ${program} did not answer "${verb}" within ${limit < 1000 ? `${limit} ms` : `${Math.round(limit / 1000)} s`}`);
		}, limit);
		const collect = (chunk: Buffer) => {
			if (stdout.length < outputLimit) {
				stdout += chunk.toString('utf8');
			}
		};

		child.stdout.on('data', collect);
		// docker reads the helper's combined output; its words on stderr explain a failure as well.
		child.stderr.on('data', collect);
		child.on('error', (error: NodeJS.ErrnoException) => {
			fail(error.code === 'ENOENT'
				? `credential helper ${program} is not installed (not found on PATH)`
				: `credential helper ${program} could not be run: ${said(error.message)}`);
		});
		child.on('close', code => {
			if (!settled) {
				settled = true;
				clearTimeout(timer);
				resolve({code, stdout});
			}
		});
		// A helper that exits without reading its input must not turn into an EPIPE.
		child.stdin.on('error', () => {});
		child.stdin.end(input);
	}).then(outcome => {
		if (outcome.code !== 0 && !notFound.test(outcome.stdout)) {
			const words = said(outcome.stdout, secret);
			throw new CredentialHelperError(`credential helper ${program} failed to ${verb} credentials (exit ${outcome.code ?? 'by signal'})${words ? `: ${words}` : ''}`);
		}

		return outcome;
	});
}

/** The credentials a helper keeps for a server URL, or undefined when it keeps none. */
export async function helperGet(name: string, serverUrl: string, env: NodeJS.ProcessEnv): Promise<Credentials | undefined> {
	const {code, stdout} = await runHelper(name, 'get', serverUrl, env);
	if (code !== 0) {
		return undefined;
	}

	let answer: unknown;
	try {
		answer = JSON.parse(stdout);
	} catch {}

	const program = helperProgram(name);
	if (typeof answer !== 'object' || answer === null) {
		throw new CredentialHelperError(`credential helper ${program} answered "get" for ${serverUrl} with something that is not JSON`);
	}

	const {Username: username, Secret: secret} = answer as {Username?: unknown; Secret?: unknown};
	if (typeof username !== 'string' || typeof secret !== 'string') {
		throw new CredentialHelperError(`credential helper ${program} answered "get" for ${serverUrl} without Username and Secret`);
	}

	if (secret === '') {
		return undefined;
	}

	return username === tokenUser ? {identityToken: secret} : {username, password: secret};
}

/** Hands credentials to a helper to keep (`docker login`'s `store`). */
export async function helperStore(name: string, serverUrl: string, credentials: Credentials, env: NodeJS.ProcessEnv): Promise<void> {
	const secret = 'identityToken' in credentials ? credentials.identityToken : credentials.password;
	const username = 'identityToken' in credentials ? tokenUser : credentials.username;
	const {code, stdout} = await runHelper(name, 'store', JSON.stringify({ServerURL: serverUrl, Username: username, Secret: secret}), env, secret);
	if (code !== 0) {
		// "not found" from a store makes no sense: it is a failure like any other.
		throw new CredentialHelperError(`credential helper ${helperProgram(name)} failed to store credentials: ${said(stdout, secret)}`);
	}
}

/** Asks a helper to forget a server URL; false when it kept nothing for it. */
export async function helperErase(name: string, serverUrl: string, env: NodeJS.ProcessEnv): Promise<boolean> {
	return (await runHelper(name, 'erase', serverUrl, env)).code === 0;
}

/** The server URLs a helper keeps credentials for (with their user names). */
export async function helperList(name: string, env: NodeJS.ProcessEnv): Promise<Record<string, string>> {
	const {code, stdout} = await runHelper(name, 'list', '', env);
	let answer: unknown;
	try {
		answer = code === 0 ? JSON.parse(stdout) : {};
	} catch {}

	if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) {
		throw new CredentialHelperError(`credential helper ${helperProgram(name)} answered "list" with something that is not a JSON object`);
	}

	return Object.fromEntries(Object.entries(answer).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}
