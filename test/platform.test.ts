/**
 * `--platform` as containerd's parser reads it (docker and podman take the
 * same): aliases, any case, a lone architecture meaning linux, arm's default
 * variants; and matching on the normalised forms.
 */
import {describe, expect, test} from 'vitest';
import {selectManifest} from '../source/core/hub/registry/platform.js';
import {formatPlatform, parsePlatform, platformMatches, platformRunsOn} from '../source/core/platform.js';

const host = {os: 'linux', architecture: 'amd64'};
const parsed = (text: string) => formatPlatform(parsePlatform(text, host));

describe('parsePlatform', () => {
	test.each([
		['linux/amd64', 'linux/amd64'],
		['LINUX/AMD64', 'linux/amd64'],
		['linux/x86_64', 'linux/amd64'],
		['linux/x86-64', 'linux/amd64'],
		['linux/aarch64', 'linux/arm64'],
		['arm64', 'linux/arm64'],
		['aarch64', 'linux/arm64'],
		['x86_64', 'linux/amd64'],
		['linux/arm64/v8', 'linux/arm64/v8'],
		['linux/armhf', 'linux/arm'],
		['linux/armel', 'linux/arm/v6'],
		['linux/arm', 'linux/arm'],
		['linux/arm/7', 'linux/arm/v7'],
		['linux/arm/v6', 'linux/arm/v6'],
		['linux/i386', 'linux/386'],
		['386', 'linux/386'],
		['linux/amd64/v1', 'linux/amd64'],
		['linux/amd64/v3', 'linux/amd64/v3'],
		['linux', 'linux/amd64'],
		['windows/amd64', 'windows/amd64'],
		['macos/arm64', 'darwin/arm64'],
		['linux/s390x', 'linux/s390x'],
	])('%s → %s', (text, expected) => {
		expect(parsed(text)).toBe(expected);
	});

	test.each(['', 'linux/', '/amd64', 'linux/amd64/v8/extra', 'linux amd64', 'nonsense', 'linux/amd64\u001B[31m'])('%j is refused in one line', text => {
		expect(() => parsePlatform(text, host)).toThrow(/^invalid platform .*use os\/arch\[\/variant\]/);
	});

	test('a lone OS takes the host architecture', () => {
		expect(formatPlatform(parsePlatform('linux', {os: 'linux', architecture: 'arm64'}))).toBe('linux/arm64');
	});
});

describe('platformMatches', () => {
	test('aliases and case meet their canonical index entries', () => {
		expect(platformMatches({os: 'linux', architecture: 'arm64', variant: 'v8'}, parsePlatform('linux/aarch64', host))).toBe(true);
		expect(platformMatches({os: 'linux', architecture: 'arm64'}, parsePlatform('linux/arm64/v8', host))).toBe(true);
		expect(platformMatches({os: 'linux', architecture: 'amd64'}, parsePlatform('LINUX/X86_64', host))).toBe(true);
		expect(platformMatches({os: 'linux', architecture: 'arm', variant: 'v7'}, parsePlatform('linux/armhf', host))).toBe(true);
		expect(platformMatches({os: 'linux', architecture: 'arm'}, parsePlatform('linux/arm/v7', host))).toBe(true);
	});

	test('what differs does not match', () => {
		expect(platformMatches({os: 'linux', architecture: 'arm', variant: 'v6'}, parsePlatform('linux/armhf', host))).toBe(false);
		expect(platformMatches({os: 'linux', architecture: 'amd64'}, parsePlatform('arm64', host))).toBe(false);
		expect(platformMatches({os: 'windows', architecture: 'amd64'}, parsePlatform('linux/amd64', host))).toBe(false);
		expect(platformMatches(undefined, host)).toBe(false);
	});

	test('no variant asked takes any variant, but arm means arm/v7', () => {
		expect(platformMatches({os: 'linux', architecture: 'amd64', variant: 'v3'}, parsePlatform('linux/amd64', host))).toBe(true);
		expect(platformMatches({os: 'linux', architecture: 'arm', variant: 'v6'}, parsePlatform('linux/arm', host))).toBe(false);
	});

	test('an older arm or amd64 level runs where a newer one does (the fallback of an index choice)', () => {
		expect(platformRunsOn({os: 'linux', architecture: 'arm', variant: 'v6'}, parsePlatform('linux/arm', host))).toBe(true);
		expect(platformRunsOn({os: 'linux', architecture: 'arm', variant: 'v7'}, parsePlatform('linux/armel', host))).toBe(false);
		expect(platformRunsOn({os: 'linux', architecture: 'amd64', variant: 'v2'}, parsePlatform('linux/amd64/v3', host))).toBe(true);
		expect(platformRunsOn({os: 'linux', architecture: 'amd64', variant: 'v3'}, parsePlatform('linux/amd64', host))).toBe(false);
		expect(selectManifest([
			{mediaType: 'm', digest: 'sha256:' + '1'.repeat(64), size: 1, platform: {os: 'linux', architecture: 'arm', variant: 'v6'}},
			{mediaType: 'm', digest: 'sha256:' + '2'.repeat(64), size: 1, platform: {os: 'linux', architecture: 'arm', variant: 'v7'}},
		], parsePlatform('linux/armhf', host))?.digest).toBe('sha256:' + '2'.repeat(64));
	});
});
