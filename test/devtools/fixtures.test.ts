/**
 * The test fixtures other tests build on: a registry with TLS from a CA the
 * test makes, with mutual TLS, and with htpasswd auth, each checked with curl
 * (an outside client) so a fixture bug cannot hide behind dockyard's own.
 */
import {execFileSync} from 'node:child_process';
import {afterAll, describe, expect, test} from 'vitest';
import {startLocalRegistry, type LocalRegistry} from '../../source/devtools/local-registry.js';
import {makeTestCertificates, type TestCertificates} from '../../source/devtools/test-certs.js';
import {hasTools} from '../helpers/tools.js';

const ready = hasTools(['docker-registry', 'openssl', 'htpasswd', 'curl'], 'the TLS and htpasswd registry fixtures');

function curlStatus(args: string[]): string {
	try {
		return execFileSync('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', '--max-time', '10', ...args], {encoding: 'utf8'});
	} catch (error) {
		return `exit ${(error as {status?: number}).status}`;
	}
}

describe.runIf(ready)('registry fixtures', () => {
	const started: LocalRegistry[] = [];
	let certs: TestCertificates | undefined;
	afterAll(async () => {
		await Promise.all(started.map(async registry => registry.stop()));
		certs?.remove();
	});

	test('TLS with a test CA, mutual TLS, and htpasswd', async () => {
		certs = makeTestCertificates();
		const tls = await startLocalRegistry({tls: {cert: certs.serverCert, key: certs.serverKey, ca: certs.caCert}});
		started.push(tls);
		expect(tls.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
		expect(curlStatus(['--cacert', certs.caCert, `${tls.url}/v2/`])).toBe('200');
		expect(curlStatus([`${tls.url}/v2/`])).toBe('exit 60');
		expect(curlStatus([`${tls.url.replace('https', 'http')}/v2/`])).toBe('400');

		const mutual = await startLocalRegistry({tls: {cert: certs.serverCert, key: certs.serverKey, ca: certs.caCert, clientCas: [certs.caCert]}});
		started.push(mutual);
		expect(curlStatus(['--cacert', certs.caCert, '--cert', certs.clientCert, '--key', certs.clientKey, `${mutual.url}/v2/`])).toBe('200');
		expect(curlStatus(['--cacert', certs.caCert, `${mutual.url}/v2/`])).not.toBe('200');

		const locked = await startLocalRegistry({htpasswd: {user: 'student', password: 'c0rrect horse'}});
		started.push(locked);
		expect(curlStatus([`${locked.url}/v2/`])).toBe('401');
		expect(curlStatus(['-u', 'student:c0rrect horse', `${locked.url}/v2/`])).toBe('200');
	});

	test('an expired server certificate', () => {
		const expired = makeTestCertificates({serverDays: -1});
		try {
			const text = execFileSync('openssl', ['x509', '-in', expired.serverCert, '-noout', '-checkend', '0'], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']}).toString();
			expect(text).toBe('unreachable');
		} catch (error) {
			expect(String((error as {stdout?: string}).stdout)).toMatch(/will expire/);
		} finally {
			expired.remove();
		}
	});
});
