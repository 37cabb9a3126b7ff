import {describe, expect, test} from 'vitest';
import {noPowershell, teach, teachingLine, type Action, type Equivalents, type TeachOutcome} from '../source/core/teach.js';

// Every action's pair, checked against the cmdlets' own syntax (Windows Server 2016 TP4's
// Containers module): a PowerShell line does what dockyard did, or says in words there is none.
const pairs: Array<[string, Action, TeachOutcome, Equivalents]> = [
	['images', {kind: 'images'}, 'done', {docker: ['docker images'], powershell: {commands: ['Get-ContainerImage']}}],
	['diff', {kind: 'diff', container: 'web'}, 'done', {docker: ['docker diff web'], powershell: {none: noPowershell.changes}}],
	['analyze', {kind: 'analyze', target: 'app:1'}, 'done', {docker: [], powershell: {none: noPowershell.own}}],
	['search', {kind: 'search', term: 'iis'}, 'done', {docker: ['docker search iis'], powershell: {none: noPowershell.search}}],
	['search, the default', {kind: 'search', term: ''}, 'done', {docker: ['docker search \'*\''], powershell: {none: noPowershell.search}}],
	['pull of a hub image', {kind: 'pull', reference: 'microsoft/iis'}, 'done', {docker: ['docker pull microsoft/iis'], powershell: {none: noPowershell.pull}}],
	['pull of one platform of an index', {kind: 'pull', reference: '127.0.0.1:5000/ns/multi:1', platform: 'linux/arm64'}, 'done', {docker: ['docker pull --platform linux/arm64 127.0.0.1:5000/ns/multi:1'], powershell: {none: noPowershell.platforms}}],
	['push', {kind: 'push', reference: '127.0.0.1:5000/app:v1'}, 'done', {docker: ['docker push 127.0.0.1:5000/app:v1'], powershell: {none: noPowershell.registry}}],
	['login', {kind: 'login', server: 'quay.io', username: 'me'}, 'done', {docker: ['docker login quay.io -u me --password-stdin'], powershell: {none: noPowershell.registry}}],
	['logout', {kind: 'logout'}, 'done', {docker: ['docker logout'], powershell: {none: noPowershell.registry}}],
	['os find', {kind: 'os-find'}, 'done', {docker: ['docker search windowsservercore'], powershell: {commands: ['Install-PackageProvider ContainerProvider -Force', 'Find-ContainerImage']}}],
	['os install, latest', {kind: 'os-install', name: 'NanoServer', repository: 'nanoserver'}, 'done', {docker: ['docker pull nanoserver'], powershell: {commands: ['Install-ContainerImage -Name NanoServer']}}],
	['os install, a version', {kind: 'os-install', name: 'WindowsServerCore', version: '10.0.10586.0', repository: 'windowsservercore'}, 'done', {docker: ['docker pull windowsservercore:10.0.10586.0'], powershell: {commands: ['Install-ContainerImage -Name WindowsServerCore -Version 10.0.10586.0']}}],
	['create', {kind: 'create', image: 'windowsservercore:10.0.10586.0', name: 'web', psImage: 'WindowsServerCore', psVersion: '10.0.10586.0'}, 'done', {docker: ['docker create --name web windowsservercore:10.0.10586.0'], powershell: {commands: ['New-Container -Name web -ContainerImageName WindowsServerCore -ContainerImageVersion 10.0.10586.0']}}],
	['create from an id', {kind: 'create', image: '0123456789ab'}, 'done', {docker: ['docker create 0123456789ab'], powershell: {none: noPowershell.unnamed}}],
	['ps', {kind: 'ps'}, 'done', {docker: ['docker ps -a'], powershell: {commands: ['Get-Container']}}],
	// PowerShell reaches a container's files only through a session into a running one (New-PSSession -ContainerId).
	['cp', {kind: 'cp', source: 'index.html', container: 'web', destination: '/inetpub/'}, 'done', {docker: ['docker cp index.html web:/inetpub/'], powershell: {none: noPowershell.copy}}],
	['rm', {kind: 'rm', container: '475059caef8f', psContainer: 'web'}, 'done', {docker: ['docker rm 475059caef8f'], powershell: {commands: ['Remove-Container -Name web -Force']}}],
	['rm refused (running)', {kind: 'rm', container: 'web'}, 'refused', {docker: ['docker rm web'], powershell: {commands: ['Remove-Container -Name web -Force']}}],
	// New-ContainerImage -ContainerName (not Get-Container with an id: its position 0 is -Name).
	['commit', {kind: 'commit', container: '475059caef8f', repository: 'windowsservercoreiis', psContainer: 'web'}, 'done', {docker: ['docker commit 475059caef8f windowsservercoreiis'], powershell: {commands: ['New-ContainerImage -ContainerName web -Name windowsservercoreiis -Publisher Demo -Version 1.0'], note: 'New-ContainerImage requires -Publisher and -Version; docker commit gives the image neither'}}],
	['commit, untagged', {kind: 'commit', container: '475059caef8f', psContainer: 'web'}, 'done', {docker: ['docker commit 475059caef8f'], powershell: {none: noPowershell.untaggedCommit}}],
	['New-ContainerImage', {kind: 'commit', container: 'web', repository: 'demoimage', publisher: 'Demo', psName: 'DemoImage', version: '1.0'}, 'done', {docker: ['docker commit web demoimage'], powershell: {commands: ['New-ContainerImage -ContainerName web -Name DemoImage -Publisher Demo -Version 1.0']}}],
	['tag', {kind: 'tag', source: 'windowsservercore:10.0.10586.0', target: 'windowsservercore:class'}, 'done', {docker: ['docker tag windowsservercore:10.0.10586.0 windowsservercore:class'], powershell: {none: noPowershell.tags}}],
	['untag', {kind: 'untag', reference: 'windowsservercore:class'}, 'done', {docker: ['docker rmi windowsservercore:class', 'podman untag windowsservercore:class'], powershell: {none: noPowershell.tags}}],
	// The case: a second tag of windowsservercore goes; the base OS image stays. Never Remove-ContainerImage.
	['rmi of one of several tags', {kind: 'rmi', target: 'windowsservercore:class', psName: 'WindowsServerCore', effects: [{kind: 'untag'}]}, 'done', {docker: ['docker rmi windowsservercore:class'], powershell: {none: noPowershell.untag}}],
	['rmi of the image, by Name and Version', {kind: 'rmi', target: 'windowsservercoreiis', effects: [{kind: 'delete', image: {name: 'windowsservercoreiis'}}]}, 'done', {docker: ['docker rmi windowsservercoreiis'], powershell: {commands: ['Get-ContainerImage -Name windowsservercoreiis | Remove-ContainerImage -Force']}}],
	['rmi of a base OS image of two versions', {kind: 'rmi', target: 'windowsservercore:10.0.10514.0', effects: [{kind: 'delete', image: {name: 'WindowsServerCore', version: '10.0.10514.0'}}]}, 'done', {docker: ['docker rmi windowsservercore:10.0.10514.0'], powershell: {commands: ['Get-ContainerImage -Name WindowsServerCore -Version 10.0.10514.0 | Remove-ContainerImage -Force']}}],
	['rmi -f by id', {kind: 'rmi', target: 'b540987a449f', force: true, effects: [{kind: 'delete', image: {name: 'WindowsServerCore', version: '10.0.10586.0'}}]}, 'done', {docker: ['docker rmi -f b540987a449f'], powershell: {commands: ['Get-ContainerImage -Name WindowsServerCore -Version 10.0.10586.0 | Remove-ContainerImage -Force']}}],
	['rmi of a tag and an image', {kind: 'rmi', target: 'a:1', more: ['b:2'], effects: [{kind: 'untag'}, {kind: 'delete', image: {name: 'b'}}]}, 'done', {docker: ['docker rmi a:1 b:2'], powershell: {commands: ['Get-ContainerImage -Name b | Remove-ContainerImage -Force'], note: `a:1: ${noPowershell.untag}`}}],
	['rmi of an image PowerShell cannot name alone', {kind: 'rmi', target: 'app:v1', effects: [{kind: 'delete'}]}, 'done', {docker: ['docker rmi app:v1'], powershell: {none: noPowershell.unnamed}}],
	// Refused: no -Force beside "cannot be forced".
	['rmi refused', {kind: 'rmi', target: 'microsoft/iis', effects: [{kind: 'delete', image: {name: 'IIS'}}]}, 'refused', {docker: ['docker rmi microsoft/iis'], powershell: {commands: ['Get-ContainerImage -Name IIS | Remove-ContainerImage -Force']}}],
	['rmi -f refused', {kind: 'rmi', target: 'microsoft/iis', force: true, effects: [{kind: 'delete', image: {name: 'IIS'}}]}, 'refused', {docker: ['docker rmi -f microsoft/iis'], powershell: {commands: ['Get-ContainerImage -Name IIS | Remove-ContainerImage -Force']}}],
	// An error (nothing there) is taught as what was tried.
	['rmi of nothing', {kind: 'rmi', target: 'nosuch'}, 'error', {docker: ['docker rmi nosuch'], powershell: {commands: ['Get-ContainerImage -Name nosuch | Remove-ContainerImage -Force']}}],
	['pull refused (no base)', {kind: 'pull', reference: 'microsoft/iis'}, 'refused', {docker: ['docker pull microsoft/iis'], powershell: {none: noPowershell.pull}}],
	['history', {kind: 'history', target: 'microsoft/iis'}, 'done', {docker: ['docker history microsoft/iis'], powershell: {commands: ['Get-ContainerImage | select Name, ParentImage'], note: 'PowerShell has no layer history: ParentImage is the parent chain, one image at a time'}}],
	['tree', {kind: 'tree', target: 'windowsservercore', psName: 'WindowsServerCore'}, 'done', {docker: ['docker history windowsservercore', 'docker ps -a --filter ancestor=windowsservercore'], powershell: {commands: ['Get-ContainerImage | select Name, ParentImage', 'Get-ContainerImage -ChildOf (Get-ContainerImage -Name WindowsServerCore)']}}],
	['inspect', {kind: 'inspect', target: 'microsoft/iis:latest', psName: 'IIS'}, 'done', {docker: ['docker inspect microsoft/iis:latest'], powershell: {commands: ['Get-ContainerImage -Name IIS | Format-List *']}}],
	['save', {kind: 'save', file: 'wsc.tar', targets: ['windowsservercore'], images: [{name: 'WindowsServerCore', version: '10.0.10586.0'}]}, 'done', {docker: ['docker save -o wsc.tar windowsservercore'], powershell: {commands: ['Export-ContainerImage -Name WindowsServerCore -Version 10.0.10586.0 -Path wsc.tar']}}],
	['load', {kind: 'load', source: 'wsc.tar'}, 'done', {docker: ['docker load -i wsc.tar'], powershell: {commands: ['Import-ContainerImage -Path wsc.tar']}}],
	['load from stdin', {kind: 'load', source: 'from stdin'}, 'done', {docker: ['docker load'], powershell: {none: noPowershell.stdin}}],
	['prune', {kind: 'prune'}, 'done', {docker: ['docker image prune'], powershell: {none: noPowershell.prune}}],
	['fsck', {kind: 'fsck'}, 'done', {docker: [], powershell: {none: noPowershell.own}}],
	// dockyard copy: what a docker user types for the same move, skopeo's line whenever the store is not one end.
	['copy, store to registry', {kind: 'copy', source: 'dockyard:team/app:1', destination: 'docker://127.0.0.1:5000/team/app:1'}, 'done', {docker: ['docker tag team/app:1 127.0.0.1:5000/team/app:1', 'docker push 127.0.0.1:5000/team/app:1'], powershell: {none: noPowershell.registry}}],
	['copy, registry to registry', {kind: 'copy', source: 'docker://a.lan/x:1', destination: 'docker://b.lan/x:1', all: true}, 'done', {docker: ['docker buildx imagetools create --tag b.lan/x:1 a.lan/x:1', 'skopeo copy --all docker://a.lan/x:1 docker://b.lan/x:1'], powershell: {none: noPowershell.registry}}],
	['copy, engine to a docker archive', {kind: 'copy', source: 'docker-daemon:iis:1', destination: 'docker-archive:iis.tar'}, 'done', {docker: ['docker save -o iis.tar iis:1', 'skopeo copy docker-daemon:iis:1 docker-archive:iis.tar'], powershell: {commands: ['Export-ContainerImage -Name iis -Path iis.tar']}}],
	['copy of one platform, store to an OCI archive', {kind: 'copy', source: 'dockyard:ns/multi:1', destination: 'oci-archive:arm.tar', platform: 'linux/arm64'}, 'done', {docker: ['docker save --platform linux/arm64 -o arm.tar ns/multi:1'], powershell: {none: noPowershell.platforms}}],
	['copy of one platform, engine to a registry', {kind: 'copy', source: 'docker-daemon:ns/multi:1', destination: 'docker://127.0.0.1:5000/ns/arm:1', platform: 'linux/arm64'}, 'done', {docker: ['docker tag ns/multi:1 127.0.0.1:5000/ns/arm:1', 'docker push --platform linux/arm64 127.0.0.1:5000/ns/arm:1'], powershell: {none: noPowershell.platforms}}],
	['copy of one platform, store to the engine', {kind: 'copy', source: 'dockyard:ns/multi:1', destination: 'docker-daemon:ns/multi:1', platform: 'linux/arm64'}, 'done', {docker: ['docker save --platform linux/arm64 ns/multi:1 | docker load'], powershell: {none: noPowershell.platforms}}],
	['copy, store to an OCI archive', {kind: 'copy', source: 'dockyard:iis:1', destination: 'oci-archive:iis.tar'}, 'done', {docker: ['docker save -o iis.tar iis:1'], powershell: {none: noPowershell.ociLayouts}}],
	['copy, store to an OCI layout', {kind: 'copy', source: 'dockyard:iis:1', destination: 'oci:./layout:iis'}, 'done', {docker: ['# docker has no equivalent: it reads and writes no OCI layout directory (oci:), only its engine\'s images, registries and tar archives'], powershell: {none: noPowershell.ociLayouts}}],
	['copy, store to the engine', {kind: 'copy', source: 'dockyard:iis:1', destination: 'docker-daemon:iis:1'}, 'done', {docker: ['docker save iis:1 | docker load'], powershell: {none: noPowershell.send}}],
	['copy, store to the store under another name', {kind: 'copy', source: 'dockyard:iis:1', destination: 'dockyard:iis:class'}, 'done', {docker: ['docker tag iis:1 iis:class'], powershell: {none: noPowershell.tags}}],
	['copy, registry to the engine', {kind: 'copy', source: 'docker://a.lan/x:1', destination: 'docker-daemon:x:1'}, 'done', {docker: ['docker pull a.lan/x:1', 'docker tag a.lan/x:1 x:1', 'skopeo copy docker://a.lan/x:1 docker-daemon:x:1'], powershell: {none: noPowershell.registry}}],
	['copy, a docker archive to the engine', {kind: 'copy', source: 'docker-archive:iis.tar:iis:1', destination: 'docker-daemon:iis:1'}, 'done', {docker: ['docker load -i iis.tar', 'skopeo copy docker-archive:iis.tar:iis:1 docker-daemon:iis:1'], powershell: {commands: ['Import-ContainerImage -Path iis.tar']}}],
	['copy, a docker archive to a registry', {kind: 'copy', source: 'docker-archive:iis.tar:iis:1', destination: 'docker://a.lan/iis:1'}, 'done', {docker: ['docker load -i iis.tar', 'docker tag iis:1 a.lan/iis:1', 'docker push a.lan/iis:1', 'skopeo copy docker-archive:iis.tar:iis:1 docker://a.lan/iis:1'], powershell: {none: noPowershell.registry}}],
	['copy, archive to archive', {kind: 'copy', source: 'docker-archive:a.tar:iis:1', destination: 'docker-archive:b.tar'}, 'done', {docker: ['docker load -i a.tar', 'docker save -o b.tar iis:1', 'skopeo copy docker-archive:a.tar:iis:1 docker-archive:b.tar'], powershell: {none: noPowershell.fileToFile}}],
	['copy, no place', {kind: 'copy', source: 'dockyard:iis:1', destination: '127.0.0.1:5000/x'}, 'done', {docker: [], powershell: {none: noPowershell.places}}],
];

describe('every action\'s teaching pair', () => {
	test.each(pairs)('%s', (_name, action, outcome, expected) => {
		expect(teach(action, undefined, outcome)).toEqual(expected);
	});

	test('no pair names a parameter the cmdlets do not have', () => {
		const lines = pairs.flatMap(([, action, outcome]) => {
			const {powershell} = teach(action, undefined, outcome);
			return 'commands' in powershell ? powershell.commands : [];
		});
		// Windows PowerShell 5.1's New-PSSession takes -ContainerId; the Containers cmdlets take -ContainerName or -Name.
		expect(lines.join('\n')).not.toMatch(/New-PSSession -ContainerName|Get-Container [\da-f]{12}|Save-ContainerImage .*-Path/);
		expect(noPowershell.copy).toContain('New-PSSession -ContainerId');
	});

	test('a copy is taught in the engine\'s own docker prefix; skopeo\'s line is left as it is', () => {
		expect(teach({kind: 'copy', source: 'docker-daemon:app:1', destination: 'docker://r.lan/app:1'}, {docker: 'docker -H ssh://me@box'}).docker).toEqual([
			'docker -H ssh://me@box tag app:1 r.lan/app:1',
			'docker -H ssh://me@box push r.lan/app:1',
			'skopeo copy docker-daemon:app:1 docker://r.lan/app:1',
		]);
	});

	test('the teaching bar says "no equivalent" in words, never an empty PS line', () => {
		expect(teachingLine(teach({kind: 'tag', source: 'a', target: 'b'}))).toBe(`$ docker tag a b   PS: ${noPowershell.tags}`);
		expect(teachingLine(teach({kind: 'rmi', target: 'a:1', effects: [{kind: 'untag'}]}))).not.toContain('Remove-ContainerImage -Force');
	});
});
