import {describe, expect, test} from 'vitest';
import {planBatch, planRemoval, refusalError, rules} from '../../source/core/backend/removal.js';
import {Snapshot} from '../../source/core/backend/snapshot.js';
import {container, image} from './neutral.js';

/** base ← app (two tags) ← child; base ← lone; a stopped container on app's sibling `used`. */
function world() {
	const base = image('base', {tags: ['base:1']});
	const middle = image('middle', {parent: base.id, tags: [], created: '2024-01-02T00:00:00Z'});
	const app = image('app', {parent: middle.id, tags: ['team/app:v1', 'team/app:v2'], created: '2024-01-03T00:00:00Z'});
	const child = image('child', {parent: app.id, tags: ['team/child:1'], created: '2024-01-04T00:00:00Z'});
	const used = image('used', {parent: base.id, tags: ['team/used:1'], created: '2024-01-05T00:00:00Z'});
	const lone = image('lone', {parent: middle.id, tags: ['team/lone:1'], created: '2024-01-06T00:00:00Z'});
	const stopped = container('stopped-one', used.id, {status: 'exited'});
	const fresh = container('fresh-one', used.id, {status: 'created', created: '2024-02-02T00:00:00Z'});
	const running = container('running-one', child.id, {status: 'running'});
	return {base, middle, app, child, used, lone, stopped, fresh, running, snapshot: Snapshot.of([base, middle, app, child, used, lone], [stopped, fresh, running])};
}

describe('the removal plan, on a neutral snapshot', () => {
	test('containers in any state stop a removal, each named, with docker\'s words', () => {
		const {snapshot, used, stopped, fresh} = world();
		const plan = planRemoval(snapshot, 'team/used:1');
		expect(plan.allowed).toBe(false);
		if (plan.allowed) {
			return;
		}

		expect(plan.message).toBe(`conflict: unable to delete ${used.id.slice(7, 19)} (cannot be forced) - image is being used by stopped container ${fresh.id.slice(0, 12)}; image is being used by stopped container ${stopped.id.slice(0, 12)}`);
		expect(plan.dependents.map(dependent => dependent.kind === 'container' && dependent.name).sort()).toEqual(['fresh-one', 'stopped-one']);
		expect(plan.rule).toBe(rules.containers);
		// -f changes nothing: a dependent is never forced.
		expect(planRemoval(snapshot, 'team/used:1', {force: true}).allowed).toBe(false);
	});

	test('a child image stops its parent\'s removal and is named with its tags', () => {
		const {snapshot, app, child} = world();
		const plan = planRemoval(snapshot, app.id, {force: true});
		expect(plan).toMatchObject({allowed: false, rule: rules.children, dependents: [{kind: 'image', id: child.id, tags: ['team/child:1']}]});
		expect(plan.allowed === false && plan.message).toContain(`image has dependent child images: ${child.id.slice(7, 19)} (team/child:1)`);
	});

	test('a running container is named as running', () => {
		const {snapshot, running} = world();
		const plan = planRemoval(snapshot, 'team/child:1');
		expect(plan.allowed === false && plan.message).toContain(`image is being used by running container ${running.id.slice(0, 12)}`);
	});

	test('naming one of several tags only untags it, whatever depends on the image', () => {
		const {snapshot} = world();
		expect(planRemoval(snapshot, 'team/app:v1')).toEqual({allowed: true, untag: ['docker.io/team/app:v1'], delete: [], untagged: ['team/app:v1'], deleted: []});
	});

	test('an id naming an image of several repositories is refused unless forced', () => {
		const base = image('base');
		const twin = image('twin', {parent: base.id, tags: ['one/app:1', 'two/app:1']});
		const snapshot = Snapshot.of([base, twin], []);
		expect(planRemoval(snapshot, twin.id)).toMatchObject({allowed: false, rule: rules.multipleTags, message: `conflict: unable to delete ${twin.id.slice(7, 19)} (must be forced) - image is referenced in multiple repositories`, dependents: []});
		expect(planRemoval(snapshot, twin.id, {force: true})).toMatchObject({allowed: true, untag: ['docker.io/one/app:1', 'docker.io/two/app:1'], delete: [twin.id, base.id]});
	});

	test('untagged parents left with nothing go too, unless --no-prune', () => {
		const base = image('base', {tags: ['base:1']});
		const middle = image('middle', {parent: base.id});
		const top = image('top', {parent: middle.id, tags: ['top:1']});
		const snapshot = Snapshot.of([base, middle, top], []);
		expect(planRemoval(snapshot, 'top:1')).toMatchObject({allowed: true, delete: [top.id, middle.id], untagged: ['top:1']});
		expect(planRemoval(snapshot, 'top:1', {prune: false})).toMatchObject({allowed: true, delete: [top.id]});
	});
});

describe('several targets are one decision', () => {
	test('two tags of one image in one batch delete it, where either alone would only untag', () => {
		const base = image('base', {tags: ['base:1']});
		const app = image('app', {parent: base.id, tags: ['team/app:v1', 'team/app:v2']});
		const snapshot = Snapshot.of([base, app], []);
		const plan = planBatch(snapshot, ['team/app:v1', 'team/app:v2']);
		expect(plan).toEqual({
			allowed: true,
			targets: ['team/app:v1', 'team/app:v2'],
			untag: ['docker.io/team/app:v1', 'docker.io/team/app:v2'],
			delete: [app.id],
			untagged: ['team/app:v1', 'team/app:v2'],
			deleted: [app.id],
		});
		// Planning changed nothing.
		expect(snapshot.byId(app.id)!.tags).toEqual(['team/app:v1', 'team/app:v2']);
	});

	test('any refusal refuses the whole batch, naming each refused target and its dependents', () => {
		const {snapshot, used, stopped} = world();
		const plan = planBatch(snapshot, ['team/lone:1', 'team/used:1', 'base:1']);
		expect(plan.allowed).toBe(false);
		if (plan.allowed) {
			return;
		}

		expect(plan.refusals.map(refusal => refusal.target)).toEqual(['team/used:1', 'base:1']);
		expect(plan.refusals[0]!.dependents.some(dependent => dependent.id === stopped.id)).toBe(true);
		const error = refusalError(plan.refusals);
		expect(error.message).toContain(`unable to delete ${used.id.slice(7, 19)}`);
		expect(error.details).toContain(`container ${stopped.id.slice(0, 12)} (stopped-one, stopped)`);
	});

	test('a target an earlier one already took with it (an untagged parent) is skipped, not refused', () => {
		const base = image('base', {tags: ['base:1']});
		const middle = image('middle', {parent: base.id});
		const top = image('top', {parent: middle.id, tags: ['top:1']});
		const plan = planBatch(Snapshot.of([base, middle, top], []), ['top:1', middle.id]);
		expect(plan).toMatchObject({allowed: true, targets: ['top:1'], delete: [top.id, middle.id]});
	});

	test('removing a child then its parent in one batch is allowed: the parent is planned on what the child leaves', () => {
		const base = image('base', {tags: ['base:1']});
		const app = image('app', {parent: base.id, tags: ['app:1']});
		const plan = planBatch(Snapshot.of([base, app], []), ['app:1', 'base:1']);
		expect(plan).toMatchObject({allowed: true, delete: [app.id, base.id]});
		expect(planBatch(Snapshot.of([base, app], []), ['base:1', 'app:1']).allowed).toBe(false);
	});
});
