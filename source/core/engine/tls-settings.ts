/**
 * TLS to a tcp:// engine, chosen as docker's CLI 28 chooses it. For -H and
 * DOCKER_HOST (the default context): `--tlsverify` (or DOCKER_TLS_VERIFY set
 * to anything) verifies the server and implies `--tls` (or DOCKER_TLS);
 * `--tls` alone encrypts without verifying. The files are `--tlscacert`,
 * `--tlscert`, `--tlskey`, else `ca.pem`, `cert.pem`, `key.pem` in
 * DOCKER_CERT_PATH (default: docker's config directory). The CA file must
 * exist (docker reads it even for `--tls`); a missing default client pair is
 * no client certificate. A named context keeps its own files in
 * `contexts/tls/<sha256 of its name>/docker/` and `SkipTLSVerify` in its meta.
 */
import {existsSync, readFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {DockyardError} from '../errors.js';
import {cleanText} from '../text.js';
import type {EngineFlags, TlsSettings} from './host.js';

/** The default context's TLS, or undefined for plain TCP. */
export function tlsFromFlags(flags: EngineFlags, env: NodeJS.ProcessEnv): TlsSettings | undefined {
	const verify = flags.tlsverify ?? set(env['DOCKER_TLS_VERIFY']);
	// Any --tlsverify, even =false, turns TLS on (docker: "if they specify --tlsverify at all").
	const tls = flags.tlsverify !== undefined || verify || (flags.tls ?? set(env['DOCKER_TLS']));
	if (!tls) {
		return undefined;
	}

	const certDirectory = set(env['DOCKER_CERT_PATH']) ? env['DOCKER_CERT_PATH']! : configDirectory(env);
	const caFile = flags.tlscacert ?? path.join(certDirectory, 'ca.pem');
	const certFile = flags.tlscert ?? path.join(certDirectory, 'cert.pem');
	const keyFile = flags.tlskey ?? path.join(certDirectory, 'key.pem');
	return {
		verify,
		ca: readPem(caFile),
		// A default pair that is not there is no client certificate; one named by a flag must be there.
		cert: flags.tlscert !== undefined || existsSync(certFile) ? readPem(certFile) : undefined,
		key: flags.tlskey !== undefined || existsSync(keyFile) ? readPem(keyFile) : undefined,
	};
}

/** A named context's TLS: its stored files, and SkipTLSVerify; undefined when it has neither (plain TCP). */
export function tlsFromContext(directory: string, skipVerify: boolean, name: string): TlsSettings | undefined {
	const file = (base: string) => path.join(directory, base);
	const present = ['ca.pem', 'cert.pem', 'key.pem'].filter(base => existsSync(file(base)));
	if (present.length === 0 && !skipVerify) {
		return undefined;
	}

	const read = (base: string) => present.includes(base) ? readPem(file(base), `context "${cleanText(name)}"`) : undefined;
	return {verify: !skipVerify, ca: read('ca.pem'), cert: read('cert.pem'), key: read('key.pem')};
}

/** A PEM file's text; docker's words when it cannot be read, or holds no PEM block. */
function readPem(file: string, owner?: string): string {
	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		const why = code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : code ?? 'cannot be read';
		throw new DockyardError(`unable to resolve docker endpoint: ${owner ? `${owner}: ` : ''}open ${cleanText(file)}: ${why}`);
	}

	if (!text.includes('-----BEGIN ')) {
		throw new DockyardError(`failed to retrieve context tls info: ${cleanText(path.basename(file))} seems invalid`);
	}

	return text;
}

function configDirectory(env: NodeJS.ProcessEnv): string {
	return set(env['DOCKER_CONFIG']) ? env['DOCKER_CONFIG']! : path.join(set(env['HOME']) ? env['HOME']! : os.homedir(), '.docker');
}

function set(value: string | undefined): boolean {
	return value !== undefined && value !== '';
}
