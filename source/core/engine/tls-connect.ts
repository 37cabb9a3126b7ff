/**
 * A TLS connection to an engine, with the CA, client certificate and key
 * docker's settings name (tls-settings.ts), and a failed handshake in words
 * close to Go's (what docker prints): which check failed, for which host.
 */
import {createRequire} from 'node:module';
import net from 'node:net';
import tls from 'node:tls';
import type {TlsSettings} from './host.js';

const http = createRequire(import.meta.url)('node:http') as typeof import('node:http');

/** One handshake for a command's requests: TLS connections kept alive (idle ones do not hold the process). */
export function tlsAgent(hostname: string, port: number, settings: TlsSettings): import('node:http').Agent {
	const agent = new http.Agent({keepAlive: true, maxFreeSockets: 2});
	const connect = tlsConnector(hostname, port, settings);
	agent.createConnection = () => connect();
	return agent;
}

export function tlsConnector(hostname: string, port: number, settings: TlsSettings): () => tls.TLSSocket {
	return () => tls.connect({
		host: hostname,
		port,
		// SNI only for a name (an address there is an error to some servers).
		...(net.isIP(hostname) === 0 ? {servername: hostname} : {}),
		ca: settings.ca,
		cert: settings.cert,
		key: settings.key,
		rejectUnauthorized: settings.verify,
		...(settings.verify ? {} : {checkServerIdentity: () => undefined}),
		ALPNProtocols: ['http/1.1'],
	});
}

/** What failed in a TLS handshake, or undefined when the error is not a TLS one. */
export function tlsFailure(error: Error, hostname: string): string | undefined {
	const code = (error as NodeJS.ErrnoException).code ?? '';
	switch (code) {
		case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
		case 'UNABLE_TO_GET_ISSUER_CERT':
		case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
		case 'SELF_SIGNED_CERT_IN_CHAIN':
		case 'DEPTH_ZERO_SELF_SIGNED_CERT': {
			return 'tls: failed to verify certificate: x509: certificate signed by unknown authority (check --tlscacert or ca.pem)';
		}

		case 'CERT_HAS_EXPIRED':
		case 'CERT_NOT_YET_VALID': {
			return 'tls: failed to verify certificate: x509: certificate has expired or is not yet valid';
		}

		case 'ERR_TLS_CERT_ALTNAME_INVALID': {
			return `tls: failed to verify certificate: x509: certificate is not valid for ${hostname}`;
		}

		case 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED':
		case 'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE':
		case 'ERR_SSL_SSL/TLS_ALERT_BAD_CERTIFICATE':
		case 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA':
		case 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN':
		case 'ERR_SSL_SSL/TLS_ALERT_CERTIFICATE_UNKNOWN': {
			// docker's words for the same refusal (the alert's code names vary with the OpenSSL version).
			return 'remote error: tls: bad certificate: the server probably has client authentication (--tlsverify) enabled; check your TLS client certification settings (--tlscert and --tlskey, or cert.pem and key.pem)';
		}

		case 'ERR_SSL_WRONG_VERSION_NUMBER':
		case 'ERR_SSL_PACKET_LENGTH_TOO_LONG': {
			return 'tls: the engine does not speak TLS here (drop --tls/--tlsverify, or DOCKER_TLS_VERIFY)';
		}

		default: {
			return code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_') ? `tls: ${code.slice(4).toLowerCase().replaceAll('_', ' ')}` : undefined;
		}
	}
}
