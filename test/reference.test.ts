import {describe, expect, it} from 'vitest';
import {InvalidReferenceError} from '../source/core/errors.js';
import {
	canonicalName,
	canonicalString,
	familiarName,
	familiarString,
	isFullId,
	isIdPrefix,
	isValidTag,
	parseReference,
	parseRepository,
	sameRepository,
	withDefaultTag,
	type Reference,
} from '../source/core/reference.js';

const hex = '0123456789abcdef'.repeat(4);
const digest = `sha256:${hex}`;
const invalid = 'invalid reference format';

// input → expected domain, path, tag, digest
const valid: Array<[string, Reference]> = [
	['nginx', {domain: 'docker.io', path: 'library/nginx'}],
	['nginx:1.25-alpine', {domain: 'docker.io', path: 'library/nginx', tag: '1.25-alpine'}],
	['docker.io/nginx', {domain: 'docker.io', path: 'library/nginx'}],
	['docker.io/library/nginx', {domain: 'docker.io', path: 'library/nginx'}],
	['library/nginx', {domain: 'docker.io', path: 'library/nginx'}],
	['index.docker.io/foo/bar', {domain: 'docker.io', path: 'foo/bar'}],
	['index.docker.io/debian', {domain: 'docker.io', path: 'library/debian'}],
	['microsoft/aspnet', {domain: 'docker.io', path: 'microsoft/aspnet'}],
	['library/foo/bar', {domain: 'docker.io', path: 'library/foo/bar'}],
	['store/foo/bar', {domain: 'docker.io', path: 'store/foo/bar'}],
	['localhost/foo', {domain: 'localhost', path: 'foo'}],
	['localhost:5000/foo:tag', {domain: 'localhost:5000', path: 'foo', tag: 'tag'}],
	['localhost', {domain: 'docker.io', path: 'library/localhost'}],
	['127.0.0.1:5000/foo', {domain: '127.0.0.1:5000', path: 'foo'}],
	['192.168.0.1', {domain: 'docker.io', path: 'library/192.168.0.1'}],
	['192.168.0.1:80', {domain: 'docker.io', path: 'library/192.168.0.1', tag: '80'}],
	['[::1]:5000/foo', {domain: '[::1]:5000', path: 'foo'}],
	['[2001:db8::1]/repo:tag', {domain: '[2001:db8::1]', path: 'repo', tag: 'tag'}],
	['[2001:db8::]:5000/repo', {domain: '[2001:db8::]:5000', path: 'repo'}],
	['[fc00:1:2:3:4:5:6:7]:5000/library/debian', {domain: '[fc00:1:2:3:4:5:6:7]:5000', path: 'library/debian'}],
	['registry.example.com/team/app:v1', {domain: 'registry.example.com', path: 'team/app', tag: 'v1'}],
	['sub-dom1.foo.com/bar/baz/quux', {domain: 'sub-dom1.foo.com', path: 'bar/baz/quux'}],
	['xn--n3h.com:18080/foo', {domain: 'xn--n3h.com:18080', path: 'foo'}],
	['test-com:8080/foo', {domain: 'test-com:8080', path: 'foo'}],
	['b.gcr.io/test.example.com/my-app:test.example.com', {domain: 'b.gcr.io', path: 'test.example.com/my-app', tag: 'test.example.com'}],
	// Underscores are fine in a path, so these stay on Docker Hub.
	['test_com/foo', {domain: 'docker.io', path: 'test_com/foo'}],
	['foo_bar.com:8080', {domain: 'docker.io', path: 'library/foo_bar.com', tag: '8080'}],
	// Upper case in the first component makes it a domain.
	['Foo/bar', {domain: 'Foo', path: 'bar'}],
	['DOCKER/docker', {domain: 'DOCKER', path: 'docker'}],
	// Separators: '.', '_', '__', and runs of '-'.
	['team/a.b_c__d---e', {domain: 'docker.io', path: 'team/a.b_c__d---e'}],
	['d/docker', {domain: 'docker.io', path: 'd/docker'}],
	['lowercase:Uppercase', {domain: 'docker.io', path: 'library/lowercase', tag: 'Uppercase'}],
	['foo:' + 'a'.repeat(128), {domain: 'docker.io', path: 'library/foo', tag: 'a'.repeat(128)}],
	['foo:_tag', {domain: 'docker.io', path: 'library/foo', tag: '_tag'}],
	// A 64-hex name is fine once it has a domain or a tag: it can no longer be an id.
	[`docker.io/${hex}`, {domain: 'docker.io', path: `library/${hex}`}],
	[`${hex}:tag`, {domain: 'docker.io', path: `library/${hex}`, tag: 'tag'}],
	[hex.slice(1), {domain: 'docker.io', path: `library/${hex.slice(1)}`}],
	[`busybox@${digest}`, {domain: 'docker.io', path: 'library/busybox', digest}],
	[`busybox:latest@${digest}`, {domain: 'docker.io', path: 'library/busybox', tag: 'latest', digest}],
	[`[2001:db8::1]:5000/repo:tag@${digest}`, {domain: '[2001:db8::1]:5000', path: 'repo', tag: 'tag', digest}],
	// Docker reads `sha256:<hex>` alone as repository 'sha256' with a tag.
	[digest, {domain: 'docker.io', path: 'library/sha256', tag: hex}],
	// 255 characters of path is the limit, not the whole name.
	['a/'.repeat(127) + 'a:tag', {domain: 'docker.io', path: 'a/'.repeat(127) + 'a', tag: 'tag'}],
	['example.com/' + 'a'.repeat(255), {domain: 'example.com', path: 'a'.repeat(255)}],
];

// input → expected message
const invalidCases: Array<[string, string]> = [
	['', invalid],
	['Foo', 'invalid reference format: repository name (library/Foo) must be lowercase'],
	['Uppercase:tag', 'invalid reference format: repository name (library/Uppercase) must be lowercase'],
	['docker/Docker', 'invalid reference format: repository name (docker/Docker) must be lowercase'],
	['localhost:5000/Upper/lower:tag', 'invalid reference format: repository name (Upper/lower) must be lowercase'],
	[`foo/Bar@${digest}`, 'invalid reference format: repository name (foo/Bar) must be lowercase'],
	[hex, `invalid repository name (${hex}), cannot specify 64-byte hexadecimal strings`],
	['a'.repeat(256), 'repository name must not be more than 255 characters'],
	['a/'.repeat(128) + 'a:tag', 'repository name must not be more than 255 characters'],
	['foo/', invalid],
	['/foo', invalid],
	['foo//bar', invalid],
	['docker///docker', invalid],
	['foo:', invalid],
	[':tag', invalid],
	['@' + digest, invalid],
	['foo@', invalid],
	['foo@sha256:abc', invalid],
	// docker's CLI (go-digest) says what is wrong with a digest the grammar accepts.
	[`foo@sha256:${hex.toUpperCase()}`, 'invalid checksum digest format'],
	[`foo@sha256:${hex}a`, 'invalid checksum digest length'],
	[`foo@sha512:${hex}`, 'invalid checksum digest length'],
	[`foo@md5:${hex}`, 'unsupported digest algorithm'],
	[`foo@MD5:${hex}`, 'invalid checksum digest format'],
	['-foo', invalid],
	['foo-', invalid],
	['-docker/docker', invalid],
	['docker-/docker', invalid],
	['_docker/_docker', invalid],
	['____/____', invalid],
	['foo..bar', invalid],
	['dock_.er/docker', invalid],
	['dock-.er/docker', invalid],
	['foo___bar', invalid],
	['foo:-tag', invalid],
	['foo:.tag', invalid],
	['foo:' + 'a'.repeat(129), invalid],
	['foo:tag:tag', invalid],
	['foo bar', invalid],
	['aa/asdf$$^/aa', invalid],
	['https://github.com/docker/docker', invalid],
	['-docker.io/docker/docker', invalid],
	['[fe80::1%eth0]:5000/x', invalid],
	['[2001:db8:3:4::192.0.2.33]:5000/debian', invalid],
	['[::1]', invalid],
	['[::1]:5000', invalid],
	['fc00::1:5000/debian', invalid],
	['localhost:port/foo', invalid],
	// The first component looks like a domain (it has a '.') but is not a valid host.
	['foo_bar.com:8080/x', invalid],
	['foo_bar.com/x', invalid],
];

describe('parseReference', () => {
	it('takes sha384 and sha512 digests, as docker does', () => {
		expect(parseReference(`foo@sha512:${hex}${hex}`)).toStrictEqual({domain: 'docker.io', path: 'library/foo', digest: `sha512:${hex}${hex}`});
		expect(parseReference(`foo:1@sha384:${hex}${hex.slice(0, 32)}`).digest).toBe(`sha384:${hex}${hex.slice(0, 32)}`);
	});

	it.each(valid)('parses %s', (input, expected) => {
		expect(parseReference(input)).toStrictEqual(expected);
	});

	it.each(invalidCases)('rejects %j', (input, message) => {
		let error: unknown;
		try {
			parseReference(input);
		} catch (caught) {
			error = caught;
		}

		expect(error).toBeInstanceOf(InvalidReferenceError);
		expect((error as InvalidReferenceError).message).toBe(message);
		expect((error as InvalidReferenceError).input).toBe(input);
	});

	it('does not add a default tag', () => {
		expect(parseReference('nginx').tag).toBeUndefined();
	});
});

describe('names and strings', () => {
	// input → familiar name, familiar string, canonical string
	const cases: Array<[string, string, string, string]> = [
		['nginx', 'nginx', 'nginx', 'docker.io/library/nginx'],
		['docker.io/library/nginx:1', 'nginx', 'nginx:1', 'docker.io/library/nginx:1'],
		['index.docker.io/library/ubuntu-12.04-base', 'ubuntu-12.04-base', 'ubuntu-12.04-base', 'docker.io/library/ubuntu-12.04-base'],
		['microsoft/aspnet', 'microsoft/aspnet', 'microsoft/aspnet', 'docker.io/microsoft/aspnet'],
		['library/foo/bar', 'library/foo/bar', 'library/foo/bar', 'docker.io/library/foo/bar'],
		['other/library', 'other/library', 'other/library', 'docker.io/other/library'],
		['localhost:5000/foo', 'localhost:5000/foo', 'localhost:5000/foo', 'localhost:5000/foo'],
		['127.0.0.1:8000/privatebase:tag', '127.0.0.1:8000/privatebase', '127.0.0.1:8000/privatebase:tag', '127.0.0.1:8000/privatebase:tag'],
		['[::1]:5000/foo', '[::1]:5000/foo', '[::1]:5000/foo', '[::1]:5000/foo'],
		['Foo/bar', 'Foo/bar', 'Foo/bar', 'Foo/bar'],
		[`busybox:latest@${digest}`, 'busybox', `busybox:latest@${digest}`, `docker.io/library/busybox:latest@${digest}`],
		[`team/app@${digest}`, 'team/app', `team/app@${digest}`, `docker.io/team/app@${digest}`],
	];

	it.each(cases)('%s', (input, name, familiar, canonical) => {
		const reference = parseReference(input);
		expect(familiarString(reference)).toBe(familiar);
		expect(canonicalString(reference)).toBe(canonical);
		expect(familiarName(reference)).toBe(name);
		expect(canonicalName(reference)).toBe(`${reference.domain}/${reference.path}`);
		// Both forms parse back to the same reference.
		expect(parseReference(familiar)).toStrictEqual(reference);
		expect(parseReference(canonical)).toStrictEqual(reference);
	});
});

describe('withDefaultTag', () => {
	it('adds latest only when there is no tag and no digest', () => {
		const bare = parseReference('nginx');
		const tagged = withDefaultTag(bare);
		expect(tagged).toStrictEqual({domain: 'docker.io', path: 'library/nginx', tag: 'latest'});
		expect(tagged).not.toBe(bare);
		expect(bare.tag).toBeUndefined();
		expect(withDefaultTag(parseReference('nginx:1')).tag).toBe('1');
		expect(withDefaultTag(parseReference(`nginx@${digest}`))).toStrictEqual({domain: 'docker.io', path: 'library/nginx', digest});
	});
});

describe('sameRepository', () => {
	const cases: Array<[string, string, boolean]> = [
		['nginx', 'docker.io/library/nginx:1', true],
		['index.docker.io/foo/bar', `foo/bar@${digest}`, true],
		['nginx', 'localhost/nginx', false],
		['localhost/nginx', 'localhost:5000/nginx', false],
		['library/foo/bar', 'foo/bar', false],
	];

	it.each(cases)('%s vs %s', (a, b, same) => {
		expect(sameRepository(parseReference(a), parseReference(b))).toBe(same);
	});
});

describe('parseRepository', () => {
	it('parses names and keeps a tag', () => {
		expect(parseRepository('team/app')).toStrictEqual({domain: 'docker.io', path: 'team/app'});
		expect(parseRepository('localhost:5000/app:v2')).toStrictEqual({domain: 'localhost:5000', path: 'app', tag: 'v2'});
	});

	it.each([`app@${digest}`, `app:v1@${digest}`, 'App', hex, ''])('rejects %j', input => {
		expect(() => parseRepository(input)).toThrow(InvalidReferenceError);
	});
});

describe('ids', () => {
	// input → isFullId, isIdPrefix
	const cases: Array<[string, boolean, boolean]> = [
		[hex, true, true],
		[digest, true, true],
		['a', false, true],
		['abc123', false, true],
		['sha256:abc', false, true],
		[hex + '0', false, false],
		[hex.toUpperCase(), false, false],
		['', false, false],
		['sha256:', false, false],
		['xyz', false, false],
		['nginx', false, false],
		['sha512:abc', false, false],
	];

	it.each(cases)('%j', (input, full, prefix) => {
		expect(isFullId(input)).toBe(full);
		expect(isIdPrefix(input)).toBe(prefix);
	});
});

describe('isValidTag', () => {
	const cases: Array<[string, boolean]> = [
		['latest', true],
		['v1.2.3-rc.1', true],
		['_private', true],
		['UPPER', true],
		['a'.repeat(128), true],
		['a'.repeat(129), false],
		['', false],
		['-dash', false],
		['.dot', false],
		['has/slash', false],
		['has:colon', false],
	];

	it.each(cases)('%j', (tag, ok) => {
		expect(isValidTag(tag)).toBe(ok);
	});
});
