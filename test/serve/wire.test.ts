/**
 * The server's wire pieces on their own: docker's filter forms and Go's
 * path.Match, pull events as docker's JSON messages, store changes as
 * docker's events, and the image summary's placeholders.
 */
import {describe, expect, test} from 'vitest';
import {Snapshot} from '../../source/core/backend/snapshot.js';
import {imageSummaryOf} from '../../source/core/engine/engine-model.js';
import {changeEvents} from '../../source/core/engine/server/events.js';
import {parseFilters, pathMatch} from '../../source/core/engine/server/filters.js';
import {jsonMessageOf} from '../../source/core/engine/server/progress-writer.js';
import {container, image} from '../backend/neutral.js';

describe('filters as docker sends them', () => {
	test('both forms of filters= give the values', () => {
		expect([...parseFilters('{"reference":{"microsoft/*":true,"off":false}}', ['reference'])]).toEqual([['reference', ['microsoft/*']]]);
		expect([...parseFilters('{"dangling":["true"]}', ['dangling'])]).toEqual([['dangling', ['true']]]);
		expect(() => parseFilters('{"color":["red"]}', ['dangling'])).toThrow("invalid filter 'color'");
		expect(() => parseFilters('{not json', ['dangling'])).toThrow(/not JSON/);
	});

	test.each([
		['microsoft/*', 'microsoft/aspnet', true],
		['microsoft/*', 'microsoft/team/app', false],
		['*', 'busybox', true],
		['micro?oft/iis', 'microsoft/iis', true],
		['[a-m]*', 'django', true],
		['[^a-m]*', 'django', false],
		['microsoft/[ap]*', 'microsoft/php', true],
		['microsoft/[ap]*', 'microsoft/iis', false],
		['a\\*b', 'a*b', true],
		['a\\*b', 'axb', false],
		['app.v1', 'appxv1', false],
		['windowsservercore:*', 'windowsservercore:latest', true],
	])('path.Match(%s, %s) is %s', (pattern, name, expected) => {
		expect(pathMatch(pattern, name)).toBe(expected);
	});

	test('an unclosed class is docker\'s syntax error', () => {
		expect(() => pathMatch('[abc', 'a')).toThrow('syntax error in pattern');
	});
});

describe('pull events as docker\'s progress messages', () => {
	test('the tag line, a layer\'s words, its download counts', () => {
		expect(jsonMessageOf({kind: 'status', message: 'latest: Pulling from microsoft/aspnet'})).toEqual({status: 'Pulling from microsoft/aspnet', id: 'latest'});
		expect(jsonMessageOf({kind: 'status', message: 'Digest: sha256:abc'})).toEqual({status: 'Digest: sha256:abc'});
		expect(jsonMessageOf({kind: 'layer', id: 'f9e8a4cc8f6c', status: 'Pull complete'})).toEqual({status: 'Pull complete', progressDetail: {}, id: 'f9e8a4cc8f6c'});
		const downloading = jsonMessageOf({kind: 'layer', id: 'f9e8a4cc8f6c', status: 'Downloading', current: 500, total: 1000});
		expect(downloading).toMatchObject({status: 'Downloading', progressDetail: {current: 500, total: 1000}, id: 'f9e8a4cc8f6c'});
		expect(downloading.progress).toBe(`[${'='.repeat(25)}>${' '.repeat(25)}]     500B/1kB`);
		expect(jsonMessageOf({kind: 'layer', id: 'x', status: 'Downloading', current: 1_234_567, total: 2_000_000}).progress).toBe(`[${'='.repeat(30)}>${' '.repeat(20)}]  1.235MB/2MB`);
	});
});

describe('store changes as docker\'s events', () => {
	const base = image('base', {tags: ['windowsservercore:latest']});
	const child = image('child', {tags: ['class/app:1'], parent: base.id});

	test('a new tag is a tag of the image; a container made and removed is create and destroy', () => {
		const before = Snapshot.of([base], []);
		const web = container('web', base.id, {imageRef: 'windowsservercore'});
		const after = Snapshot.of([{...base, tags: [...base.tags, 'class/demo:1']}], [web]);
		const events = changeEvents(before, after, new Date('2026-01-02T03:04:05.678Z'));
		expect(events).toEqual([
			{status: 'tag', id: base.id, Type: 'image', Action: 'tag', Actor: {ID: base.id, Attributes: {name: 'class/demo:1'}}, scope: 'local', time: 1_767_323_045, timeNano: 1_767_323_045_678_000_000},
			expect.objectContaining({Type: 'container', Action: 'create', Actor: {ID: web.id, Attributes: {image: 'windowsservercore', name: 'web'}}, from: 'windowsservercore'}),
		]);
		expect(changeEvents(after, before).map(event => `${event.Type} ${event.Action}`)).toEqual(['image untag', 'container destroy']);
	});

	test('a removed image is untagged, then deleted', () => {
		const events = changeEvents(Snapshot.of([base, child], []), Snapshot.of([base], []));
		expect(events.map(event => [event.Action, event.Actor.ID])).toEqual([['untag', child.id], ['delete', child.id]]);
	});
});

test('an image with no name has docker\'s placeholders; a named one its familiar names and repo digests', () => {
	const unnamed = imageSummaryOf(image('dangling'));
	expect(unnamed).toMatchObject({RepoTags: ['<none>:<none>'], RepoDigests: ['<none>@<none>'], ParentId: '', Containers: -1, Labels: null, Created: 1_704_067_200});
	const named = imageSummaryOf(image('named', {tags: ['busybox:latest'], repoDigests: [`docker.io/library/busybox@sha256:${'a'.repeat(64)}`]}));
	expect(named).toMatchObject({RepoTags: ['busybox:latest'], RepoDigests: [`busybox@sha256:${'a'.repeat(64)}`]});
});
