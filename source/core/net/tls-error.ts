/**
 * A TLS failure in words a user can act on: what is wrong with the
 * registry's certificate (or with ours), and where its CA or a client
 * certificate goes. Never Node's own advice (a Node flag).
 */
import {caPlaces} from './cert-directories.js';

const unknownAuthority = new Set([
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'CERT_UNTRUSTED', 'CERT_SIGNATURE_FAILURE', 'CERT_CHAIN_TOO_LONG', 'INVALID_CA',
]);
const selfSigned = new Set(['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN']);

/** The codes along an error's cause chain, and their messages (a line each). */
function codesOf(error: unknown): {codes: string[]; message: string} {
	const codes: string[] = [];
	let message = '';
	const seen = new Set<unknown>();
	for (let current = error; current && typeof current === 'object' && !seen.has(current); current = (current as {cause?: unknown}).cause) {
		seen.add(current);
		const record = current as {code?: unknown; message?: unknown};
		if (typeof record.code === 'string') {
			codes.push(record.code);
		}

		if (typeof record.message === 'string') {
			message += `${record.message}\n`;
		}
	}

	return {codes, message};
}

/** True when the error came from a server that speaks TLS (a certificate or an alert), so plain http is no way out. */
export function isTlsError(error: unknown): boolean {
	return describeTlsError(error, 'x') !== undefined && !isPlainHttpAnswer(error);
}

/** The server answered a TLS hello with something else: it speaks plain http. */
export function isPlainHttpAnswer(error: unknown): boolean {
	const {codes, message} = codesOf(error);
	return codes.some(code => code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG' || code === 'ERR_SSL_HTTP_REQUEST')
		|| /wrong version number|packet length too long|http request/i.test(message);
}

/**
 * `hostPort` is the registry as its certs.d directory is named
 * (`localhost:5000`); `clientCertificate` whether one was offered. Undefined
 * when the error is not about TLS.
 */
export function describeTlsError(error: unknown, hostPort: string, options: {clientCertificate?: boolean} = {}): string | undefined {
	const {codes, message} = codesOf(error);
	const [home, etc] = caPlaces(hostPort);
	const putCa = `put the registry's CA in ${home} or ${etc}`;
	const skip = 'or skip verification for it with --tls-verify=false';
	const clientPlace = `~/.config/containers/certs.d/${hostPort}/client.cert and client.key`;
	if (isPlainHttpAnswer(error)) {
		return 'it does not speak TLS (a plain http registry?): list it in settings.json\'s insecureRegistries, or use --tls-verify=false';
	}

	for (const code of codes) {
		if (selfSigned.has(code)) {
			return `its certificate is self-signed (signed by an unknown authority): ${putCa}`;
		}

		if (unknownAuthority.has(code)) {
			return `its certificate is signed by an unknown authority: ${putCa}`;
		}

		if (code === 'CERT_HAS_EXPIRED') {
			return `its certificate has expired: the registry must renew it (${skip})`;
		}

		if (code === 'CERT_NOT_YET_VALID') {
			return `its certificate is not valid yet (is this machine's clock right?) (${skip})`;
		}

		if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
			const names = /cert's altnames: (.*)$/m.exec(message)?.[1];
			const host = hostPort.replace(/:\d+$/, '');
			return `its certificate is not valid for the name ${host}${names ? ` (it is for ${names.replaceAll('DNS:', '').replaceAll('IP Address:', '').slice(0, 200)})` : ''}: use a name the certificate has (${skip})`;
		}

		// TLS 1.2 servers (Go's among them) answer a missing client certificate with "bad certificate".
		if (/ALERT/.test(code) && (/CERTIFICATE_REQUIRED|HANDSHAKE_FAILURE/.test(code) || (options.clientCertificate === false && /BAD_CERTIFICATE|CERTIFICATE_UNKNOWN/.test(code)))) {
			return `it requires a client certificate: put one in ${clientPlace}`;
		}

		if (/ALERT_(?:BAD_CERTIFICATE|UNKNOWN_CA|CERTIFICATE_UNKNOWN|CERTIFICATE_EXPIRED|CERTIFICATE_REVOKED|UNSUPPORTED_CERTIFICATE|ACCESS_DENIED)/.test(code)) {
			return `it refused the client certificate (${alertName(code)}): check ${clientPlace}`;
		}

		if (/^ERR_SSL_|^ERR_TLS_|^ERR_OSSL_/.test(code) || /CERT/.test(code)) {
			return `the TLS handshake failed (${alertName(code)})`;
		}

		// OpenSSL's own words, without its file and line: `…:SSL routines:tls_…:unsupported protocol:…`.
		if (code === 'EPROTO') {
			const reason = /routines:[^:]*:([^:]+)/.exec(message)?.[1];
			return `the TLS handshake failed (${reason ?? 'protocol error'})`;
		}
	}

	return undefined;
}

/** `ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE` → `bad certificate`. */
function alertName(code: string): string {
	return code.replace(/^ERR_(?:SSL|TLS|OSSL)_/, '').replace(/^(?:SSLV3|TLSV1|TLSV13|SSL\/TLS)_ALERT_/, '').toLowerCase().replaceAll('_', ' ');
}
