import {expect, test} from 'vitest';
import {inContext, storeTeaching, teach} from '../../source/core/teach.js';

test('the teaching line types docker as the user would against the backend: plain for the store, -H or --context for an engine', () => {
	const rmi = {kind: 'rmi', target: 'team/app:v1', psName: 'App'} as const;
	expect(teach(rmi)).toEqual({docker: ['docker rmi team/app:v1'], powershell: {commands: ['Get-ContainerImage -Name App | Remove-ContainerImage -Force']}});
	expect(teach(rmi, storeTeaching)).toEqual(teach(rmi));
	expect(teach(rmi, {docker: 'docker -H unix:///run/podman.sock'}).docker).toEqual(['docker -H unix:///run/podman.sock rmi team/app:v1']);
	expect(teach(rmi, {docker: 'docker --context podman'}).powershell).toEqual(teach(rmi).powershell);
	// podman's own line is not docker's: left as it is; a line already in context is not prefixed twice.
	expect(teach({kind: 'untag', reference: 'a:1'}, {docker: 'docker --context podman'}).docker).toEqual(['docker --context podman rmi a:1', 'podman untag a:1']);
	const once = inContext(teach(rmi), {docker: 'docker --context podman'});
	expect(inContext(once, {docker: 'docker --context podman'})).toEqual(once);
	// One removal of several images: one docker rmi naming them all.
	expect(teach({kind: 'rmi', target: 'a:1', more: ['b:2']}).docker).toEqual(['docker rmi a:1 b:2']);
});
