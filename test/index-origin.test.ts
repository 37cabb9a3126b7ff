/**
 * The index an image came through, as the store records it: what a
 * registry sends is copied field by field (an odd entry left out, so the
 * record's check never fails on it later), and the check accepts records
 * from before the field existed.
 */
import {describe, expect, test} from 'vitest';
import type {Descriptor} from '../source/core/oci.js';
import {indexFields} from '../source/core/store/index-platforms.js';
import type {ImageRecord, IndexData} from '../source/core/store/records.js';
import {recordProblems} from '../source/core/store/validate.js';

const digest = (character: string) => `sha256:${character.repeat(64)}`;

const record = (extra: Partial<ImageRecord> = {}): ImageRecord => ({
	id: digest('a'), layers: [], created: '2024-01-02T03:04:05Z', added: '2024-01-02T03:04:05Z', repoDigests: [],
	os: 'linux', architecture: 'amd64', historyLength: 1, size: 0, source: 'x', ...extra,
});

const index = (image: ImageRecord): IndexData => ({schemaVersion: 1, images: {[image.id]: image}, tags: {}, containers: {}, journal: []});

describe('the index origin of an image', () => {
	test('entries a registry sent oddly are left out; the rest copied without extra fields', () => {
		const manifests = [
			{mediaType: 'x', digest: digest('b'), size: 10, platform: {os: 'linux', architecture: 'amd64', 'os.features': ['a']}, annotations: {a: 'b'}},
			{mediaType: 'x', digest: digest('c'), size: 11, platform: {os: 7, architecture: 'arm64'}},
			{mediaType: 'x', digest: 'sha256:short', size: 12, platform: {os: 'linux', architecture: 's390x'}},
			{mediaType: 'x', digest: digest('d'), size: -1, platform: {os: 'linux', architecture: 'ppc64le'}},
			{mediaType: 'x', digest: digest('e'), size: 13, platform: {os: 'linux', architecture: 'arm', variant: 'v7'}},
		] as unknown as Descriptor[];
		const fields = indexFields({index: {digest: digest('f'), manifests}, configBytes: new Uint8Array(5)});
		expect(fields).toEqual({
			index: {digest: digest('f'), manifests: [
				{digest: digest('b'), size: 10, platform: {os: 'linux', architecture: 'amd64'}},
				{digest: digest('e'), size: 13, platform: {os: 'linux', architecture: 'arm', variant: 'v7'}},
			]},
			configSize: 5,
		});
		expect(recordProblems(index(record(fields)))).toEqual([]);
	});

	test('a record from before the field reads; a malformed one is named', () => {
		expect(recordProblems(index(record()))).toEqual([]);
		const broken = record({index: {digest: digest('f'), manifests: [{digest: digest('b'), size: 1} as never]}});
		expect(recordProblems(index(broken))).toEqual([`image record "${digest('a')}": its index or config size is malformed`]);
	});
});
