import {expect, test} from 'vitest';
import {snapshotImage} from '../../source/core/backend/snapshot.js';
import {sortedImageRows} from '../../source/ui/image-rows.js';

// PowerShell's Sort-Object does not sort capitals first: the PowerShell view's name sort is without regard to case.
test('the PowerShell columns sort names without regard to case; docker\'s stay in byte order', () => {
	const image = (index: number, title: string) => snapshotImage({id: `sha256:${String(index).repeat(64)}`, tags: [`${title.toLowerCase()}:latest`], repoDigests: [], created: '2026-01-01T00:00:00Z', size: 1, title});
	const images = [image(1, 'nanoserver'), image(2, 'WindowsServerCore'), image(3, 'NanoServer'), image(4, 'apache')];
	expect(sortedImageRows(images, {powershell: true, sort: 'name'}).map(row => row.name)).toEqual(['apache', 'NanoServer', 'nanoserver', 'WindowsServerCore']);
	expect(sortedImageRows(images, {powershell: false, sort: 'name'}).map(row => row.name)).toEqual(['apache:latest', 'nanoserver:latest', 'nanoserver:latest', 'windowsservercore:latest']);
});
