/**
 * The TLS options for one registry: the trusted roots plus every `*.crt` of
 * its certs.d directories, a client certificate from the first directory
 * that has one, and whether the server's certificate is verified at all.
 */
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {RegistryError} from '../errors.js';
import {fsProblem, isErrno} from '../fs-errors.js';
import {certDirectories, type CertRoots} from './cert-directories.js';

export type RegistryTls = {
	/** The registry's own CAs, trusted beside the roots. */
	extraCa: string[];
	cert?: string;
	key?: string;
	/** False for an insecure registry: encrypted, but any certificate is taken. */
	rejectUnauthorized: boolean;
	/** Where the registry's own CAs and client certificate were found, for messages. */
	sources: string[];
};

export function registryTls(hostPort: string, verify: boolean, roots: CertRoots = {}): RegistryTls {
	const extra: string[] = [];
	const sources: string[] = [];
	let client: {cert: string; key: string} | undefined;
	for (const directory of certDirectories(hostPort, roots)) {
		const names = listing(directory);
		for (const name of names) {
			if (name.endsWith('.crt')) {
				extra.push(read(path.join(directory, name)));
				sources.push(path.join(directory, name));
			}
		}

		// docker's rule: NAME.cert beside NAME.key; the first pair found is used.
		const certName = client ? undefined : names.find(name => name.endsWith('.cert'));
		if (certName) {
			const keyName = `${certName.slice(0, -'.cert'.length)}.key`;
			if (!names.includes(keyName)) {
				throw new RegistryError(`${path.join(directory, certName)} has no ${keyName} beside it: a client certificate needs its key`);
			}

			client = {cert: read(path.join(directory, certName)), key: read(path.join(directory, keyName))};
			sources.push(path.join(directory, certName));
		}
	}

	return {extraCa: extra, ...client, rejectUnauthorized: verify, sources};
}

function listing(directory: string): string[] {
	try {
		return readdirSync(directory).sort();
	} catch (error) {
		if (isErrno(error) && (error.code === 'ENOENT' || error.code === 'ENOTDIR')) {
			return [];
		}

		throw new RegistryError(`${directory} cannot be read: ${fsProblem(error)}`);
	}
}

function read(file: string): string {
	try {
		return readFileSync(file, 'utf8');
	} catch (error) {
		throw new RegistryError(`${file} cannot be read: ${isErrno(error) ? fsProblem(error) : String(error)}`);
	}
}
