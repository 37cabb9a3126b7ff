/**
 * The rules behind registry TLS and proxies, without a network: docker's
 * proxy choice (Go's ProxyFromEnvironment), the certs.d directories read
 * for a registry (under a fake root and a temp HOME), and the one-line
 * words for each TLS failure.
 */
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, test} from 'vitest';
import {certDirectories} from '../../source/core/net/cert-directories.js';
import {proxyFor, useProxy} from '../../source/core/net/proxy-env.js';
import {registryTls} from '../../source/core/net/registry-tls.js';
import {describeTlsError, isPlainHttpAnswer, isTlsError} from '../../source/core/net/tls-error.js';

describe('which requests go through a proxy (Go\'s rules)', () => {
	const https = (host: string) => new URL(`https://${host}/v2/`);
	const http = (host: string) => new URL(`http://${host}/v2/`);

	test('HTTPS_PROXY for https, HTTP_PROXY for http, either case, upper case first; a bare host:port is http', () => {
		expect(proxyFor(https('registry.lan'), {HTTPS_PROXY: 'http://proxy:3128'})?.name).toBe('http://proxy:3128');
		expect(proxyFor(https('registry.lan'), {https_proxy: 'proxy.lan:8080'})?.name).toBe('http://proxy.lan:8080');
		expect(proxyFor(https('registry.lan'), {HTTPS_PROXY: 'http://upper:1', https_proxy: 'http://lower:1'})?.name).toBe('http://upper:1');
		expect(proxyFor(https('registry.lan'), {HTTP_PROXY: 'http://proxy:3128'})).toBeUndefined();
		expect(proxyFor(http('registry.lan'), {HTTP_PROXY: 'http://proxy:3128'})?.name).toBe('http://proxy:3128');
		expect(proxyFor(http('registry.lan'), {})).toBeUndefined();
	});

	test('credentials in the proxy URL become Proxy-Authorization and never its name', () => {
		const proxy = proxyFor(https('registry.lan'), {HTTPS_PROXY: 'http://me:s%40cret@proxy:3128'})!;
		expect(proxy.name).toBe('http://proxy:3128');
		expect(proxy.authorization).toBe(`Basic ${Buffer.from('me:s@cret').toString('base64')}`);
		expect(() => proxyFor(https('registry.lan'), {HTTPS_PROXY: 'socks5://me:secret@proxy:1080'})).toThrow(/^the proxy socks5:\/\/proxy:1080 \(HTTPS_PROXY\) is not supported/);
	});

	test('loopback and localhost never; NO_PROXY: *, host and its subdomains, .domain, host:port, IP, CIDR', () => {
		for (const host of ['localhost:5000', '127.0.0.1:5000', '127.9.9.9', '[::1]:5000']) {
			expect(useProxy(https(host), ''), host).toBe(false);
		}

		expect(useProxy(https('registry.lan'), '')).toBe(true);
		expect(useProxy(https('registry.lan'), '*')).toBe(false);
		expect(useProxy(https('registry.lan'), 'other.lan, registry.lan')).toBe(false);
		expect(useProxy(https('a.registry.lan'), 'registry.lan')).toBe(false);
		expect(useProxy(https('registry.lan'), '.registry.lan')).toBe(true);
		expect(useProxy(https('a.registry.lan'), '.registry.lan')).toBe(false);
		expect(useProxy(https('a.registry.lan'), '*.registry.lan')).toBe(false);
		expect(useProxy(https('xregistry.lan'), 'registry.lan')).toBe(true);
		expect(useProxy(https('registry.lan:5000'), 'registry.lan:5000')).toBe(false);
		expect(useProxy(https('registry.lan:5001'), 'registry.lan:5000')).toBe(true);
		expect(useProxy(https('registry.lan'), 'registry.lan:443')).toBe(false);
		expect(useProxy(https('10.1.2.3:5000'), '10.0.0.0/8')).toBe(false);
		expect(useProxy(https('11.1.2.3:5000'), '10.0.0.0/8')).toBe(true);
		expect(useProxy(https('10.1.2.3:5000'), '10.1.2.3')).toBe(false);
		expect(useProxy(https('[fd00::5]:5000'), 'fd00::/8')).toBe(false);
		expect(useProxy(https('REGISTRY.LAN'), 'registry.LAN')).toBe(false);
	});
});

describe('certs.d', () => {
	const scratch = mkdtempSync(path.join(os.tmpdir(), 'dockyard-certsd-'));
	afterAll(() => {
		rmSync(scratch, {recursive: true, force: true});
	});

	test('the user\'s directory first, then /etc/containers and /etc/docker, under a fake root; no way out of certs.d', () => {
		expect(certDirectories('registry.lan:5000', {home: '/home/me', root: '/fake'})).toEqual([
			'/home/me/.config/containers/certs.d/registry.lan:5000',
			'/fake/etc/containers/certs.d/registry.lan:5000',
			'/fake/etc/docker/certs.d/registry.lan:5000',
		]);
		expect(certDirectories('..', {home: '/home/me'})).toEqual([]);
		expect(certDirectories('a/b', {home: '/home/me'})).toEqual([]);
	});

	test('every *.crt is a CA added to the roots; NAME.cert with NAME.key is the client certificate; a .cert without its key is one line', () => {
		const home = path.join(scratch, 'home');
		const root = path.join(scratch, 'root');
		const user = path.join(home, '.config/containers/certs.d/registry.lan:5000');
		const etc = path.join(root, 'etc/docker/certs.d/registry.lan:5000');
		mkdirSync(user, {recursive: true});
		mkdirSync(etc, {recursive: true});
		writeFileSync(path.join(user, 'ca.crt'), 'USER CA');
		writeFileSync(path.join(etc, 'company.crt'), 'COMPANY CA');
		writeFileSync(path.join(etc, 'client.cert'), 'CLIENT CERT');
		writeFileSync(path.join(etc, 'client.key'), 'CLIENT KEY');
		const tls = registryTls('registry.lan:5000', true, {home, root});
		expect(tls.extraCa).toEqual(['USER CA', 'COMPANY CA']);
		expect(tls.cert).toBe('CLIENT CERT');
		expect(tls.key).toBe('CLIENT KEY');
		expect(tls.rejectUnauthorized).toBe(true);
		expect(registryTls('other.lan', false, {home, root})).toMatchObject({rejectUnauthorized: false, sources: []});

		writeFileSync(path.join(user, 'me.cert'), 'X');
		expect(() => registryTls('registry.lan:5000', true, {home, root})).toThrow(/me\.cert has no me\.key beside it/);
	});
});

describe('TLS failures in words', () => {
	const failure = (code: string, message = 'x') => Object.assign(new Error(message), {code});
	const where = '~/.config/containers/certs.d/registry.lan:5000/ca.crt or /etc/docker/certs.d/registry.lan:5000/ca.crt';

	test('each reason, with where the CA or client certificate goes, and never a Node flag', () => {
		const cases: Array<[Error, RegExp]> = [
			[failure('UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate; if the root CA is installed locally, try running Node.js with --use-system-ca'), /^its certificate is signed by an unknown authority: put the registry's CA in /],
			[failure('SELF_SIGNED_CERT_IN_CHAIN'), /^its certificate is self-signed/],
			[failure('CERT_HAS_EXPIRED'), /^its certificate has expired/],
			[failure('ERR_TLS_CERT_ALTNAME_INVALID', 'Hostname/IP does not match certificate\'s altnames: Host: registry.lan. is not in the cert\'s altnames: DNS:localhost, IP Address:127.0.0.1'), /^its certificate is not valid for the name registry\.lan \(it is for localhost, 127\.0\.0\.1\)/],
			[failure('ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED'), /^it requires a client certificate: put one in ~\/\.config\/containers\/certs\.d\/registry\.lan:5000\/client\.cert and client\.key$/],
			[failure('ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE'), /^it refused the client certificate \(bad certificate\)/],
			// OpenSSL 3.5's spelling (Node 24).
			[failure('ERR_SSL_SSL/TLS_ALERT_UNKNOWN_CA'), /^it refused the client certificate \(unknown ca\)/],
			[failure('ERR_SSL_WRONG_VERSION_NUMBER'), /^it does not speak TLS/],
			// Node 24 reports a plain http answer as EPROTO, the reason only in OpenSSL's message.
			[failure('EPROTO', 'write EPROTO 40FD:error:0A00010B:SSL routines:tls_validate_record_header:wrong version number:../deps/openssl/ssl/record.c:77:'), /^it does not speak TLS/],
			[failure('EPROTO', 'write EPROTO 40FD:error:0A000102:SSL routines:ssl_choose_client_version:unsupported protocol:../deps/x.c:1:'), /^the TLS handshake failed \(unsupported protocol\)$/],
		];
		for (const [error, expected] of cases) {
			const text = describeTlsError(new Error('fetch failed', {cause: error}), 'registry.lan:5000')!;
			expect(text).toMatch(expected);
			expect(text).not.toMatch(/node|--use/i);
			expect(text).not.toContain('\n');
		}

		expect(describeTlsError(failure('UNABLE_TO_GET_ISSUER_CERT_LOCALLY'), 'registry.lan:5000')).toContain(where);
		// Go's TLS 1.2 says "bad certificate" when none was sent at all.
		expect(describeTlsError(failure('ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE'), 'registry.lan:5000', {clientCertificate: false})).toMatch(/^it requires a client certificate: put one in /);
		expect(describeTlsError(failure('ECONNREFUSED'), 'registry.lan:5000')).toBeUndefined();
		expect(isTlsError(failure('CERT_HAS_EXPIRED'))).toBe(true);
		expect(isTlsError(failure('ERR_SSL_WRONG_VERSION_NUMBER'))).toBe(false);
		expect(isPlainHttpAnswer(failure('ERR_SSL_WRONG_VERSION_NUMBER'))).toBe(true);
	});
});
