/**
 * What a push leaves on a terminal once it is over (the CLI tests see the
 * non-terminal stream): each layer's last word in the layer's place, bars
 * gone, the digest line last; dockerd's stream and podman's, as they were
 * recorded from podman 4.3 and dockerd 20.10 here.
 */
import {describe, expect, test} from 'vitest';
import {pushEventOf, pushLines} from '../../source/core/engine/push-events.js';
import type {JSONMessage} from '../../source/core/engine/engine-types.js';

const dockerd: JSONMessage[] = [
	{status: 'The push refers to repository [127.0.0.1:5000/app]'},
	{status: 'Preparing', progressDetail: {}, id: 'aaaaaaaaaaaa'},
	{status: 'Preparing', progressDetail: {}, id: 'bbbbbbbbbbbb'},
	{status: 'Waiting', progressDetail: {}, id: 'bbbbbbbbbbbb'},
	{status: 'Pushing', progressDetail: {current: 512, total: 2048}, id: 'aaaaaaaaaaaa'},
	{status: 'Layer already exists', progressDetail: {}, id: 'bbbbbbbbbbbb'},
	{status: 'Pushing', progressDetail: {current: 2048, total: 2048}, id: 'aaaaaaaaaaaa'},
	{status: 'Pushed', progressDetail: {}, id: 'aaaaaaaaaaaa'},
	{status: '1: digest: sha256:' + 'c'.repeat(64) + ' size: 739'},
	{progressDetail: {}, aux: {Tag: '1', Digest: 'sha256:' + 'c'.repeat(64), Size: 739}} as JSONMessage,
];

describe('push progress', () => {
	test('dockerd: the repository, each layer\'s last word in its place, the digest line', () => {
		expect(pushLines(dockerd)).toEqual([
			'The push refers to repository [127.0.0.1:5000/app]',
			'aaaaaaaaaaaa: Pushed',
			'bbbbbbbbbbbb: Layer already exists',
			'1: digest: sha256:' + 'c'.repeat(64) + ' size: 739',
		]);
	});

	test('podman: its two lines as it says them', () => {
		expect(pushLines([{status: 'The push refers to repository [127.0.0.1:5000/app:1]'}, {status: '1: digest: sha256:' + 'd'.repeat(64) + ' size: 349'}])).toEqual([
			'The push refers to repository [127.0.0.1:5000/app:1]',
			'1: digest: sha256:' + 'd'.repeat(64) + ' size: 349',
		]);
	});

	test('events: Pushing with its bar for the live view, the other last words as docker prints them, nothing for aux', () => {
		expect(pushEventOf(dockerd[4]!)).toEqual({kind: 'layer', id: 'aaaaaaaaaaaa', status: 'Pushing', current: 512, total: 2048});
		expect(pushEventOf(dockerd[5]!)).toEqual({kind: 'status', message: 'bbbbbbbbbbbb: Layer already exists'});
		expect(pushEventOf({status: 'Mounted from team/base', id: 'eeeeeeeeeeee'})).toEqual({kind: 'status', message: 'eeeeeeeeeeee: Mounted from team/base'});
		expect(pushEventOf(dockerd[9]!)).toBeUndefined();
		// Text from the engine reaches the terminal without control characters.
		expect(pushEventOf({status: 'Pushed\u001B[2J', id: 'ffffffffffff'})).toMatchObject({kind: 'layer', id: 'ffffffffffff', status: 'Pushed'});
		expect(pushEventOf({status: 'Layer already exists\u0007', id: 'ffffffffffff'})).toEqual({kind: 'status', message: 'ffffffffffff: Layer already exists'});
	});
});
