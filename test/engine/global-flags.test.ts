/** docker's global flags before the verb: the engine, and the five TLS ones. */
import {describe, expect, test} from 'vitest';
import {applyGlobalFlags} from '../../source/commands/global-flags.js';
import type {EngineFlags} from '../../source/core/engine/host.js';

describe('global flags', () => {
	test('--tls, --tlsverify[=bool] and the three files, before the verb, beside -H', () => {
		const flags: EngineFlags = {};
		const rest = applyGlobalFlags(['--tlsverify', '--tlscacert', '/c/ca.pem', '--tlscert=/c/cert.pem', '--tlskey', '/c/key.pem', '-H', 'tcp://h:2376', 'images', '--tls'], {}, flags);
		expect(rest).toEqual(['images', '--tls']);
		expect(flags).toEqual({tlsverify: true, tlscacert: '/c/ca.pem', tlscert: '/c/cert.pem', tlskey: '/c/key.pem', host: 'tcp://h:2376'});
		const other: EngineFlags = {};
		expect(applyGlobalFlags(['--tls', '--tlsverify=false', 'ps'], {}, other)).toEqual(['ps']);
		expect(other).toEqual({tls: true, tlsverify: false});
	});

	test('a bad value or a missing file name: docker\'s words', () => {
		expect(() => applyGlobalFlags(['--tlsverify=maybe', 'images'], {}, {})).toThrow('invalid argument "maybe" for "--tlsverify" flag: strconv.ParseBool: parsing "maybe": invalid syntax');
		expect(() => applyGlobalFlags(['--tlscacert'], {}, {})).toThrow('flag needs an argument: --tlscacert');
	});
});
