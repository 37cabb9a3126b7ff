/**
 * Docker image references: `[domain/]path[:tag][@digest]`, parsed and
 * normalised the way docker's CLI does it, so `nginx`, `docker.io/nginx`
 * and `docker.io/library/nginx` all name the same repository.
 */
import {InvalidReferenceError} from './errors.js';

export type Reference = {
	domain: string;
	path: string;
	tag?: string;
	digest?: string;
};

export const defaultDomain = 'docker.io';
export const defaultTag = 'latest';

// Docker Hub's old name; still typed by users and in old configs.
const legacyDomain = 'index.docker.io';
// Official images live here on Docker Hub but are shown without it.
const officialPrefix = 'library/';
const maxPathLength = 255;

// Path components: lowercase runs joined by one '.', one or two '_', or any number of '-'.
const component = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const pathPattern = `${component}(?:/${component})*`;
// A DNS-like host (upper case allowed, no zone ids) or a bracketed IPv6 address, then an optional port.
const label = '[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?';
const domainPattern = `(?:${label}(?:\\.${label})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const tagPattern = '[\\w][\\w.-]{0,127}';
// The grammar's digest (any algorithm, 32 hex digits or more); checkDigest then says what is wrong with one, in docker's words.
const digestPattern = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
// The algorithms docker's CLI can verify, with the length of their hex.
const digestLengths: Record<string, number> = {sha256: 64, sha384: 96, sha512: 128};
const anyDigestRegExp = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

const domainRegExp = new RegExp(`^${domainPattern}$`);
const remainderRegExp = new RegExp(`^(${pathPattern})(?::(${tagPattern}))?(?:@(${digestPattern}))?$`);
const tagRegExp = new RegExp(`^${tagPattern}$`);
const identifierRegExp = /^[a-f0-9]{64}$/;
const fullIdRegExp = /^(?:sha256:)?[a-f0-9]{64}$/;
const idPrefixRegExp = /^(?:sha256:)?[a-f0-9]{1,64}$/;

/**
 * The references already parsed: a listing parses every tag of the index
 * (ten thousand of them) and the grammar's regular expressions dominated a
 * read. Bounded, so a long-lived TUI or server does not grow it for ever.
 */
const parsed = new Map<string, Reference>();
const parsedLimit = 50_000;

export function parseReference(input: string): Reference {
	const known = parsed.get(input);
	if (known) {
		// A copy: callers may set a default tag on what they get.
		return {...known};
	}

	const reference = parseUncached(input);
	if (parsed.size >= parsedLimit) {
		parsed.clear();
	}

	parsed.set(input, reference);
	return {...reference};
}

function parseUncached(input: string): Reference {
	// A bare 64-hex string is always an image id, never a repository name.
	if (identifierRegExp.test(input)) {
		throw new InvalidReferenceError(input, `invalid repository name (${input}), cannot specify 64-byte hexadecimal strings`);
	}

	const [domain, remainder] = splitDomain(input);

	// Checked before the grammar so `Foo` gets the helpful message, as in docker.
	const remote = remainder.slice(0, nameEnd(remainder));
	if (remote !== remote.toLowerCase()) {
		throw new InvalidReferenceError(input, `invalid reference format: repository name (${remote}) must be lowercase`);
	}

	const match = remainderRegExp.exec(remainder);
	if (!match || !domainRegExp.test(domain)) {
		throw new InvalidReferenceError(input);
	}

	const [, path, tag, digest] = match;
	if (path.length > maxPathLength) {
		throw new InvalidReferenceError(input, `repository name must not be more than ${maxPathLength} characters`);
	}

	if (digest !== undefined) {
		checkDigest(input, digest);
	}

	const reference: Reference = {domain, path};
	if (tag !== undefined) {
		reference.tag = tag;
	}

	if (digest !== undefined) {
		reference.digest = digest;
	}

	return reference;
}

/** go-digest's Validate, as docker's CLI runs it on a reference's digest: the algorithm known, then the length, then lowercase hex. */
function checkDigest(input: string, digest: string): void {
	const colon = digest.indexOf(':');
	const algorithm = digest.slice(0, colon);
	const encoded = digest.slice(colon + 1);
	const length = digestLengths[algorithm];
	if (length === undefined) {
		throw new InvalidReferenceError(input, anyDigestRegExp.test(digest) ? 'unsupported digest algorithm' : 'invalid checksum digest format');
	}

	if (encoded.length !== length) {
		throw new InvalidReferenceError(input, 'invalid checksum digest length');
	}

	if (!/^[a-f0-9]+$/.test(encoded)) {
		throw new InvalidReferenceError(input, 'invalid checksum digest format');
	}
}

/**
 * Splits off the domain like docker's splitDockerDomain: the first component
 * is a domain only if it looks like one (has '.' or ':', is localhost, or has
 * upper case, which a path may not). Docker Hub names get their canonical form.
 */
function splitDomain(input: string): [string, string] {
	const slash = input.indexOf('/');
	if (slash === -1) {
		// A single component is always an official image, even `localhost` or `example.com`.
		return [defaultDomain, officialPrefix + input];
	}

	let domain = input.slice(0, slash);
	let remainder = input.slice(slash + 1);
	if (domain === legacyDomain) {
		domain = defaultDomain;
	} else if (domain !== 'localhost' && !/[.:]/.test(domain) && domain === domain.toLowerCase()) {
		domain = defaultDomain;
		remainder = input;
	}

	if (domain === defaultDomain && !remainder.includes('/')) {
		remainder = officialPrefix + remainder;
	}

	return [domain, remainder];
}

export function withDefaultTag(reference: Reference): Reference {
	if (reference.tag === undefined && reference.digest === undefined) {
		return {...reference, tag: defaultTag};
	}

	return {...reference};
}

export function familiarName(reference: Reference): string {
	if (reference.domain !== defaultDomain) {
		return `${reference.domain}/${reference.path}`;
	}

	// Only a direct child of library/ is shortened; `library/a/b` keeps its prefix, and so does
	// `library/<64 hex>`, which shortened would read back as an image id, not a name.
	const rest = reference.path.startsWith(officialPrefix) ? reference.path.slice(officialPrefix.length) : '';
	return rest !== '' && !rest.includes('/') && !identifierRegExp.test(rest) ? rest : reference.path;
}

export function familiarString(reference: Reference): string {
	return familiarName(reference) + suffix(reference);
}

/**
 * familiarString(parseReference(canonical)) for a name already in its
 * canonical form (`docker.io/library/nginx:1`, as the store keeps its tags),
 * by cutting the string instead of parsing it again: a listing does this
 * once a tag, and the grammar's regular expressions cost more than the rest
 * of the read at start-up. Anything else goes through the parser.
 */
export function familiarOfCanonical(canonical: string): string {
	const officialStart = `${defaultDomain}/${officialPrefix}`;
	if (!canonical.startsWith(`${defaultDomain}/`)) {
		return canonical.includes('/') ? canonical : familiarString(parseReference(canonical));
	}

	if (canonical.startsWith(officialStart)) {
		const rest = canonical.slice(officialStart.length);
		const name = rest.slice(0, nameEnd(rest));
		if (name !== '' && !name.includes('/') && !identifierRegExp.test(name)) {
			return rest;
		}
	}

	return canonical.slice(defaultDomain.length + 1);
}

/** Where a name's path ends: at its tag's `:` or its digest's `@` (neither can be in a path). */
function nameEnd(name: string): number {
	for (let index = 0; index < name.length; index++) {
		const character = name[index];
		if (character === ':' || character === '@') {
			return index;
		}
	}

	return name.length;
}

export function canonicalName(reference: Reference): string {
	return `${reference.domain}/${reference.path}`;
}

export function canonicalString(reference: Reference): string {
	return canonicalName(reference) + suffix(reference);
}

function suffix(reference: Reference): string {
	const tag = reference.tag === undefined ? '' : `:${reference.tag}`;
	const digest = reference.digest === undefined ? '' : `@${reference.digest}`;
	return tag + digest;
}

export function sameRepository(a: Reference, b: Reference): boolean {
	return a.domain === b.domain && a.path === b.path;
}

export function isFullId(input: string): boolean {
	return fullIdRegExp.test(input);
}

export function isIdPrefix(input: string): boolean {
	return idPrefixRegExp.test(input);
}

/**
 * For the REPOSITORY[:TAG] argument of `tag` and `commit`: a tag is kept,
 * but a digest cannot be given to a new name, as docker refuses it too.
 */
export function parseRepository(input: string): Reference {
	const reference = parseReference(input);
	if (reference.digest !== undefined) {
		throw new InvalidReferenceError(input, 'refusing to create a tag with a digest reference');
	}

	return reference;
}

export function isValidTag(tag: string): boolean {
	return tagRegExp.test(tag);
}
