/**
 * Certificates for the tests' TLS servers (registries, dockerd on tcp), made
 * with the system's `openssl` in a temp directory: a CA, a server certificate
 * for `localhost` and `127.0.0.1` (plus any other names asked for), and a
 * client certificate with `extendedKeyUsage=clientAuth` for mutual TLS.
 * Nothing here touches /etc or the user's home.
 */
import {execFileSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type TestCertificates = {
	/** The directory holding every file below; `remove()` deletes it. */
	directory: string;
	/** The CA's certificate (PEM path), the one a client must trust. */
	caCert: string;
	caKey: string;
	/** The server's certificate and key (PEM paths). */
	serverCert: string;
	serverKey: string;
	/** A client certificate and key for mutual TLS (PEM paths). */
	clientCert: string;
	clientKey: string;
	/** The CA's PEM text. */
	caPem: () => string;
	remove: () => void;
};

export type CertificateOptions = {
	/** Names the server certificate is valid for, besides localhost and 127.0.0.1 (DNS names, or IPs). */
	extraNames?: string[];
	/** Days the server certificate is valid; a negative number makes one that has already expired. */
	serverDays?: number;
	/** The CA's common name (default "dockyard test CA"). */
	caName?: string;
};

function openssl(args: string[], cwd: string): void {
	execFileSync('openssl', args, {cwd, stdio: ['ignore', 'ignore', 'pipe'], timeout: 30_000});
}

function subjectAltNames(extra: string[]): string {
	const names = ['DNS:localhost', 'IP:127.0.0.1', 'IP:::1'];
	for (const name of extra) {
		names.push(/^[\d.]+$|:/.test(name) ? `IP:${name}` : `DNS:${name}`);
	}

	return names.join(',');
}

/** Makes a CA, a server certificate signed by it, and a client certificate signed by it. */
export function makeTestCertificates(options: CertificateOptions = {}): TestCertificates {
	const directory = mkdtempSync(path.join(os.tmpdir(), 'dockyard-certs-'));
	const file = (name: string) => path.join(directory, name);
	const caName = options.caName ?? 'dockyard test CA';
	openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt',
		'-days', '2', '-subj', `/CN=${caName}`,
		'-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], directory);

	writeFileSync(file('server.ext'), [
		'basicConstraints=CA:FALSE',
		'keyUsage=digitalSignature,keyEncipherment',
		'extendedKeyUsage=serverAuth',
		`subjectAltName=${subjectAltNames(options.extraNames ?? [])}`,
		'',
	].join('\n'));
	openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost'], directory);
	const serverDays = options.serverDays ?? 2;
	if (serverDays > 0) {
		openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial',
			'-out', 'server.crt', '-days', String(serverDays), '-extfile', 'server.ext'], directory);
	} else {
		// An expired certificate: valid from two days ago until yesterday (openssl x509 cannot back-date; `ca` can).
		writeFileSync(file('index.txt'), '');
		writeFileSync(file('serial'), '01\n');
		writeFileSync(file('ca.cnf'), [
			'[ca]', 'default_ca = test', '[test]', `dir = ${directory}`, 'database = $dir/index.txt',
			'new_certs_dir = $dir', 'serial = $dir/serial', 'default_md = sha256', 'policy = any',
			'copy_extensions = none', '[any]', 'commonName = supplied', '',
		].join('\n'));
		const start = new Date(Date.now() - (2 * 86_400_000));
		const end = new Date(Date.now() - 86_400_000);
		const asn1 = (date: Date) => date.toISOString().replaceAll(/[-:T]/g, '').slice(2, 14) + 'Z';
		openssl(['ca', '-batch', '-config', 'ca.cnf', '-cert', 'ca.crt', '-keyfile', 'ca.key', '-in', 'server.csr',
			'-out', 'server.crt', '-startdate', asn1(start), '-enddate', asn1(end), '-extfile', 'server.ext', '-notext'], directory);
	}

	writeFileSync(file('client.ext'), 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=clientAuth\n');
	openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'client.key', '-out', 'client.csr', '-subj', '/CN=dockyard test client'], directory);
	openssl(['x509', '-req', '-in', 'client.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial',
		'-out', 'client.crt', '-days', '2', '-extfile', 'client.ext'], directory);

	return {
		directory,
		caCert: file('ca.crt'),
		caKey: file('ca.key'),
		serverCert: file('server.crt'),
		serverKey: file('server.key'),
		clientCert: file('client.crt'),
		clientKey: file('client.key'),
		caPem: () => readFileSync(file('ca.crt'), 'utf8'),
		remove() {
			rmSync(directory, {recursive: true, force: true});
		},
	};
}
