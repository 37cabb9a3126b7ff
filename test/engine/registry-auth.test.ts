/**
 * X-Registry-Auth as the docker CLI 28 encodes it (its bytes are compared
 * with docker's own over real engines in private-verbs-suite.ts): the cases
 * a loopback registry does not reach — Docker Hub's key, identity tokens,
 * padding — and the secrets kept out of messages.
 */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, test} from 'vitest';
import {EngineError} from '../../source/core/errors.js';
import {anonymousRegistryAuth, encodeRegistryAuth, keepingSecrets, registryAuthFor, withoutSecrets} from '../../source/core/engine/registry-auth.js';

const decode = (header: string) => Buffer.from(header.replaceAll('-', '+').replaceAll('_', '/'), 'base64').toString('utf8');

describe('X-Registry-Auth', () => {
	const directory = mkdtempSync(path.join(os.tmpdir(), 'dockyard-registry-auth-'));
	afterAll(() => {
		rmSync(directory, {recursive: true, force: true});
	});

	test('none is {} (e30=); a password is username, password, serveraddress in Go\'s order; a token is serveraddress, identitytoken', () => {
		expect(anonymousRegistryAuth).toBe('e30=');
		expect(decode(encodeRegistryAuth({username: 'u', password: 'p?>'}, 'r.example:5000'))).toBe('{"username":"u","password":"p?>","serveraddress":"r.example:5000"}');
		expect(decode(encodeRegistryAuth({identityToken: 'tok'}, 'https://index.docker.io/v1/'))).toBe('{"serveraddress":"https://index.docker.io/v1/","identitytoken":"tok"}');
	});

	test('URL-safe and padded, as Go\'s base64.URLEncoding (podman refuses it unpadded)', () => {
		// `?>` and `~` in the JSON make `/` and `+` in plain base64; three lengths, so some are padded.
		const headers = ['??>>~', '??>>~x', '??>>~xy'].map(password => encodeRegistryAuth({username: 'u', password}, 'h'));
		for (const header of headers) {
			expect(header).not.toMatch(/[+/]/);
			expect(header.length % 4).toBe(0);
			expect(decode(header)).toMatch(/^\{"username":"u","password":"\?\?>>~/);
		}

		expect(headers.some(header => header.endsWith('='))).toBe(true);
		expect(headers.some(header => /[-_]/.test(header))).toBe(true);
	});

	test('Docker Hub\'s credentials are found under docker\'s key and sent with it', async () => {
		writeFileSync(path.join(directory, 'config.json'), JSON.stringify({auths: {'https://index.docker.io/v1/': {auth: Buffer.from('hubuser:hub-secret').toString('base64')}}}));
		const auth = await registryAuthFor('docker.io', {DOCKER_CONFIG: directory});
		expect(JSON.parse(decode(auth.header))).toEqual({username: 'hubuser', password: 'hub-secret', serveraddress: 'https://index.docker.io/v1/'});
		expect(auth.secrets).toContain('hub-secret');
		expect((await registryAuthFor('127.0.0.1:5000', {DOCKER_CONFIG: directory})).header).toBe('e30=');
	});

	test('an error the engine words with a secret in it leaves without it, the same error otherwise', async () => {
		expect(withoutSecrets('denied for hub-secret (aGk=)', ['hub-secret', 'aGk='])).toBe('denied for ***** (*****)');
		const thrown = await keepingSecrets(['hub-secret'], async () => {
			throw new EngineError('bad header hub-secret');
		}).catch((error: unknown) => error);
		expect(thrown).toBeInstanceOf(EngineError);
		expect((thrown as Error).message).toBe('bad header *****');
	});
});
