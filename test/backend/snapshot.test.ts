import {describe, expect, test} from 'vitest';
import {Snapshot} from '../../source/core/backend/snapshot.js';
import {NotFoundError} from '../../source/core/errors.js';
import {container, image} from './neutral.js';

/**
 * A snapshot built by hand, as an engine's images/json and containers/json
 * would give it: no store behind it. base ← app ← app-child; base ← tool.
 */
function world() {
	const base = image('base', {tags: ['nanoserver:latest', 'nanoserver:10.0'], created: '2024-01-01T00:00:00Z'});
	const app = image('app', {parent: base.id, tags: ['team/app:v1'], created: '2024-01-02T00:00:00Z', repoDigests: [`docker.io/team/app@sha256:${'d'.repeat(64)}`]});
	const child = image('child', {parent: app.id, tags: [], created: '2024-01-03T00:00:00Z'});
	const tool = image('tool', {parent: base.id, tags: ['tool:1'], created: '2024-01-04T00:00:00Z'});
	const web = container('web', app.id, {status: 'exited', statusText: 'Exited (0) 2 hours ago'});
	const job = container('job', base.id, {status: 'running', created: '2024-03-01T00:00:00Z'});
	const snapshot = Snapshot.of([base, app, child, tool], [web, job]);
	return {snapshot, base, app, child, tool, web, job};
}

describe('the snapshot derives relations once from a neutral model', () => {
	test('tags sorted, children, containers of each image; newest first; a base image is an OS image', () => {
		const {snapshot, base, app, child, tool, web, job} = world();
		expect(snapshot.images.map(entry => entry.id)).toEqual([tool.id, child.id, app.id, base.id]);
		const baseNode = snapshot.byId(base.id)!;
		expect(baseNode.tags).toEqual(['nanoserver:10.0', 'nanoserver:latest']);
		expect(baseNode.children.sort()).toEqual([app.id, tool.id].sort());
		expect(baseNode.containers).toEqual([job.id]);
		expect(baseNode.isOSImage).toBe(true);
		expect(snapshot.byId(app.id)!.containers).toEqual([web.id]);
		expect(snapshot.byId(app.id)!.children).toEqual([child.id]);
		expect(snapshot.byId(app.id)!.isOSImage).toBe(false);
		expect(snapshot.byId(child.id)!.shortId).toBe(child.id.slice(7, 19));
	});

	test('containers newest first, with the engine\'s status text kept and the store\'s derived from the state', () => {
		const {snapshot, web, job} = world();
		expect(snapshot.containers.map(entry => entry.name)).toEqual(['job', 'web']);
		expect(snapshot.container('web').statusText).toBe('Exited (0) 2 hours ago');
		expect(snapshot.container('job').statusText).toBe('Up');
		expect(snapshot.container(web.id.slice(0, 6)).id).toBe(web.id);
		expect(snapshot.container(job.id).imageExists).toBe(true);
		expect(() => snapshot.container('nobody')).toThrow(NotFoundError);
	});

	test('resolve in docker\'s order: full id, reference (default tag latest), repo digest, unique id prefix', () => {
		const {snapshot, base, app, child} = world();
		expect(snapshot.resolve(base.id)).toMatchObject({image: {id: base.id}, byId: true});
		expect(snapshot.resolve(base.id.slice(7))).toMatchObject({image: {id: base.id}, byId: true});
		expect(snapshot.resolve('nanoserver')).toMatchObject({image: {id: base.id}, tag: 'docker.io/library/nanoserver:latest', byId: false});
		expect(snapshot.resolve('docker.io/team/app:v1').image.id).toBe(app.id);
		expect(snapshot.resolve(`team/app@sha256:${'d'.repeat(64)}`).image.id).toBe(app.id);
		expect(snapshot.resolve(child.id.slice(7, 14))).toMatchObject({image: {id: child.id}, byId: true});
		expect(() => snapshot.resolve('team/app:v2')).toThrow('No such image: team/app:v2');
		expect(() => snapshot.resolve(`sha256:${'0'.repeat(64)}`)).toThrow(NotFoundError);
	});

	test('an id prefix two images share is refused as docker refuses it', () => {
		// Ids chosen to share their first hex digit: found by trying words, kept bounded.
		const images = Array.from({length: 40}, (_, index) => image(`prefix ${index}`));
		const first = images[0]!.id.slice(7, 8);
		const twins = images.filter(entry => entry.id.slice(7, 8) === first);
		expect(twins.length).toBeGreaterThan(1);
		expect(() => Snapshot.of(twins, []).resolve(first)).toThrow(`multiple IDs found with provided prefix: ${first}`);
	});

	test('chain walks the parents down to the base; dependents name containers in any state and child images', () => {
		const {snapshot, base, app, child, tool, web, job} = world();
		expect(snapshot.chain(child.id).map(entry => entry.id)).toEqual([child.id, app.id, base.id]);
		expect(snapshot.dependents(app.id)).toEqual([
			{kind: 'container', id: web.id, name: 'web', status: 'exited', statusText: 'stopped'},
			{kind: 'image', id: child.id, tags: []},
		]);
		expect(snapshot.dependents(base.id)).toEqual(expect.arrayContaining([
			{kind: 'container', id: job.id, name: 'job', status: 'running', statusText: 'running'},
			{kind: 'image', id: app.id, tags: ['team/app:v1']},
			{kind: 'image', id: tool.id, tags: ['tool:1']},
		]));
		expect(snapshot.dependents(tool.id)).toEqual([]);
	});

	test('dangling: no tag and no child', () => {
		const {snapshot, child} = world();
		expect(snapshot.dangling().map(entry => entry.id)).toEqual([child.id]);
	});

	test('without() is the snapshot minus some tags and images, the original untouched', () => {
		const {snapshot, base, app} = world();
		const after = snapshot.without(['docker.io/library/nanoserver:latest'], [app.id]);
		expect(after.byId(base.id)!.tags).toEqual(['nanoserver:10.0']);
		expect(after.byId(app.id)).toBeUndefined();
		expect(() => after.resolve('nanoserver:latest')).toThrow(NotFoundError);
		expect(snapshot.byId(base.id)!.tags).toEqual(['nanoserver:10.0', 'nanoserver:latest']);
		expect(snapshot.byId(app.id)).toBeDefined();
	});
});
